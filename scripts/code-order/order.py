#!/usr/bin/env python3
"""Turns the pages trace-pages.c recorded into a linker symbol order: the functions on each
page, pages in order of first use. Functions never run are left to the linker, after these.

    order.py BINARY PAGES > ORDER
"""

import bisect
import subprocess
import sys

PAGE = 4096


def functions(binary: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every function in the binary, by address."""
    listing = subprocess.run(["llvm-nm", "--defined-only", "--print-size", "--numeric-sort", binary],
                             check=True, capture_output=True, text=True).stdout
    found = []
    for line in listing.splitlines():
        fields = line.split(maxsplit=3)
        if len(fields) == 4 and fields[2] in "tTwW":
            start, size = int(fields[0], 16), int(fields[1], 16)
            found.append((start, start + max(size, 1), fields[3]))
    return found


def main() -> None:
    binary, pages_path = sys.argv[1:3]
    table = functions(binary)
    starts = [start for start, _, _ in table]
    ordered, seen = [], set()
    for line in open(pages_path):
        page = int(line, 16)
        # A function that begins on an earlier page may run on into this one.
        index = max(bisect.bisect_right(starts, page) - 1, 0)
        while index < len(table) and table[index][0] < page + PAGE:
            start, end, name = table[index]
            if end > page and name not in seen:
                seen.add(name)
                ordered.append(name)
            index += 1
    sys.stdout.write("".join(name + "\n" for name in ordered))


if __name__ == "__main__":
    main()
