#!/usr/bin/env bash
# `make bench`: the benchmarks (the *Benchmark classes, tagged "bench") against a dedicated dev
# server, PostgreSQL and SeaweedFS, started as `make test` starts them (same TEST_* ports, same
# installs), then ONE table with every figure of issue 16's goal table, each with its ratio and
# goal (each benchmark class says in its Javadoc what it measures):
#   e2e PostgresExportBenchmark     5,000,000 entries (-Dbench.entries=N): 8 appenders vs COPY FROM;
#                                   ledger/ndjson and csv exports vs COPY TO STDOUT; worker heap
#   e2e SubmissionBenchmark         POST /exports vs WorkflowClient.start, 500 jobs, 8 callers
#   e2e ConcurrentExportsBenchmark  50 exports of 100,000 entries at once vs one alone
#   e2e BurstBenchmark              100 one-entry jobs of one tenant, max active 4
#   pack EvidencePackBenchmark      evidence pack of 1,000,000 entries vs gzip -6
# and the figures that have no goal as BENCH lines: ExportBenchmark, the worker's
# AuditSummaryBenchmark, the Merkle tree's cost on append (shared LedgerTreeBenchmark) and
# inclusion and consistency proofs over HTTP on 1,000,000 entries (e2e LedgerProofBenchmark,
# -Dbench.proofEntries=N). Only some: scripts/bench.sh -Dtest='LedgerTreeBenchmark'.
# Writes target/bench/results.json, results.md and results.svg. Nothing is asserted on time.
# Extra arguments go to Maven, e.g. `make bench ARGS=-Dbench.entries=1000000`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
BENCH_DIR="$ROOT/target/bench"
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
MODULES=(pack shared worker e2e)
for m in "${MODULES[@]}"; do rm -f "$m"/target/surefire-reports/*Benchmark*; done
LOAD_BEFORE="$(uptime | sed 's/^ *//')"
status=0
"$ROOT/scripts/test.sh" -pl e2e -am -Dspotless.check.skip=true \
  -Dtest='*Benchmark' -Dsurefire.failIfNoSpecifiedTests=false -DexcludedTestGroups=none \
  -Dbench.dir="$BENCH_DIR" "$@" || status=$?
LOAD_AFTER="$(uptime | sed 's/^ *//')"
echo
echo "== figures ({pack,shared,worker,e2e}/target/surefire-reports/*Benchmark-output.txt)"
for m in "${MODULES[@]}"; do
  grep -h '^BENCH' "$m"/target/surefire-reports/*Benchmark-output.txt 2>/dev/null || true
done
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD 2>/dev/null || COMMIT="$COMMIT (with uncommitted changes)"
echo
echo "== goal table (issue 16), commit $COMMIT"
echo "   load before: $LOAD_BEFORE"
echo "   load after:  $LOAD_AFTER"
java -cp e2e/target/test-classes io.exportjobs.e2e.BenchReport \
  "$BENCH_DIR" "$COMMIT" "$LOAD_BEFORE" "$LOAD_AFTER"
echo "wrote $BENCH_DIR/results.json, results.md and results.svg"
exit "$status"
