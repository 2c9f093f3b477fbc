#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d): creates Lineage's
# role with no superuser, database-creation or role-creation rights, owning its own database, which is all
# Marten (its schemas) and Hangfire (its tables) need.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v role="$LINEAGE_PG_USER" -v password="$LINEAGE_PG_PASSWORD" -v db="$LINEAGE_PG_DB" <<'SQL'
create role :"role" login nosuperuser nocreatedb nocreaterole noreplication password :'password';
create database :"db" owner :"role";
revoke all on database :"db" from public;
SQL
