#!/usr/bin/env bash
# `make test`: the whole Maven build (`mvn -B verify`, extra args passed through) against a
# dedicated, in-memory Temporal dev server on TEST_TEMPORAL_PORT (17233) / TEST_TEMPORAL_UI_PORT
# (18233), so it never collides with a running `make run`, a throwaway PostgreSQL on
# TEST_PG_PORT (15432) and a SeaweedFS S3 gateway on TEST_S3_PORT (18333; its master, volume and
# filer on the 7 ports from TEST_S3_PORT + 7, i.e. 18340-18346). All are stopped on any exit.
# Exit code: Maven's.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${TEST_TEMPORAL_PORT:-17233}"
UI_PORT="${TEST_TEMPORAL_UI_PORT:-18233}"
SERVERS_DIR="$ROOT/target/test-servers"
PID_FILE="$SERVERS_DIR/temporal.pid"
SERVER_ARGS=(--port "$PORT" --ui-port "$UI_PORT" --pid-file "$PID_FILE" --log-file "$SERVERS_DIR/temporal.log")
SERVER_PID=""
PG_PORT="${TEST_PG_PORT:-15432}"
PG_STATE="/tmp/exportjobs-test-pg-state-$PG_PORT"
S3_PORT="${TEST_S3_PORT:-18333}"
# outside target/, which `mvn clean` would delete under the running server
S3_DIR="/tmp/exportjobs-test-seaweedfs-$S3_PORT"
S3_ARGS=(--s3-port "$S3_PORT" --dir "$S3_DIR" --pid-file "$S3_DIR/weed.pid"
  --log-file "$SERVERS_DIR/seaweedfs.log")
S3_ACCESS_KEY="exportjobs-test"
S3_SECRET_KEY="exportjobs-test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

stop_server() {
  # `mvn clean` (say, `make test ARGS=clean`) deletes target/ under a running server:
  # put the pid file back so that stop still finds it.
  if [[ -n $SERVER_PID && ! -f $PID_FILE ]]; then
    mkdir -p "$SERVERS_DIR" && echo "$SERVER_PID" >"$PID_FILE"
  fi
  "$ROOT/scripts/temporal-dev.sh" stop "${SERVER_ARGS[@]}" || true
  "$ROOT/scripts/postgres.sh" stop --state-dir "$PG_STATE" || true
  "$ROOT/scripts/seaweedfs.sh" stop "${S3_ARGS[@]}" || true
  rm -rf "$S3_DIR"
}

ensure_java_maven
ensure_temporal
ensure_postgres
ensure_seaweedfs
ensure_chromium
ensure_pack_tools
ensure_docker_compose
ensure_go
ensure_schemathesis
ensure_standardwebhooks
# The cluster layout must stay valid for Debian's docker-compose (no daemon needed for this).
log "checking docker-compose.temporal.yml with $(docker-compose version --short 2>/dev/null || echo docker-compose)"
(cd "$ROOT" && docker-compose -f docker-compose.temporal.yml config -q)
mkdir -p "$SERVERS_DIR"
# A server left by an earlier run that was killed outright would hold the ports.
"$ROOT/scripts/temporal-dev.sh" stop "${SERVER_ARGS[@]}"

trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
"$ROOT/scripts/temporal-dev.sh" start "${SERVER_ARGS[@]}" # prints its log tail if it fails
SERVER_PID="$(cat "$PID_FILE")"
"$ROOT/scripts/seaweedfs.sh" stop "${S3_ARGS[@]}" # one left by a killed run
rm -rf "$S3_DIR" # a fresh store each run; tests create their own buckets
"$ROOT/scripts/seaweedfs.sh" start "${S3_ARGS[@]}" --access-key "$S3_ACCESS_KEY" --secret-key "$S3_SECRET_KEY"
"$ROOT/scripts/postgres.sh" stop --state-dir "$PG_STATE" # one left by a killed run
"$ROOT/scripts/postgres.sh" start --port "$PG_PORT" --state-dir "$PG_STATE"

export EXPORTJOBS_TEST_TEMPORAL_ADDRESS="127.0.0.1:$PORT"
export EXPORTJOBS_TEST_TEMPORAL_UI="http://127.0.0.1:$UI_PORT"
export EXPORTJOBS_TEST_TEMPORAL_BIN="$TEMPORAL_BIN"
export EXPORTJOBS_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/exportjobs"
export EXPORTJOBS_TEST_PG_USER=exportjobs EXPORTJOBS_TEST_PG_PASSWORD=exportjobs
export EXPORTJOBS_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export EXPORTJOBS_TEST_S3_ACCESS_KEY="$S3_ACCESS_KEY" EXPORTJOBS_TEST_S3_SECRET_KEY="$S3_SECRET_KEY"
export EXPORTJOBS_TEST_CHROMIUM="$CHROMIUM_BIN" EXPORTJOBS_TEST_CHROMEDRIVER="$CHROMEDRIVER_BIN"
[[ -n ${GO_BIN:-} ]] && export EXPORTJOBS_TEST_GO="$GO_BIN"
export EXPORTJOBS_TEST_SCHEMATHESIS="$SCHEMATHESIS_BIN" EXPORTJOBS_TEST_PYTHON="$TOOLS_PYTHON"
cd "$ROOT"
mvn -B verify "$@" # set -e: its exit code is the script's; the EXIT trap keeps it
