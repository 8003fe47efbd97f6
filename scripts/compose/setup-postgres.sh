#!/bin/sh
# Runs in temporalio/admin-tools before the server starts: creates Temporal's two databases
# and brings their schemas up to this image's version. Safe on every start (an existing
# database or schema is left as it is; update-schema applies only what is missing).
# POSIX sh: the admin-tools image promises /bin/sh, not bash.
set -eu

echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT"
nc -z -w 10 "$POSTGRES_SEEDS" "$DB_PORT"

for db in temporal temporal_visibility; do
  kind=temporal
  [ "$db" = temporal_visibility ] && kind=visibility
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" create
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" \
    update-schema -d "/etc/temporal/schema/postgresql/v12/$kind/versioned"
done
echo "Temporal schema is ready"
