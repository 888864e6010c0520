#!/usr/bin/env bash
# Make sure a Postgres and a RabbitMQ are there for Daiban, then print where they are:
#
#     eval "$(scripts/ensure-infra.sh)"      # sets DATABASE_URL and AMQP_URL
#
# stdout carries only `export DATABASE_URL=...` / `export AMQP_URL=...`; everything else goes to
# stderr. Each server is looked for in this order, first match wins:
#   1. DATABASE_URL / AMQP_URL from the environment, when they answer;
#   2. the local defaults, postgresql://postgres@127.0.0.1:5432/<db> and
#      amqp://guest:guest@127.0.0.1:5672/, when they answer;
#   3. a locally installed server that is stopped: started (pg_ctlcluster / rabbitmq-server);
#   4. as root: installed from the distribution's packages (postgresql, rabbitmq-server), started;
#   5. a working Docker engine: deploy/local/docker-compose.yml;
#   6. otherwise: stop, saying what is missing.
# Then the database named in DATABASE_URL is created if it does not exist (default `daiban`), and,
# for a local broker, RabbitMQ's feature flags are enabled (quorum queues with at-least-once
# dead lettering need them).
#
# Environment: DATABASE_URL, AMQP_URL (optional), INFRA_TIMEOUT (seconds to wait for a server
# that was just started, default 120).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

TIMEOUT="${INFRA_TIMEOUT:-120}"
COMPOSE_FILE="deploy/local/docker-compose.yml"
INFRA_LOG_DIR="$RUN_DIR/infra"
LOCAL_PG_HOST=127.0.0.1 LOCAL_MQ_HOST=127.0.0.1
# Only for trying this script against servers on other ports; everything else assumes these.
LOCAL_PG_PORT="${DAIBAN_LOCAL_PG_PORT:-5432}"
LOCAL_MQ_PORT="${DAIBAN_LOCAL_MQ_PORT:-5672}"
LOCAL_AMQP_URL="amqp://guest:guest@$LOCAL_MQ_HOST:$LOCAL_MQ_PORT/"

# The venv's Python has asyncpg and aio-pika; without them only TCP probes are possible (and
# the database cannot be created).
PY="python3"
if "$VENV_DIR/bin/python" -c 'import asyncpg, aio_pika' 2>/dev/null; then PY="$VENV_DIR/bin/python"; fi

redact() { printf '%s' "$1" | sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#'; }

# probe pg|amqp|createdb|parse URL: the Python half of this script. Exit status:
#   0 fine, 1 nothing usable answers (yet), 2 it answers but refuses us (message on stderr),
#   3 asyncpg is missing, so the database cannot be created.
probe() {
    "$PY" - "$@" <<'PY'
import asyncio
import logging
import socket
import sys
from urllib.parse import unquote, urlsplit

what, url = sys.argv[1], sys.argv[2]
logging.disable(logging.CRITICAL)  # the clients log every failed attempt; the exit status says it


def libpq(u: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if u.startswith(prefix):
            return "postgresql://" + u[len(prefix):]
    return u


def endpoint(u: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(u)
    return parts.hostname or "127.0.0.1", parts.port or default_port


def tcp(host: str, port: int) -> int:
    try:
        with socket.create_connection((host, port), timeout=2):
            return 0
    except OSError:
        return 1


async def pg(create: bool) -> int:
    try:
        import asyncpg
    except ImportError:
        if create:
            return 3
        return tcp(*endpoint(url, 5432))
    u = libpq(url)
    database = unquote(urlsplit(u).path.lstrip("/"))
    # Connect to the maintenance database: the target one may not exist yet.
    maintenance = urlsplit(u)._replace(path="/postgres").geturl()
    try:
        conn = await asyncpg.connect(maintenance, timeout=3)
    except (OSError, asyncio.TimeoutError, asyncpg.CannotConnectNowError,
            asyncpg.TooManyConnectionsError):
        return 1
    except (asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidPasswordError) as exc:
        print(f"Postgres refused the credentials: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # anything else is not going to fix itself by waiting
        print(f"Postgres: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    try:
        if create and database and database != "postgres":
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
            if not exists:
                quoted = '"' + database.replace('"', '""') + '"'
                try:
                    await conn.execute(f"CREATE DATABASE {quoted}")
                    print(f"created database {database}", file=sys.stderr)
                except asyncpg.DuplicateDatabaseError:
                    pass  # created concurrently by someone else: fine
    except Exception as exc:
        print(f"Postgres: could not create database {database!r}: {exc}", file=sys.stderr)
        return 2
    finally:
        await conn.close()
    return 0


async def amqp() -> int:
    try:
        import aio_pika
    except ImportError:
        return tcp(*endpoint(url, 5672))
    try:
        conn = await asyncio.wait_for(aio_pika.connect(url, timeout=3), 6)
    except Exception as exc:
        text = f"{type(exc).__name__}: {exc}"
        if any(s in text for s in ("ACCESS_REFUSED", "Authentication", "NOT_ALLOWED")):
            print(f"RabbitMQ refused the connection: {text}", file=sys.stderr)
            return 2
        return 1  # refused, reset while booting, timed out: may answer later
    await conn.close()
    return 0


if what == "pg":
    sys.exit(asyncio.run(pg(create=False)))
if what == "createdb":
    sys.exit(asyncio.run(pg(create=True)))
if what == "amqp":
    sys.exit(asyncio.run(amqp()))
if what == "dbname":
    print(unquote(urlsplit(libpq(url)).path.lstrip("/")))
    sys.exit(0)
sys.exit(f"unknown probe {what}")
PY
}

PG_HINT="Set DATABASE_URL=postgresql://USER:PASSWORD@HOST:PORT/DATABASE for a role that may create \
databases, or allow the postgres role passwordless loopback access (pg_hba.conf: \
'host all postgres 127.0.0.1/32 trust')."
MQ_HINT="Set AMQP_URL=amqp://USER:PASSWORD@HOST:PORT/VHOST for an account that exists on the broker."

# answers KIND URL HINT: true when the server answers and accepts us; dies when it answers but
# refuses us (waiting or starting another server would not help).
answers() {
    local rc=0
    probe "$1" "$2" || rc=$?
    case "$rc" in
        0) return 0 ;;
        1) return 1 ;;
        3) die "cannot create the database without asyncpg: run 'make venv' first" ;;
        *) die "$(redact "$2") answers but cannot be used (see above). $3" ;;
    esac
}

join_by() { local sep="$1" first="$2"; shift 2; printf '%s' "$first" "${@/#/$sep}"; }

docker_works() { have docker && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; }

# compose_up SERVICE: start one service of deploy/local/docker-compose.yml.
compose_up() {
    log "starting $1 with docker compose -f $COMPOSE_FILE"
    mkdir -p "$INFRA_LOG_DIR"
    docker compose -p daiban -f "$COMPOSE_FILE" up -d --wait "$1" \
        </dev/null >>"$INFRA_LOG_DIR/docker-compose.log" 2>&1 \
        || { tail -n 20 "$INFRA_LOG_DIR/docker-compose.log" >&2; return 1; }
}

# --- Postgres ------------------------------------------------------------------------------------

PG_INSTALLED_NOW=""

# Allow passwordless loopback connections in a cluster this script has just installed, like the
# Docker fallback (POSTGRES_HOST_AUTH_METHOD=trust) and the project's default DATABASE_URL.
pg_trust_loopback() {
    local hba="/etc/postgresql/$1/$2/pg_hba.conf"
    [ -f "$hba" ] || return 0
    grep -q 'daiban: local development' "$hba" && return 0
    log "allowing passwordless loopback connections in $hba (fresh development install)"
    local tmp
    tmp="$(mktemp)"
    {
        echo "# daiban: local development access over loopback (added by scripts/ensure-infra.sh)"
        echo "host    all    all    127.0.0.1/32    trust"
        echo "host    all    all    ::1/128         trust"
        cat "$hba"
    } >"$tmp"
    cat "$tmp" >"$hba"
    rm -f "$tmp"
}

# Start the local cluster that owns port 5432 with pg_ctlcluster (Debian's postgresql-common).
# A cluster that is already running (e.g. the package's service started it on install) is
# reloaded instead, to pick up pg_hba.conf.
pg_start_local() {
    have pg_lsclusters && have pg_ctlcluster || return 1
    local ver="" name="" port status owner
    # pg_lsclusters -h prints e.g. "15 main 5432 down postgres /var/lib/postgresql/15/main <log>"
    read -r ver name port status owner _ < <(pg_lsclusters -h | awk -v p="$LOCAL_PG_PORT" '$3 == p' | head -n 1) || true
    if [ -z "$ver" ]; then
        # Binaries but no cluster at all (e.g. it was dropped): as root, create the default one.
        ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
        if [ -z "$ver" ] || ! is_root || [ -n "$(pg_lsclusters -h)" ]; then
            warn "no Postgres cluster is configured for port $LOCAL_PG_PORT (pg_lsclusters)"
            return 1
        fi
        log "creating Postgres cluster $ver/main"
        pg_createcluster "$ver" main --port "$LOCAL_PG_PORT" </dev/null >&2 || return 1
        name=main owner=postgres status=down
    fi
    if ! is_root && [ "$(id -un)" != "$owner" ]; then
        warn "Postgres cluster $ver/$name is $status; only root or $owner can start it"
        return 1
    fi
    if [ -n "$PG_INSTALLED_NOW" ] && is_root; then pg_trust_loopback "$ver" "$name"; fi
    local action=start
    case "$status" in online*) action=reload ;; esac
    log "Postgres cluster $ver/$name is $status: pg_ctlcluster $action"
    mkdir -p "$INFRA_LOG_DIR"
    # Redirected: a server must not hold the caller's stdout (the $(...) around this script).
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" "$action" \
        </dev/null >>"$INFRA_LOG_DIR/postgres-start.log" 2>&1 \
        || { tail -n 20 "$INFRA_LOG_DIR/postgres-start.log" >&2; return 1; }
    wait_until "$TIMEOUT" "Postgres on $LOCAL_PG_HOST:$LOCAL_PG_PORT" answers pg "$1" "$PG_HINT"
}

ensure_postgres() {
    local dbname local_url
    if [ -n "${DATABASE_URL:-}" ]; then
        if answers pg "$DATABASE_URL" "$PG_HINT"; then
            DB_URL="$DATABASE_URL"
            return 0
        fi
        dbname="$(probe dbname "$DATABASE_URL")"
    fi
    dbname="${dbname:-daiban}"
    local_url="postgresql://postgres@$LOCAL_PG_HOST:$LOCAL_PG_PORT/$dbname"
    if [ -n "${DATABASE_URL:-}" ] && [ "$DATABASE_URL" != "$local_url" ]; then
        warn "DATABASE_URL=$(redact "$DATABASE_URL") does not answer; trying $local_url instead"
    fi
    DB_URL="$local_url"

    answers pg "$DB_URL" "$PG_HINT" && return 0
    local missing=()
    if have pg_ctlcluster || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        pg_start_local "$DB_URL" && return 0
        missing+=("a local PostgreSQL is installed but could not be started (see above)")
    elif is_root && have apt-get; then
        log "PostgreSQL is not installed: installing it from the distribution"
        if apt_install postgresql; then
            PG_INSTALLED_NOW=1
            pg_start_local "$DB_URL" && return 0
            missing+=("PostgreSQL was installed but did not start (see above)")
        else
            missing+=("'apt-get install postgresql' failed")
        fi
    else
        missing+=("PostgreSQL is not installed and this is not root with apt-get, so it cannot be installed")
    fi
    if docker_works; then
        compose_up postgres && wait_until "$TIMEOUT" "Postgres (docker)" answers pg "$DB_URL" "$PG_HINT" \
            && return 0
        missing+=("the Docker fallback did not come up")
    else
        missing+=("no working Docker engine (with the compose plugin) for $COMPOSE_FILE")
    fi
    die "no Postgres: nothing answers on $LOCAL_PG_HOST:$LOCAL_PG_PORT$( [ -n "${DATABASE_URL:-}" ] && printf ' or at DATABASE_URL'); $(join_by '; ' "${missing[@]}"). \
Install and start PostgreSQL (sudo apt-get install postgresql), or set DATABASE_URL to a server that answers."
}

# --- RabbitMQ ------------------------------------------------------------------------------------

mq_start_local() {
    have rabbitmq-server || return 1
    if ! is_root && [ "$(id -un)" != rabbitmq ]; then
        warn "RabbitMQ is installed but does not answer; only root or rabbitmq can start it"
        return 1
    fi
    mkdir -p "$INFRA_LOG_DIR"
    local wait_for="$TIMEOUT"
    log "starting RabbitMQ (rabbitmq-server -detached)"
    # Redirected: a server must not hold the caller's stdout (the $(...) around this script).
    if ! rabbitmq-server -detached </dev/null >>"$INFRA_LOG_DIR/rabbitmq-start.log" 2>&1; then
        # Typically "already running": a node that is still booting (the package's service may
        # have started it). Give it a short while, not the full deadline.
        tail -n 5 "$INFRA_LOG_DIR/rabbitmq-start.log" >&2
        wait_for=30
    fi
    wait_until "$wait_for" "RabbitMQ on $LOCAL_MQ_HOST:$LOCAL_MQ_PORT" answers amqp "$1" "$MQ_HINT"
}

ensure_rabbitmq() {
    if [ -n "${AMQP_URL:-}" ]; then
        if answers amqp "$AMQP_URL" "$MQ_HINT"; then
            MQ_URL="$AMQP_URL"
            return 0
        fi
        [ "$AMQP_URL" = "$LOCAL_AMQP_URL" ] \
            || warn "AMQP_URL=$(redact "$AMQP_URL") does not answer; trying $LOCAL_AMQP_URL instead"
    fi
    MQ_URL="$LOCAL_AMQP_URL"

    answers amqp "$MQ_URL" "$MQ_HINT" && return 0
    local missing=()
    if have rabbitmq-server; then
        mq_start_local "$MQ_URL" && return 0
        missing+=("a local RabbitMQ is installed but could not be started (see above)")
    elif is_root && have apt-get; then
        log "RabbitMQ is not installed: installing it from the distribution"
        if apt_install rabbitmq-server; then
            mq_start_local "$MQ_URL" && return 0
            missing+=("RabbitMQ was installed but did not start (see above)")
        else
            missing+=("'apt-get install rabbitmq-server' failed")
        fi
    else
        missing+=("RabbitMQ is not installed and this is not root with apt-get, so it cannot be installed")
    fi
    if docker_works; then
        compose_up rabbitmq && wait_until "$TIMEOUT" "RabbitMQ (docker)" answers amqp "$MQ_URL" "$MQ_HINT" \
            && return 0
        missing+=("the Docker fallback did not come up")
    else
        missing+=("no working Docker engine (with the compose plugin) for $COMPOSE_FILE")
    fi
    die "no RabbitMQ: nothing answers on $LOCAL_MQ_HOST:$LOCAL_MQ_PORT$( [ -n "${AMQP_URL:-}" ] && printf ' or at AMQP_URL'); $(join_by '; ' "${missing[@]}"). \
Install and start RabbitMQ (sudo apt-get install rabbitmq-server), or set AMQP_URL to a broker that answers."
}

# Quorum queues with `x-dead-letter-strategy: at-least-once` need feature flags that an upgraded
# broker may not have enabled yet. Only for a broker on this machine, and only when rabbitmqctl
# can talk to it (root or the rabbitmq user); otherwise nothing is done.
mq_feature_flags() {
    have rabbitmqctl || return 0
    case "$MQ_URL" in
        *@127.0.0.1:* | *@localhost:* | *@\[::1\]:*) ;;
        *) return 0 ;;
    esac
    is_root || [ "$(id -un)" = rabbitmq ] || return 0
    local flags
    flags="$(timeout 60 rabbitmqctl -q list_feature_flags name state </dev/null 2>/dev/null)" || return 0
    if printf '%s\n' "$flags" | grep -qw disabled; then
        log "enabling RabbitMQ feature flags (rabbitmqctl enable_feature_flag all)"
        timeout 120 rabbitmqctl -q enable_feature_flag all </dev/null >&2 \
            || warn "rabbitmqctl enable_feature_flag all failed; quorum queues may lack at-least-once dead lettering"
    fi
}

ensure_postgres
answers createdb "$DB_URL" "$PG_HINT" \
    || die "Postgres at $(redact "$DB_URL") stopped answering"
log "Postgres: $(redact "$DB_URL")"
ensure_rabbitmq
mq_feature_flags
log "RabbitMQ: $(redact "$MQ_URL")"

printf 'export DATABASE_URL=%s\n' "$(shell_quote "$DB_URL")"
printf 'export AMQP_URL=%s\n' "$(shell_quote "$MQ_URL")"
