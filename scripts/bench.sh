#!/usr/bin/env bash
# `make bench`: the benchmark harness (e2e *Benchmark classes, tagged "bench") against a
# dedicated dev server and PostgreSQL, as `make test` starts them; prints the figures measured:
# POST-to-completed (10,000 entries, median of 5), extraction of 1,000,000 entries (H2), and on
# PostgreSQL with 5,000,000 entries (-Dbench.entries=N to change) export vs COPY and worker
# heap; and in pack (EvidencePackBenchmark) an evidence pack (tar.gz) of 1,000,000 entries beside
# `gzip -6` of the same entries.ndjson (-Dbench.packEntries=N to change), its verification, and
# the same write + verify in a 64 MiB heap; the ledger's Merkle tree: PostgreSQL append throughput
# with and without it in 10,000-entry batches (LedgerTreeBenchmark, shared) and inclusion and
# consistency proofs of a 1,000,000-entry ledger served over HTTP (LedgerProofBenchmark, e2e;
# -Dbench.proofEntries=N). Only some: scripts/bench.sh -Dtest='LedgerTreeBenchmark,LedgerProofBenchmark'.
# Nothing here is asserted on time: the figures are for reading and comparing. `-am` puts pack,
# shared and the worker in the build, so their *Benchmark classes run too (the worker's
# AuditSummaryBenchmark prints to its own output file, without BENCH lines).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
MODULES=(pack shared worker e2e)
for m in "${MODULES[@]}"; do rm -f "$m"/target/surefire-reports/*Benchmark*; done
"$ROOT/scripts/test.sh" -pl e2e -am -Dspotless.check.skip=true \
  -Dtest='*Benchmark' -Dsurefire.failIfNoSpecifiedTests=false -DexcludedTestGroups=none "$@"
echo
echo "== figures ({pack,shared,worker,e2e}/target/surefire-reports/*Benchmark-output.txt)"
for m in "${MODULES[@]}"; do
  grep -h '^BENCH' "$m"/target/surefire-reports/*Benchmark-output.txt 2>/dev/null || true
done
