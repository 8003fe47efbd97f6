#!/bin/sh
# Creates Temporal's two databases and brings their schemas up to this version. Safe on every
# start (an existing database or schema is left as it is; update-schema applies only what is
# missing). Runs in temporalio/admin-tools before the server starts, and in `make cluster` with the
# temporal-sql-tool and schemas built from the same server version (TEMPORAL_SCHEMA_DIR then
# points at them). Both start it once PostgreSQL is ready. POSIX sh: the admin-tools image
# promises /bin/sh, not bash.
set -eu
SCHEMA_DIR="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}"

for db in temporal temporal_visibility; do
  kind=temporal
  [ "$db" = temporal_visibility ] && kind=visibility
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" create
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" \
    update-schema -d "$SCHEMA_DIR/postgresql/v12/$kind/versioned"
done
echo "Temporal schema is ready"
