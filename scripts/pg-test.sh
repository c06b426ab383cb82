#!/usr/bin/env bash
# A private PostgreSQL cluster for the hub's tests, on 127.0.0.1 only, with
# trust authentication (it is for tests on this machine, never for data).
#
# Usage: scripts/pg-test.sh start|stop|stop-immediate|restart DIR
#        scripts/pg-test.sh run COMMAND [ARG...]
#
#   start DIR           creates the cluster in DIR/data the first time (as the
#                       postgres user when run as root: initdb refuses root),
#                       starts it, creates the database and writes its URL to
#                       DIR/url and stdout. Starting a running cluster is fine.
#   stop DIR            fast shutdown; stopping a stopped cluster is fine.
#   stop-immediate DIR  pg_ctl -m immediate: like pulling the plug, so the
#                       next start runs crash recovery.
#   restart DIR         stop, then start.
#   run COMMAND...      starts a cluster in a new temporary DIR, runs COMMAND
#                       with SMARTKIOSK_PG_URL and SMARTKIOSK_PG_DIR set, then
#                       always stops the cluster and removes DIR; exits with
#                       COMMAND's status. make test and make bench use this.
#
# The port is picked once, when the cluster is created, and kept in
# DIR/port, so the URL stays the same across restarts. fsync stays on (the
# default) so the tests and benchmarks see real commit costs. Every wait is
# bounded: pg_ctl -t 60.
set -euo pipefail

readonly db_name=smartkiosk
readonly wait_seconds=60

usage() {
  echo "usage: $0 start|stop|stop-immediate|restart DIR | run COMMAND [ARG...]" >&2
  exit 2
}

log() { echo "pg-test: $*" >&2; }

# pg_bin finds PostgreSQL's server programs (Debian keeps them off PATH),
# installing the postgresql package when there are none.
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  install_postgresql
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    log "installed postgresql but found no initdb under /usr/lib/postgresql/*/bin"
    exit 1
  fi
  echo "$dir"
}

install_postgresql() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL (initdb) is missing and this is not a Debian/Ubuntu system."
    log "Install PostgreSQL's server with your package manager, then run make test again."
    exit 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      log "PostgreSQL is missing: install it as root (apt-get install postgresql), then run make test again."
      exit 1
    fi
    sudo=(sudo)
  fi
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql >&2
}

# as_owner runs a command as the cluster's owner: postgres when we are root,
# else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# free_port prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local port i
  for i in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  log "found no free port on 127.0.0.1"
  exit 1
}

# init_cluster creates DIR/data once. initdb's files are fsynced (no
# --no-sync) and the server keeps fsync on.
init_cluster() {
  local dir=$1 bin=$2
  [ -f "$dir/data/PG_VERSION" ] && return
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      log "the postgres user cannot write $dir (is a parent directory private?)"
      exit 1
    fi
  fi
  rm -rf "$dir/data"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  local port
  port=$(free_port)
  cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/pg-test.sh: a private cluster for tests.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
EOF
  echo "$port" >"$dir/port"
}

running() {
  local dir=$1 bin=$2
  [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
  local dir=$1 bin
  bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  init_cluster "$dir" "$bin"
  local port
  port=$(cat "$dir/port")
  local attempt seen
  for attempt in 1 2 3; do
    running "$dir" "$bin" && break
    seen=0
    [ -f "$dir/postgres.log" ] && seen=$(wc -l <"$dir/postgres.log")
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t "$wait_seconds" start >&2 && break
    tail -n +"$((seen + 1))" "$dir/postgres.log" | tail -n 30 >&2 || true
    # Someone took the port since it was picked: pick another.
    if [ "$attempt" -lt 3 ] && tail -n +"$((seen + 1))" "$dir/postgres.log" | grep -q "could not bind"; then
      port=$(free_port)
      echo "port = $port" >>"$dir/data/postgresql.conf"
      echo "$port" >"$dir/port"
      log "port taken, trying $port"
      continue
    fi
    log "PostgreSQL did not start within ${wait_seconds}s (log: $dir/postgres.log)"
    exit 1
  done
  local psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [ -z "$(as_owner "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'")" ]; then
    as_owner "${psql[@]}" -c "CREATE DATABASE $db_name" >&2
  fi
  local url="postgres://postgres@127.0.0.1:$port/$db_name?sslmode=disable"
  echo "$url" >"$dir/url"
  echo "$url"
}

stop() {
  local dir=$1 mode=$2 bin
  bin=$(pg_bin)
  if running "$dir" "$bin"; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m "$mode" -w -t "$wait_seconds" stop >&2
  fi
}

# run_with_cluster is make test's wrapper: the cluster lives exactly as long
# as the command, and is stopped even when the command fails or is
# interrupted.
run_with_cluster() {
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/smartkiosk-pg.XXXXXX")
  chmod 755 "$dir"
  # shellcheck disable=SC2064 # expand $dir now
  trap "'$0' stop '$dir' || true; rm -rf '$dir'" EXIT
  trap 'exit 130' INT TERM
  export SMARTKIOSK_PG_URL SMARTKIOSK_PG_DIR="$dir"
  SMARTKIOSK_PG_URL=$(start "$dir")
  log "PostgreSQL for tests at $SMARTKIOSK_PG_URL (SMARTKIOSK_PG_DIR=$dir)"
  local rc=0
  "$@" || rc=$?
  return "$rc"
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case "$cmd" in
start) [ $# -eq 1 ] || usage; start "$1" ;;
stop) [ $# -eq 1 ] || usage; stop "$1" fast ;;
stop-immediate) [ $# -eq 1 ] || usage; stop "$1" immediate ;;
restart) [ $# -eq 1 ] || usage; stop "$1" fast; start "$1" ;;
run) [ $# -ge 1 ] || usage; run_with_cluster "$@" ;;
*) usage ;;
esac
