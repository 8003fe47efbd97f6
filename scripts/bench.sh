#!/usr/bin/env bash
# `make bench`: the benchmark harness (e2e ExportBenchmark, tagged "bench") against a dedicated
# dev server, as `make test` runs it; prints the figures it measured. Nothing here is asserted
# on time: the figures are for reading and comparing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
rm -f e2e/target/surefire-reports/*ExportBenchmark*
"$ROOT/scripts/test.sh" -pl e2e -am -Dspotless.check.skip=true \
  -Dtest='ExportBenchmark' -Dsurefire.failIfNoSpecifiedTests=false -DexcludedTestGroups=none "$@"
echo
echo "== figures (e2e/target/surefire-reports/io.exportjobs.e2e.ExportBenchmark-output.txt)"
grep -h '^BENCH' e2e/target/surefire-reports/io.exportjobs.e2e.ExportBenchmark-output.txt
