#!/bin/bash
# Runs a release build of vton once under trace-pages.c (start-up, a short session, shutdown)
# and writes the order its functions should be linked in.
#   scripts/code-order/trace.sh BINARY ORDER
set -euo pipefail
binary=$(realpath "$1")
order=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -shared -fPIC -O2 -o "$work/trace-pages.so" "$here/trace-pages.c" -ldl
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
env -i PATH="$PATH" HOME="$work" LD_PRELOAD="$work/trace-pages.so" VTON_TRACE_PAGES="$work/pages" \
    VTON_DATA_DIR="$work/data" VTON_HOST=127.0.0.1 VTON_PORT="$port" VTON_PUBLIC_DIR="$here/../../Public" \
    VTON_ADMIN_PASSWORD=trace-pages-1 VTON_EMULATOR_LATENCY_MS=0 \
    "$binary" serve --log-level warning >"$work/log" 2>&1 &
server=$!
for _ in $(seq 300); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
# A browser's first visit, then a signed-in user who generates an image and looks at it.
for path in / /js/app.js /css/app.css /healthz /metrics /openapi.json /api/v1/images; do
    curl -s -o /dev/null --compressed "$base$path" || true
done
token=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"trace-pages-1"}' \
    "$base/api/v1/base/access_token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["access_token"])')
auth=(-H "Authorization: Bearer $token")
curl -sf -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -d '{"prompt":"a red coat on a hanger"}' \
    "$base/api/v1/images/generate"
generated=no
for _ in $(seq 100); do
    curl -sf "${auth[@]}" "$base/api/v1/images?limit=20" | grep -q '"succeeded"' && generated=yes && break
    sleep 0.1
done
[ $generated = yes ] || echo "trace.sh: the image was not generated; ordering what ran" >&2
curl -s -o /dev/null "${auth[@]}" "$base/api/v1/base/userinfo"
sleep 2
kill -TERM "$server"
wait "$server" || { cat "$work/log" >&2; exit 1; }
python3 "$here/order.py" "$binary" "$work/pages" >"$order"
echo "$(wc -l <"$work/pages") pages of code run, $(wc -l <"$order") functions ordered"
