#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on loopback, exported to it as
# VTON_TEST_POSTGRES_URL. PostgreSQL refuses to run as root, so the cluster belongs to
# the `postgres` system user.
set -euo pipefail
[ "${1:-}" = run ] || { echo "usage: $0 run <command…>" >&2; exit 2; }
shift

initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
[ -n "$initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
bindir=$(dirname "$initdb")
port=${VTON_TEST_POSTGRES_PORT:-55432}
dir=$(mktemp -d /tmp/vton-pg.XXXXXX)
chown postgres "$dir"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

cleanup() { as_postgres "$bindir/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT

as_postgres "$bindir/initdb -D $dir/data -A trust -U postgres" >/dev/null
start() { as_postgres "$bindir/pg_ctl -D $dir/data -l $dir/log -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' -w start" >/dev/null; }
# A start can fail while a previous run's server is still letting go of the port: try once more,
# and say why when it fails again.
if ! start; then
  sleep 2
  start || { echo "PostgreSQL did not start; its log:" >&2; cat "$dir/log" >&2; exit 1; }
fi
as_postgres "$bindir/psql -h 127.0.0.1 -p $port -U postgres -qc 'CREATE DATABASE vton_test'"

export VTON_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/vton_test"
"$@"
