#!/bin/sh
# Runs in temporalio/admin-tools once the server is up: creates the namespace and registers
# the search attributes of the Export Jobs contract. Safe on every start (both are no-ops
# when already there). POSIX sh: the admin-tools image promises /bin/sh, not bash.
set -eu
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
# Dial the IPv4 address, as the samples-server scripts do: the CLI can otherwise pick an
# address the server does not listen on.
host="${TEMPORAL_ADDRESS%:*}"
ADDRESS="$(getent ahostsv4 "$host" | awk 'NR == 1 {print $1}'):${TEMPORAL_ADDRESS##*:}"

# Up to a minute: the server may still be starting, and a new namespace reaches the
# frontend's cache only after a few seconds.
retry() {
  tries=0
  until "$@"; do
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || { echo "gave up: $*" >&2; return 1; }
    sleep 2
  done
}

echo "waiting for Temporal at $ADDRESS"
retry temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1
temporal operator namespace describe --address "$ADDRESS" -n "$NAMESPACE" >/dev/null 2>&1 ||
  temporal operator namespace create --address "$ADDRESS" -n "$NAMESPACE" \
    --retention "${TEMPORAL_NAMESPACE_RETENTION:-168h}"
# One call per attribute: with several --name the CLI registers only the first.
for sa in ExportTenant=Keyword ExportType=Keyword ExportStatus=Keyword ExportScheduleId=Keyword \
  ExportExpiresAt=Datetime; do
  retry temporal operator search-attribute create --address "$ADDRESS" -n "$NAMESPACE" \
    --name "${sa%=*}" --type "${sa#*=}"
done
temporal operator search-attribute list --address "$ADDRESS" -n "$NAMESPACE"
echo "namespace $NAMESPACE is ready"
