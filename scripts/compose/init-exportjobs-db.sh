#!/bin/sh
# Mounted into the postgres image's /docker-entrypoint-initdb.d: runs once, when the data
# volume is empty. Gives Export Jobs its own role and database, apart from Temporal's
# (owning the database lets it create its tables in `public` on PostgreSQL 15+).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_user="$EXPORTJOBS_DB_USER" -v app_password="$EXPORTJOBS_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
CREATE DATABASE exportjobs OWNER :"app_user";
SQL
