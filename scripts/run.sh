#!/usr/bin/env bash
# `make run`: builds the jars, then runs Temporal (dev server, SQLite file), the api and the
# worker on 127.0.0.1. Ctrl-C, an error or any of the three dying stops all of them.
# Env: API_PORT (8080), TEMPORAL_PORT (7233), TEMPORAL_UI_PORT (8233),
#      EXPORTJOBS_DATA_DIR (./.data), SKIP_BUILD=1, JAVA_OPTS, API_START_TIMEOUT (180 s).
# The same data dir on the next run continues where this one stopped.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API_PORT="${API_PORT:-8080}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
# Resolved before any cd, so a relative path means relative to where make was run.
DATA="$(realpath -m "${EXPORTJOBS_DATA_DIR:-$ROOT/.data}")"
LOGS="$DATA/logs"
RUN_DIR="$DATA/run"
API_JAR="$ROOT/api/target/api-0.1.0-SNAPSHOT-exec.jar"
WORKER_JAR="$ROOT/worker/target/worker-0.1.0-SNAPSHOT-exec.jar"
HEALTH_URL="http://127.0.0.1:$API_PORT/actuator/health"
read -ra JAVA_OPTS_ARR <<<"${JAVA_OPTS:-}"
TEMPORAL_ARGS=(--port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" --db-file "$DATA/temporal/temporal.db"
  --pid-file "$RUN_DIR/temporal.pid" --log-file "$LOGS/temporal.log")
API_PID="" WORKER_PID=""

# Starts a jar in its own process group (so the terminal's Ctrl-C reaches only this script,
# which then stops the children in order); the caller reads its pid from $!.
start_jar() {
  local jar="$1" logfile="$2"
  SPRING_PROFILES_ACTIVE=dev EXPORTJOBS_DATA_DIR="$DATA" API_PORT="$API_PORT" \
    TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" \
    setsid java "${JAVA_OPTS_ARR[@]}" -jar "$jar" >>"$logfile" 2>&1 </dev/null &
}

# TERM (Spring Boot shuts down gracefully), then KILL after 30 s.
stop_pid() {
  local name="$1" pid="$2" i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  echo "==> stopping $name (pid $pid)" >&2
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
  trap '' INT TERM # a second Ctrl-C must not cut the shutdown short
  stop_pid worker "$WORKER_PID"
  stop_pid api "$API_PID"
  "$ROOT/scripts/temporal-dev.sh" stop "${TEMPORAL_ARGS[@]}" || true
}

# Fails with the log tail of a child that is gone.
check_alive() {
  local name="$1" pid="$2" logfile="$3"
  kill -0 "$pid" 2>/dev/null && return 0
  echo "---- last lines of $logfile ----" >&2
  tail -n 40 "$logfile" >&2 || true
  die "$name (pid $pid) has exited; stopping everything"
}

wait_for_api() {
  local waited=0
  until curl -fsS --max-time 2 "$HEALTH_URL" 2>/dev/null | grep -q '"status":"UP"'; do
    check_alive api "$API_PID" "$LOGS/api.log"
    ((waited < ${API_START_TIMEOUT:-180})) || die "api not healthy at $HEALTH_URL after ${waited}s (log $LOGS/api.log)"
    sleep 1; waited=$((waited + 1))
  done
}

ensure_java_maven
ensure_temporal
cd "$ROOT"
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "building (mvn package, tests skipped; SKIP_BUILD=1 skips this)"
  mvn -B -q -DskipTests -Dspotless.check.skip=true package
fi
for jar in "$API_JAR" "$WORKER_JAR"; do
  [[ -f $jar ]] || die "$jar is missing; run without SKIP_BUILD=1"
done
! port_in_use "$API_PORT" || die "port 127.0.0.1:$API_PORT is already in use; set API_PORT"
mkdir -p "$LOGS" "$RUN_DIR"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# With the payload codec and its endpoint on (EXPORTJOBS_TEMPORAL_CODEC_* variables, see
# docs/operations.md), the Web UI decodes payloads through the api's /codec endpoint.
if [[ ${EXPORTJOBS_TEMPORAL_CODEC_ENDPOINT_ENABLED:-false} == true && -z ${TEMPORAL_UI_CODEC_ENDPOINT:-} ]]; then
  TEMPORAL_ARGS+=(--ui-codec-endpoint "http://127.0.0.1:$API_PORT/codec")
fi
"$ROOT/scripts/temporal-dev.sh" start "${TEMPORAL_ARGS[@]}"
TEMPORAL_PID="$(cat "$RUN_DIR/temporal.pid")"
log "starting api (log $LOGS/api.log)"
start_jar "$API_JAR" "$LOGS/api.log"
API_PID=$!
wait_for_api # the api runs the Flyway migrations, so the worker waits for it
log "starting worker (log $LOGS/worker.log)"
start_jar "$WORKER_JAR" "$LOGS/worker.log"
WORKER_PID=$!

cat <<EOF

Export Jobs is running. Ctrl-C stops everything.
  API          http://127.0.0.1:$API_PORT/api/v1   (dev keys, e.g. X-API-Key: dev-demo-admin)
  Swagger UI   http://127.0.0.1:$API_PORT/swagger-ui.html
  OpenAPI      http://127.0.0.1:$API_PORT/v3/api-docs
  Health       $HEALTH_URL
  Metrics      http://127.0.0.1:${EXPORTJOBS_API_MANAGEMENT_PORT:-8090}/actuator/prometheus, worker http://127.0.0.1:${EXPORTJOBS_WORKER_MANAGEMENT_PORT:-8081}/actuator/prometheus
  Temporal     127.0.0.1:$TEMPORAL_PORT (namespace default)
  Web UI       http://127.0.0.1:$TEMPORAL_UI_PORT
  Logs         $LOGS
  Data         $DATA

EOF

while sleep 1; do
  check_alive worker "$WORKER_PID" "$LOGS/worker.log"
  check_alive api "$API_PID" "$LOGS/api.log"
  check_alive temporal "$TEMPORAL_PID" "$LOGS/temporal.log"
done
