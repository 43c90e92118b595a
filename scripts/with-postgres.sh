#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL: installs Debian's postgresql when missing (as root),
# starts a cluster in a temp dir on a free loopback port, exports TEST_DATABASE_URL, runs the command,
# and always stops the cluster. Exits with the command's status.
#   scripts/with-postgres.sh npx vitest run tests/store
set -euo pipefail
# apt-get, runuser and friends live in the sbin directories, which a minimal PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh <command…>" >&2
  exit 64
fi

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

PG_BIN="$(find_bin || true)"
if [ -z "$PG_BIN" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "with-postgres: PostgreSQL is not installed and this is not root; install Debian's postgresql package first" >&2
    exit 1
  fi
  echo "with-postgres: installing Debian's postgresql…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  PG_BIN="$(find_bin)"
fi

PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")"
# initdb and postgres refuse to run as root: as root, run them as the postgres OS user.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PG_DIR"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT INT TERM

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null \
  || python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')"

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0" >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') at 127.0.0.1:$PORT" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
