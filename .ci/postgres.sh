#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests.
#
#   eval "$(.ci/postgres.sh start)"   # installs Debian's postgresql if absent, starts a
#                                     # cluster under /tmp, prints the exports
#   make test                         # store tests now also run on PostgreSQL
#   .ci/postgres.sh stop              # stops the server and deletes its files
#   .ci/postgres.sh status
#
# The cluster lives in $LYDIARD_PG_ROOT (default /tmp/lydiard-pg): initdb and pg_ctl run as
# the postgres user when called as root (PostgreSQL refuses to run as root), listening on a
# free port on 127.0.0.1 only, with trust authentication. Only `export` lines go to stdout;
# progress goes to stderr. Running `start` twice reuses the running server.
set -euo pipefail

ROOT="${LYDIARD_PG_ROOT:-/tmp/lydiard-pg}"
DATA="$ROOT/data"
DB_NAME="${LYDIARD_PG_DB:-lydiard}"

say() { echo "postgres.sh: $*" >&2; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
        return 0
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

install_postgres() {
    if pg_bin >/dev/null; then
        return 0
    fi
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        say "PostgreSQL is not installed; install it (Debian: apt-get install -y postgresql)"
        exit 1
    fi
    say "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q postgresql >&2; then
        apt-get update -q >&2
        apt-get install -y -q postgresql >&2
    fi
}

# Run a command as the postgres user when we are root, else as ourselves.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

print_exports() {
    local port
    port=$(cat "$ROOT/port")
    local url="postgresql+psycopg://postgres@127.0.0.1:$port/$DB_NAME"
    echo "export LYDIARD_DATABASE_URL=$url"
    echo "export LYDIARD_TEST_POSTGRES_URL=$url"
}

running() {
    local bin
    bin=$(pg_bin) || return 1
    [ -f "$DATA/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    install_postgres
    local bin port
    bin=$(pg_bin)
    if running; then
        say "already running in $ROOT"
        print_exports
        return 0
    fi
    rm -rf "$ROOT"
    mkdir -p "$ROOT"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$ROOT"
    fi
    chmod 700 "$ROOT"
    as_pg "$bin/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$ROOT/initdb.log" 2>&1 \
        || { cat "$ROOT/initdb.log" >&2; exit 1; }
    port=$(free_port)
    echo "$port" >"$ROOT/port"
    as_pg "$bin/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $port -k $ROOT -c fsync=off -c full_page_writes=off" start >&2 \
        || { cat "$ROOT/server.log" >&2; exit 1; }
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
    say "running on 127.0.0.1:$port (data in $DATA); stop with: $0 stop"
    print_exports
}

stop() {
    local bin
    if bin=$(pg_bin) && [ -f "$DATA/postmaster.pid" ]; then
        as_pg "$bin/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
    fi
    rm -rf "$ROOT"
    say "stopped; removed $ROOT"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status)
        if running; then
            say "running in $ROOT"
            print_exports
        else
            say "not running"
            exit 1
        fi
        ;;
    *)
        echo "usage: $0 [start|stop|status]" >&2
        exit 2
        ;;
esac
