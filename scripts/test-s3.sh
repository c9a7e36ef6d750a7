#!/usr/bin/env bash
# Runs a command with a throw-away S3 server on loopback (moto's, from `pip install moto[server]`)
# and a bucket on it, exported as VTON_TEST_S3_URL (s3://bucket) and VTON_TEST_S3_ENDPOINT.
set -euo pipefail
[ "${1:-}" = run ] || { echo "usage: $0 run <command…>" >&2; exit 2; }
shift

command -v moto_server >/dev/null || { echo "moto_server is not installed (python3 -m pip install 'moto[server]')" >&2; exit 1; }
# A free port: bound by the kernel's choice, then let go for moto to take.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/vton-s3.XXXXXX.log)
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto=$!
cleanup() { kill "$moto" 2>/dev/null || true; wait "$moto" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT

endpoint="http://127.0.0.1:$port"
bucket=vton-test
# moto checks no signature, so the bucket is made with a plain PUT once the server answers.
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request as u; u.urlopen(u.Request('$endpoint/$bucket', method='PUT'), timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$moto" 2>/dev/null || { echo "moto_server did not start; its log:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.2
done
python3 -c "import urllib.request as u; u.urlopen(u.Request('$endpoint/$bucket', method='HEAD'), timeout=1)" \
  || { echo "moto_server did not answer on $endpoint; its log:" >&2; cat "$log" >&2; exit 1; }

export VTON_TEST_S3_URL="s3://$bucket"
export VTON_TEST_S3_ENDPOINT="$endpoint"
status=0
"$@" || status=$?
# The log goes with the server: a failed run shows moto's own errors (a 500's traceback) first.
# Some are expected: writers of one key race inside moto, and the client retries those 500s.
if [ "$status" != 0 ] && grep -q '^Traceback' "$log"; then
  echo "moto_server answered $(grep -c '" 5[0-9][0-9] -' "$log") requests with 5xx; its last errors:" >&2
  grep -A 40 '^Traceback' "$log" | tail -n 60 >&2
fi
exit "$status"
