#!/usr/bin/env bash
# Starts, stops and reports a local Temporal dev server (`temporal server start-dev`).
#
#   scripts/temporal-dev.sh start|stop|status|foreground [options]
#     --port N        front-end gRPC port   (default $TEMPORAL_PORT or 7233)
#     --ui-port N     Web UI port           (default $TEMPORAL_UI_PORT or 8233)
#     --db-file PATH  SQLite file to keep state across restarts (default $TEMPORAL_DB_FILE, else in memory)
#     --pid-file PATH (default $ROOT/target/temporal-dev/PORT.pid)
#     --log-file PATH (default $ROOT/target/temporal-dev/PORT.log)
#     --ui-codec-endpoint URL  codec server the Web UI decodes payloads with, e.g.
#                     http://127.0.0.1:8080/codec (default $TEMPORAL_UI_CODEC_ENDPOINT; none)
#
# Every listener is on 127.0.0.1, and the ones start-dev would otherwise pick at random
# derive from the gRPC port (HTTP API = port+10, metrics = port+20), so a test server on
# 17233/18233 never collides with `make run` on 7233/8233.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The contract's search attributes, registered at every start (a no-op when they exist).
SEARCH_ATTRIBUTES=(ExportTenant=Keyword ExportType=Keyword ExportStatus=Keyword
  ExportScheduleId=Keyword ExportExpiresAt=Datetime)
START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-60}"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

[[ $# -ge 1 ]] || usage
CMD="$1"; shift
PORT="${TEMPORAL_PORT:-7233}"
UI_PORT="${TEMPORAL_UI_PORT:-8233}"
DB_FILE="${TEMPORAL_DB_FILE:-}"
PID_FILE=""
LOG_FILE=""
UI_CODEC_ENDPOINT="${TEMPORAL_UI_CODEC_ENDPOINT:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --ui-port) UI_PORT="$2"; shift 2 ;;
    --db-file) DB_FILE="$2"; shift 2 ;;
    --pid-file) PID_FILE="$2"; shift 2 ;;
    --log-file) LOG_FILE="$2"; shift 2 ;;
    --ui-codec-endpoint) UI_CODEC_ENDPOINT="$2"; shift 2 ;;
    *) usage ;;
  esac
done
PID_FILE="${PID_FILE:-$ROOT/target/temporal-dev/$PORT.pid}"
LOG_FILE="${LOG_FILE:-$ROOT/target/temporal-dev/$PORT.log}"
ADDRESS="127.0.0.1:$PORT"

server_args() {
  local args=(server start-dev --ip 127.0.0.1 --ui-ip 127.0.0.1 --port "$PORT" --ui-port "$UI_PORT"
    --http-port $((PORT + 10)) --metrics-port $((PORT + 20))
    --ui-disable-news-fetch --log-level "${TEMPORAL_LOG_LEVEL:-warn}")
  local sa
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$sa"); done
  [[ -z $DB_FILE ]] || args+=(--db-filename "$DB_FILE")
  [[ -z $UI_CODEC_ENDPOINT ]] || args+=(--ui-codec-endpoint "$UI_CODEC_ENDPOINT")
  printf '%s\n' "${args[@]}"
}

# The pid in the pid file, if that process is still a dev server (guards against pid reuse).
running_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ -n $pid ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q 'server start-dev' || return 1
  echo "$pid"
}

healthy() {
  "$TEMPORAL_BIN" operator namespace describe --address "$ADDRESS" --namespace default \
    --command-timeout 3s >/dev/null 2>&1
}

log_tail() {
  echo "---- last lines of $LOG_FILE ----" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
}

start() {
  local pid waited=0 args
  if pid="$(running_pid)"; then die "a dev server is already running (pid $pid, $PID_FILE)"; fi
  for p in "$PORT" "$UI_PORT" $((PORT + 10)) $((PORT + 20)); do
    ! port_in_use "$p" || die "port 127.0.0.1:$p is already in use; choose other ports (TEMPORAL_PORT / TEMPORAL_UI_PORT)"
  done
  mkdir -p "$(dirname "$PID_FILE")" "$(dirname "$LOG_FILE")"
  [[ -z $DB_FILE ]] || mkdir -p "$(dirname "$DB_FILE")"
  mapfile -t args < <(server_args)
  log "starting Temporal dev server on $ADDRESS, Web UI http://127.0.0.1:$UI_PORT (${DB_FILE:-in-memory}), log $LOG_FILE"
  # setsid: own session and process group, so Ctrl-C in the caller's terminal doesn't hit
  # it directly and `stop` can end the whole group.
  setsid "$TEMPORAL_BIN" "${args[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"; log_tail; die "Temporal dev server exited during start-up"
    fi
    if ((waited >= START_TIMEOUT)); then
      stop; log_tail; die "Temporal dev server not healthy after ${START_TIMEOUT}s"
    fi
    sleep 1; waited=$((waited + 1))
  done
  log "Temporal dev server is up (pid $pid)"
}

stop() {
  local pid
  pid="$(running_pid)" || { rm -f "$PID_FILE"; return 0; }
  stop_process_group "$pid"
  rm -f "$PID_FILE"
  log "Temporal dev server stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)" && healthy; then
    echo "running: pid $pid, $ADDRESS, Web UI http://127.0.0.1:$UI_PORT"
  elif [[ -n ${pid:-} ]]; then
    echo "starting or unhealthy: pid $pid, $ADDRESS"; return 1
  else
    echo "not running ($PID_FILE)"; return 3
  fi
}

case "$CMD" in
  start) ensure_temporal; start ;;
  stop) stop ;;
  status) ensure_temporal; status ;;
  # For debugging: the server in this terminal, its log on stdout, Ctrl-C stops it.
  foreground)
    ensure_temporal
    mapfile -t args < <(server_args)
    exec "$TEMPORAL_BIN" "${args[@]}" ;;
  *) usage ;;
esac
