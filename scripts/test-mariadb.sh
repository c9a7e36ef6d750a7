#!/usr/bin/env bash
# Runs a command with a throw-away MariaDB server on loopback, exported to it as
# VTON_TEST_MARIADB_URL. The server runs as the `mysql` system user when started as root.
set -euo pipefail
[ "${1:-}" = run ] || { echo "usage: $0 run <command…>" >&2; exit 2; }
shift

command -v mariadb-install-db >/dev/null && [ -x /usr/sbin/mariadbd ] \
  || { echo "MariaDB is not installed (apt-get install mariadb-server)" >&2; exit 1; }
port=${VTON_TEST_MARIADB_PORT:-3307}
dir=$(mktemp -d /tmp/vton-mariadb.XXXXXX)
user=$(id -un)
if [ "$(id -u)" = 0 ]; then user=mysql; chown mysql "$dir"; fi

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

# A self-signed certificate, so that a test can ask for TLS (`?tls=require`) and see it refused
# where the certificate must be trusted (`?tls=verify`); the suite's own URL does not ask.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=vton-test-mariadb" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; exit 1; }
if [ "$(id -u)" = 0 ]; then chown mysql "$dir/key.pem" "$dir/cert.pem"; fi

mariadb-install-db --user="$user" --datadir="$dir/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
# Durability traded for speed, as the PostgreSQL of the tests runs with fsync off.
/usr/sbin/mariadbd --no-defaults --user="$user" --datadir="$dir/data" --socket="$dir/sock" --pid-file="$dir/pid" \
  --bind-address=127.0.0.1 --port="$port" --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
  --innodb-buffer-pool-size=256M --max-connections=500 --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
  --ssl-cert="$dir/cert.pem" --ssl-key="$dir/key.pem" \
  --log-error="$dir/log" >>"$dir/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  mariadb-admin --socket="$dir/sock" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "MariaDB did not start; its log:" >&2; cat "$dir/log" >&2; exit 1; }
  sleep 0.2
done
mariadb --socket="$dir/sock" -uroot -e "CREATE DATABASE vton_test; CREATE USER vton@'127.0.0.1' IDENTIFIED BY 'vton'; GRANT ALL ON *.* TO vton@'127.0.0.1'"

export VTON_TEST_MARIADB_URL="mysql://vton:vton@127.0.0.1:$port/vton_test"
"$@"
