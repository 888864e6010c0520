#!/usr/bin/env bash
# `make run`: the whole platform on this machine, in the foreground, until Ctrl-C.
#
#   Postgres + RabbitMQ (scripts/ensure-infra.sh) -> migrations -> demo data (when the command
#   exists) -> honcho with deploy/local/Procfile: five APIs, five workers, the nginx gateway.
#
# Environment (defaults in brackets): REPLICAS [1: how many of each API and worker; the gateway
# spreads requests over the APIs, the workers compete for their queue and outbox],
# GATEWAY_HOST [127.0.0.1], GATEWAY_PORT [8080],
# INTAKE_PORT..NOTIFY_PORT [8101..8105], INTAKE_METRICS_PORT..NOTIFY_METRICS_PORT [9101..9105]
# (replica n uses the port 10 x (n - 1) above; REPLICA_PORT_STEP [10] changes the 10),
# DATABASE_URL / AMQP_URL (see ensure-infra.sh; DATABASE_URL's user owns and migrates the
# schemas), DATABASE_SERVICE_ROLES [true: each service connects as its own role], NGINX (nginx
# binary to use).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

DAIBAN=.venv/bin/daiban
[ -x "$DAIBAN" ] || die "no $DAIBAN: run 'make venv' first"

SERVICES=(intake routing sla audit notify)
export REPLICAS="${REPLICAS:-1}"
export REPLICA_PORT_STEP="${REPLICA_PORT_STEP:-10}"
[[ "$REPLICAS" =~ ^[1-9]$ ]] || die "REPLICAS must be a number from 1 to 9, not '$REPLICAS'"
[[ "$REPLICA_PORT_STEP" =~ ^[1-9][0-9]*$ && "$REPLICA_PORT_STEP" -ge "$REPLICAS" ]] \
    || die "REPLICA_PORT_STEP must be a number of at least REPLICAS ($REPLICAS)"
export GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
export GATEWAY_PORT="${GATEWAY_PORT:-8080}"
i=1
for svc in "${SERVICES[@]}"; do
    up="${svc^^}"
    # INTAKE_PORT=8101, INTAKE_METRICS_PORT=9101, ROUTING_PORT=8102, ... unless already set.
    export "${up}_PORT=$(v="${up}_PORT"; echo "${!v:-810$i}")"
    export "${up}_METRICS_PORT=$(v="${up}_METRICS_PORT"; echo "${!v:-910$i}")"
    i=$((i + 1))
done

# The ports of every replica of a process whose first listens on $1: "8101 8111".
replica_ports() {
    local r
    for ((r = 0; r < REPLICAS; r++)); do printf '%s ' $(($1 + REPLICA_PORT_STEP * r)); done
}

# Fail fast, before anything slow, when a port is taken (often: a previous run still alive).
busy=()
if tcp_open 127.0.0.1 "$GATEWAY_PORT"; then busy+=("GATEWAY_PORT=$GATEWAY_PORT"); fi
for var in INTAKE_PORT ROUTING_PORT SLA_PORT AUDIT_PORT NOTIFY_PORT \
           INTAKE_METRICS_PORT ROUTING_METRICS_PORT SLA_METRICS_PORT AUDIT_METRICS_PORT \
           NOTIFY_METRICS_PORT; do
    for port in $(replica_ports "${!var}"); do
        if tcp_open 127.0.0.1 "$port"; then busy+=("$var(+replicas)=$port"); fi
    done
done
[ ${#busy[@]} -eq 0 ] || die "ports already in use: ${busy[*]}. Stop what listens there \
(a previous 'make run'?) or choose other ports, e.g. GATEWAY_PORT=8081 make run"

# nginx first: a missing one is quicker to report than after migrations.
NGINX_BIN="$(scripts/ensure-nginx.sh)"
export NGINX_BIN

eval "$(scripts/ensure-infra.sh)"       # exports DATABASE_URL and AMQP_URL
export ENVIRONMENT=development
# Logs go to honcho through pipes: without this Python would hold them back in its buffers.
export PYTHONUNBUFFERED=1

# Least privilege: each API and worker connects as its service's own role (daiban_<service>),
# which `daiban migrate` creates and grants its schema only; DATABASE_URL's user migrates.
export DATABASE_SERVICE_ROLES="${DATABASE_SERVICE_ROLES:-true}"
log "migrating every service schema"
"$DAIBAN" migrate >&2
if [ "$DATABASE_SERVICE_ROLES" = true ] && ! "$DAIBAN" roles check >&2; then
    # e.g. a server that trusts only the postgres user on loopback (see ensure-infra.sh)
    log "warning: the services' roles cannot log in here; every service connects as the owner"
    export DATABASE_SERVICE_ROLES=false
fi
log "loading demo data (daiban demo load)"
"$DAIBAN" demo load >&2

# The gateway: nginx in the foreground, its configuration, pid and temp files under .run/nginx/.
export GATEWAY_RUN_DIR="$RUN_DIR/nginx"
# One upstream server per API replica: INTAKE_PORT=8101,8111 for the gateway only.
gateway_ports=()
for svc in "${SERVICES[@]}"; do
    var="${svc^^}_PORT"
    list="$(replica_ports "${!var}")"
    gateway_ports+=("$var=$(tr ' ' , <<<"${list% }")")
done
env "${gateway_ports[@]}" scripts/render-gateway.sh "$GATEWAY_RUN_DIR" >/dev/null
# (Help texts are captured, not piped into `grep -q`: an early close would trip pipefail.)
NGINX_ERRLOG_OPTS=""
nginx_help="$("$NGINX_BIN" -h 2>&1 || true)"
case "$nginx_help" in *"-e filename"*) NGINX_ERRLOG_OPTS="-e stderr" ;; esac  # nginx >= 1.19.5
export NGINX_ERRLOG_OPTS

concurrency=""
for svc in "${SERVICES[@]}"; do concurrency+="$svc-api=$REPLICAS,$svc-worker=$REPLICAS,"; done

count=$((${#SERVICES[@]} * REPLICAS))
log "starting $count APIs, $count workers and the gateway on http://$GATEWAY_HOST:$GATEWAY_PORT (Ctrl-C stops them)"
# Everything the processes need is in this environment; `-e /dev/null` keeps honcho from reading
# a .env file that would silently override it.
exec .venv/bin/honcho -d "$REPO_ROOT" -f "$REPO_ROOT/deploy/local/Procfile" -e /dev/null \
    start -c "${concurrency%,}"
