#!/usr/bin/env bash
# Verifies a downloaded evidence pack or snapshot offline:
#   scripts/verify-pack.sh PACK [--key public-key.pem ...] [--json]
# Public keys as GET /api/v1/signing-keys serves them, e.g.
#   curl -s $API/signing-keys -H "$KEY" | jq -r '.. | .publicKeyPem? // empty' > signing-keys.pem
# Builds verifier/target/exportjobs-verify.jar first if it is missing.
# Exit status: 0 valid, 1 invalid, 2 usage error.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/verifier/target/exportjobs-verify.jar"
if [[ ! -f $JAR ]]; then
  echo "==> building $JAR" >&2
  (cd "$ROOT" && mvn -B -q -pl verifier -am package -DskipTests) >&2
fi
exec java -jar "$JAR" "$@"
