#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, which read its URL from TOCSIN_TEST_PG_URL.
#
#   bash .ci/postgres.sh start [DIR]   initdb a cluster in DIR (default: a new temporary folder), start it on a
#                                      free port of 127.0.0.1, print its URL on stdout
#   bash .ci/postgres.sh stop DIR      stop it and delete DIR
#
# The cluster is the script's own: its data folder, port, socket folder and a random password. Settings that
# trade durability for speed (fsync, synchronous_commit, full_page_writes off) are given to that server only,
# on its command line. The machine's own clusters (pg_lsclusters) are neither read nor changed.
# Installs Debian's `postgresql` package when no server binaries are found (as root). initdb refuses to run
# as root, so as root the server runs as the `postgres` user.
# .ci/run:  dir="$(mktemp -d)"; trap 'bash .ci/postgres.sh stop "$dir"' EXIT
#           TOCSIN_TEST_PG_URL="$(bash .ci/postgres.sh start "$dir")"
set -euo pipefail
log() { echo "postgres.sh: $*" >&2; }

bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$found" ] || [ ! -x "$found/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      log "no PostgreSQL server binaries in /usr/lib/postgresql: install Debian's postgresql package"
      exit 1
    fi
    log "installing PostgreSQL (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # The package's own cluster is not wanted: the tests use the throwaway one below.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/tocsin-ci.conf
    apt-get install -y -qq postgresql >&2
    found="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$found"
}

# Commands run as the owner of the cluster: `postgres` when this script runs as root, else this user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir="${1:-}" bin port password
  bin="$(bindir)"
  if [ -z "$dir" ]; then
    dir="$(mktemp -d -t tocsin-pg.XXXXXX)"
  fi
  mkdir -p "$dir"
  if [ -e "$dir/data" ]; then
    log "$dir/data exists: give an empty folder"
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  if ! as_owner test -w "$dir"; then
    log "the server's user cannot write to $dir (a parent folder is closed to it): use e.g. \"\$(mktemp -d)\""
    exit 1
  fi
  port="$(free_port)"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  printf '%s\n' "$password" > "$dir/password"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/password"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U tocsin --pwfile="$dir/password" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/password"
  # Fast settings on this server's command line only: its data is thrown away after the tests.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/psql" -h "$dir" -p "$port" -U tocsin -d postgres -v ON_ERROR_STOP=1 -qtAc \
    "CREATE DATABASE tocsin_test" >&2
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir;" \
      "stop it with: bash .ci/postgres.sh stop $dir"
  echo "postgresql+psycopg://tocsin:${password}@127.0.0.1:${port}/tocsin_test"
}

stop() {
  local dir="${1:?give the folder that start used}" bin
  if [ -f "$dir/data/postmaster.pid" ]; then
    bin="$(bindir)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "the server in $dir was not running"
  fi
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) log "usage: $0 start [DIR] | stop DIR"; exit 2 ;;
esac
