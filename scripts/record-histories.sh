#!/usr/bin/env bash
# Records the ExportWorkflow / ExportRetention histories that ExportWorkflowReplayTest replays in
# `make test`, one folder per shipped shape of the workflows:
#
#   scripts/record-histories.sh v5   # this checkout's code  -> worker/src/test/resources/histories/v5
#   scripts/record-histories.sh v4   # commit b0056f4        -> .../histories/v4
#   scripts/record-histories.sh v3   # commit 898c644        -> .../histories/v3
#   scripts/record-histories.sh v2   # commit 7289341        -> .../histories/v2
#   scripts/record-histories.sh v1   # commit 1211117        -> .../histories/v1
#
# v5, the current shape, runs this checkout's `record-histories` test group (V5HistoryRecorder).
# v1 to v4 are recorded in a scratch clone at the commit that shipped them, so the code that
# shipped is what writes them: v1 by that commit's own recorders, v2 by
# worker/src/test/history-recorders/v2 (copied into the clone), v3 and v4 by that commit's
# V3HistoryRecorder and V4HistoryRecorder. Record again only when a scenario is added: a shipped
# version's histories must not change, they are what the running workflows of that version look
# like. When the workflow code changes behind a new Workflow.getVersion change id, the current
# shape becomes a shipped version: pin its line here to the commit that shipped it (as v4 is) and
# add the next one (README, "Workflow versions").
# Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION="${1:-}"
shift || true
HISTORIES="$ROOT/worker/src/test/resources/histories"
RECORD=(-Dgroups=record-histories -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false)

SCRATCH=""
in_scratch_clone() { # <commit> <test class> <file to copy into the clone's tests, or ""> [maven args]
  local commit=$1 test=$2 extra=$3
  shift 3
  SCRATCH="$(mktemp -d -t exportjobs-histories-XXXXXX)"
  local scratch=$SCRATCH
  trap 'rm -rf "$SCRATCH"' EXIT
  log "scratch clone of $commit in $scratch"
  git clone -q --no-checkout "$ROOT" "$scratch/repo"
  git -C "$scratch/repo" checkout -q "$commit"
  if [[ -n $extra ]]; then
    cp "$extra" "$scratch/repo/worker/src/test/java/io/exportjobs/worker/export/"
  fi
  (cd "$scratch/repo" && mvn -B -q "$@" -pl worker -am test -Dtest="$test" "${RECORD[@]}")
  CLONE_HISTORIES="$scratch/repo/worker/src/test/resources/histories"
}

case "$VERSION" in
  v5)
    ensure_java_maven
    (cd "$ROOT" && mvn -B -q "$@" -pl worker -am test -Dtest=V5HistoryRecorder "${RECORD[@]}")
    ;;
  v4)
    ensure_java_maven
    in_scratch_clone b0056f4 V4HistoryRecorder "" "$@"
    mkdir -p "$HISTORIES/v4"
    cp "$CLONE_HISTORIES"/v4/*.json "$HISTORIES/v4/"
    ;;
  v3)
    ensure_java_maven
    in_scratch_clone 898c644 V3HistoryRecorder "" "$@"
    mkdir -p "$HISTORIES/v3"
    cp "$CLONE_HISTORIES"/v3/*.json "$HISTORIES/v3/"
    ;;
  v2)
    ensure_java_maven
    in_scratch_clone 7289341 V2HistoryRecorder \
      "$ROOT/worker/src/test/history-recorders/v2/V2HistoryRecorder.java" "$@"
    mkdir -p "$HISTORIES/v2"
    cp "$CLONE_HISTORIES"/v2/*.json "$HISTORIES/v2/"
    ;;
  v1)
    ensure_java_maven
    in_scratch_clone 1211117 ExportWorkflowReplayTest "" "$@"
    mkdir -p "$HISTORIES/v1"
    cp "$CLONE_HISTORIES"/export-ledger-*.json "$HISTORIES/v1/"
    ;;
  *)
    echo "usage: $0 v1|v2|v3|v4|v5 [maven arguments]" >&2
    exit 2
    ;;
esac
log "histories of $VERSION: $(ls "$HISTORIES/$VERSION" | tr '\n' ' ')"
