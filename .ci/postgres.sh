#!/usr/bin/env bash
# Install (Debian package `postgresql`) and start a PostgreSQL server for the store tests, create a role
# that may create databases, and print the URL the tests read from TOCSIN_TEST_PG_URL. Idempotent.
# Use:  TOCSIN_TEST_PG_URL="$(bash .ci/postgres.sh)"; export TOCSIN_TEST_PG_URL
set -euo pipefail
log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
  log "installing PostgreSQL (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
  log "starting cluster $version/main"
  pg_ctlcluster "$version" main start >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$port" >&2

psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='tocsin'")" != "1" ]; then
  psql_admin "CREATE ROLE tocsin LOGIN CREATEDB PASSWORD 'tocsin'" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='tocsin_test'")" != "1" ]; then
  psql_admin "CREATE DATABASE tocsin_test OWNER tocsin" >&2
fi
# A server for tests only: durability is not wanted, speed is (CREATE DATABASE, commits per article).
psql_admin "ALTER SYSTEM SET fsync = off" >&2
psql_admin "ALTER SYSTEM SET synchronous_commit = off" >&2
psql_admin "ALTER SYSTEM SET full_page_writes = off" >&2
psql_admin "SELECT pg_reload_conf()" >/dev/null
log "PostgreSQL $version ready on 127.0.0.1:$port"
echo "postgresql+psycopg://tocsin:tocsin@127.0.0.1:${port}/tocsin_test"
