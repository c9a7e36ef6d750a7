// Loaded with LD_PRELOAD into a release build of vton: records, in order of first use, every
// page of the executable's code that the process runs. The whole code segment is made
// inaccessible before the program starts; each first touch of a page traps here, the page
// is recorded and opened again. Unlike counting page faults, this sees every page: the
// kernel maps code 64 KiB around each fault, which hides all but one page in sixteen.
// The pages (as offsets from the executable's load address) are written one per line to
// $VTON_TRACE_PAGES when the process exits.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { page_size = 4096, max_pages = 1 << 20 };

static uintptr_t load_address, code_start, code_end;
static uint32_t touched[max_pages];
static atomic_uint touched_count;

static void on_fault(int signal, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    if (address < code_start || address >= code_end) {
        // Not ours: a real crash, reported as one.
        struct sigaction fallback = {.sa_handler = SIG_DFL};
        sigaction(signal, &fallback, NULL);
        return;
    }
    uintptr_t page = address & ~(uintptr_t)(page_size - 1);
    mprotect((void *)page, page_size, PROT_READ | PROT_EXEC);
    unsigned index = atomic_fetch_add(&touched_count, 1);
    if (index < max_pages) touched[index] = (uint32_t)((page - load_address) / page_size);
}

// The Swift runtime installs its crash handler for SIGSEGV at start-up; that handler would take
// the traps above. Its setup still runs (and is traced); only the handler stays ours.
int sigaction(int signal, const struct sigaction *action, struct sigaction *previous) {
    static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);
    if (!real_sigaction) real_sigaction = dlsym(RTLD_NEXT, "sigaction");
    if (signal == SIGSEGV && action && code_start && action->sa_sigaction != on_fault)
        return real_sigaction(signal, NULL, previous);
    return real_sigaction(signal, action, previous);
}

static void write_pages(void) {
    const char *path = getenv("VTON_TRACE_PAGES");
    FILE *file = path ? fopen(path, "w") : NULL;
    if (!file) return;
    unsigned count = atomic_load(&touched_count);
    for (unsigned index = 0; index < count && index < max_pages; index++)
        fprintf(file, "%x\n", touched[index] * page_size);
    fclose(file);
}

// Finds the executable's mappings: the lowest one is its load address, the executable one
// its code.
static int find_code(void) {
    char executable[4096];
    ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    if (length <= 0) return -1;
    executable[length] = 0;
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return -1;
    char line[8192];
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char permissions[8];
        int path_at = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, permissions, &path_at) < 3) continue;
        char *path = line + path_at;
        path[strcspn(path, "\n")] = 0;
        if (strcmp(path, executable) != 0) continue;
        if (!load_address || start < load_address) load_address = start;
        if (permissions[2] == 'x') code_start = start, code_end = end;
    }
    fclose(maps);
    return code_start ? 0 : -1;
}

__attribute__((constructor)) static void start_tracing(void) {
    if (find_code() != 0) {
        fputs("trace-pages: no executable code mapping found\n", stderr);
        return;
    }
    struct sigaction action = {.sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_NODEFER};
    sigaction(SIGSEGV, &action, NULL);
    atexit(write_pages);
    mprotect((void *)code_start, code_end - code_start, PROT_NONE);
}
