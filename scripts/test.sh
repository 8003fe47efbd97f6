#!/usr/bin/env bash
# `make test`: the whole Maven build (`mvn -B verify`, extra args passed through) against a
# dedicated, in-memory Temporal dev server on TEST_TEMPORAL_PORT (17233) / TEST_TEMPORAL_UI_PORT
# (18233), so it never collides with a running `make run`, a throwaway PostgreSQL on
# TEST_PG_PORT (15432) and a SeaweedFS S3 gateway on TEST_S3_PORT (18333; its master, volume and
# filer on the 7 ports from TEST_S3_PORT + 7, i.e. 18340-18346). Beside them, a fresh
# `make cluster` (scripts/cluster.sh) on the ports TEST_CLUSTER_PORT_PREFIX + 3 digits (26:
# Temporal 26233, api 26080/26088, ...; see scripts/cluster.sh) starts in the background while
# Maven builds (the first run builds the Temporal server meanwhile), for the cluster suite
# (Cluster*E2ETest), which runs beside the other e2e tests. One of them, ClusterUpE2ETest, runs
# `make cluster` itself as a user does (the jars of this build, ports of the prefix
# TEST_CLUSTER_UP_PORT_PREFIX, 25, folder /tmp/exportjobs-test-cluster-up-<prefix>) and stops it
# with Ctrl-C. TEST_CLUSTER=0 leaves the suite out; by
# default it is left out when -Dtest= names no Cluster test, or with -DskipE2E=true. All are
# stopped on any exit; the cluster's logs stay in /tmp/exportjobs-test-cluster-<prefix>/logs.
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
# Both prefixes keep the clusters below Linux's ephemeral port range (32768-60999): there a
# long-lived client connection elsewhere in the run can hold a service's port as its source port.
CLUSTER_PREFIX="${TEST_CLUSTER_PORT_PREFIX:-26}"
CLUSTER_DIR="/tmp/exportjobs-test-cluster-$CLUSTER_PREFIX"
CLUSTER_ARGS=(--dir "$CLUSTER_DIR" --port-prefix "$CLUSTER_PREFIX")
CLUSTER_PID=""
# ClusterUpE2ETest runs `make cluster` itself, on ports of its own prefix, in this folder
CLUSTER_UP_PREFIX="${TEST_CLUSTER_UP_PORT_PREFIX:-25}"
CLUSTER_UP_DIR="/tmp/exportjobs-test-cluster-up-$CLUSTER_UP_PREFIX"
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
  stop_cluster
}

# Whether this run needs the cluster: not when the arguments select tests that are none of its.
want_cluster() {
  local a
  case "${TEST_CLUSTER:-auto}" in
    0|false) return 1 ;;
    1|true) return 0 ;;
  esac
  for a in "$@"; do
    [[ $a == -DskipE2E=true || $a == -DskipTests || $a == -DskipTests=true ]] && return 1
    [[ $a == -Dtest=* && $a != *Cluster* ]] && return 1
  done
  return 0
}

# The cluster starts in its own session, so that its start-up (a first Go build included) can be
# cut short as a whole; its processes are then stopped through their pid files.
start_cluster() {
  "$ROOT/scripts/cluster.sh" stop "${CLUSTER_ARGS[@]}" 2>/dev/null || true # left by a killed run
  rm -rf "$CLUSTER_DIR"
  mkdir -p "$CLUSTER_DIR/logs"
  log "starting the cluster in the background on ports ${CLUSTER_PREFIX}xxx (log $CLUSTER_DIR/logs/start.log)"
  # the test cluster reads no .env: only the compose file's defaults
  : >"$CLUSTER_DIR/compose.env"
  CLUSTER_ENV_FILE="$CLUSTER_DIR/compose.env" setsid "$ROOT/scripts/cluster.sh" start --without-apps "${CLUSTER_ARGS[@]}" \
    >"$CLUSTER_DIR/logs/start.log" 2>&1 </dev/null &
  CLUSTER_PID=$!
  export EXPORTJOBS_TEST_CLUSTER_DIR="$CLUSTER_DIR"
  "$ROOT/scripts/cluster.sh" stop --dir "$CLUSTER_UP_DIR" 2>/dev/null || true # left by a killed run
  export EXPORTJOBS_TEST_CLUSTER_UP_PREFIX="$CLUSTER_UP_PREFIX" EXPORTJOBS_TEST_CLUSTER_UP_DIR="$CLUSTER_UP_DIR"
}

stop_cluster() {
  [[ -n $CLUSTER_PID ]] || return 0
  if kill -0 "$CLUSTER_PID" 2>/dev/null; then
    stop_process_group "$CLUSTER_PID"
  fi
  "$ROOT/scripts/cluster.sh" stop "${CLUSTER_ARGS[@]}" || true
  "$ROOT/scripts/cluster.sh" stop --dir "$CLUSTER_UP_DIR" || true # if its test was cut short
  rm -rf "$CLUSTER_UP_DIR/postgresql" "$CLUSTER_UP_DIR/seaweedfs" "$CLUSTER_UP_DIR/app-data"
  # the data goes (a million-entry ledger and its exports); the logs stay for a failure's reader
  rm -rf "$CLUSTER_DIR/postgresql" "$CLUSTER_DIR/seaweedfs" "$CLUSTER_DIR/app-data"
  CLUSTER_PID=""
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
if want_cluster "$@"; then start_cluster; fi
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
