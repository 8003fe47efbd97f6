#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: its own cluster in a fresh folder,
# listening on 127.0.0.1:PORT only, with database and user `exportjobs` (password `exportjobs`).
#   scripts/postgres.sh start --port 15432 --state-dir DIR
#   scripts/postgres.sh stop  --state-dir DIR
# PostgreSQL refuses to run as root, so as root the cluster is owned by and run as `postgres`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CMD="${1:-}"; shift || true
PORT=15432
STATE_DIR="$ROOT/target/test-servers"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
DIR_FILE="$STATE_DIR/postgres.dir"

run_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  ensure_postgres
  mkdir -p "$STATE_DIR"
  port_in_use "$PORT" && die "port $PORT is already in use"
  # outside the work tree, so the postgres user can reach it whatever the tree's permissions
  local data
  data="$(mktemp -d /tmp/exportjobs-pg.XXXXXX)"
  echo "$data" >"$DIR_FILE"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$data"
  run_pg "$PG_BIN/initdb" -D "$data/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
    || { cat "$data/initdb.log" >&2; die "initdb failed"; }
  run_pg "$PG_BIN/pg_ctl" -D "$data/data" -l "$data/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { tail -30 "$data/postgres.log" >&2; die "PostgreSQL did not start"; }
  run_pg psql -h 127.0.0.1 -p "$PORT" -U postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE USER exportjobs PASSWORD 'exportjobs'" \
    -c "CREATE DATABASE exportjobs OWNER exportjobs" >/dev/null
  log "PostgreSQL is up on 127.0.0.1:$PORT (data $data)"
}

stop() {
  [[ -f $DIR_FILE ]] || return 0
  local data
  data="$(cat "$DIR_FILE")"
  ensure_postgres
  if [[ -d $data/data ]]; then
    run_pg "$PG_BIN/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
  fi
  rm -f "$DIR_FILE"
  log "PostgreSQL stopped"
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop [--port N] [--state-dir DIR]" ;;
esac
