#!/usr/bin/env bash
# Render deploy/gateway/nginx.conf.template into a run directory and check it with `nginx -t`.
#
#     scripts/render-gateway.sh [RUN_DIR]          # default: .run/nginx
#
# Prints the path of the rendered nginx.conf on stdout. Start the gateway with
#     nginx -p RUN_DIR/ -c RUN_DIR/nginx.conf [-e stderr]
# (it stays in the foreground; `-e stderr`, nginx >= 1.19.5, keeps it from touching the
# compiled-in error log before it has read the configuration).
#
# Environment (defaults in brackets): GATEWAY_HOST [127.0.0.1], GATEWAY_PORT [8080],
# UPSTREAM_HOST [127.0.0.1], INTAKE_PORT [8101], ROUTING_PORT [8102], SLA_PORT [8103],
# AUDIT_PORT [8104], NOTIFY_PORT [8105], WEB_PORT [8110: the web front], GATEWAY_MAX_BODY [1088k: 1 MiB + 64 KiB],
# GATEWAY_MAX_HEADER [8k: the longest request line or header], GATEWAY_PROXY_TIMEOUT [60s: how
# long a service may take to answer before the client gets 504], NGINX [found on PATH or /usr/sbin].
# A service port may be a comma-separated list (INTAKE_PORT=8101,8111): one upstream server per
# replica of that service's API.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out="${1:-$RUN_DIR/nginx}"
template="$REPO_ROOT/deploy/gateway/nginx.conf.template"

GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
UPSTREAM_HOST="${UPSTREAM_HOST:-127.0.0.1}"
INTAKE_PORT="${INTAKE_PORT:-8101}"
ROUTING_PORT="${ROUTING_PORT:-8102}"
SLA_PORT="${SLA_PORT:-8103}"
AUDIT_PORT="${AUDIT_PORT:-8104}"
NOTIFY_PORT="${NOTIFY_PORT:-8105}"
WEB_PORT="${WEB_PORT:-8110}"
GATEWAY_MAX_BODY="${GATEWAY_MAX_BODY:-1088k}"
GATEWAY_MAX_HEADER="${GATEWAY_MAX_HEADER:-8k}"
GATEWAY_PROXY_TIMEOUT="${GATEWAY_PROXY_TIMEOUT:-60s}"

# The values end up in nginx syntax through sed: accept only what they can legitimately be.
[[ "$GATEWAY_PORT" =~ ^[0-9]{1,5}$ ]] || die "GATEWAY_PORT must be a port number, not '$GATEWAY_PORT'"
for var in INTAKE_PORT ROUTING_PORT SLA_PORT AUDIT_PORT NOTIFY_PORT WEB_PORT; do
    [[ "${!var}" =~ ^[0-9]{1,5}(,[0-9]{1,5})*$ ]] \
        || die "$var must be a port number or a comma-separated list of them, not '${!var}'"
done
for var in GATEWAY_HOST UPSTREAM_HOST; do
    [[ "${!var}" =~ ^[A-Za-z0-9.:-]+$ ]] || die "$var must be a host name or address, not '${!var}'"
done
[[ "$GATEWAY_MAX_BODY" =~ ^[0-9]+[kKmM]?$ ]] || die "GATEWAY_MAX_BODY must look like 1088k"
[[ "$GATEWAY_MAX_HEADER" =~ ^[0-9]+[kK]?$ ]] || die "GATEWAY_MAX_HEADER must look like 8k"
[[ "$GATEWAY_PROXY_TIMEOUT" =~ ^[0-9]+(ms|s|m)?$ ]] || die "GATEWAY_PROXY_TIMEOUT must look like 60s"

bracket() { case "$1" in *:*) printf '[%s]' "$1" ;; *) printf '%s' "$1" ;; esac; }  # IPv6

# "8101,8111" -> "server 127.0.0.1:8101; server 127.0.0.1:8111;"
servers() {
    local port list=""
    IFS=, read -ra ports <<<"$1"
    for port in "${ports[@]}"; do list+="server $(bracket "$UPSTREAM_HOST"):$port; "; done
    printf '%s' "${list% }"
}

# As root, nginx's workers switch to an unprivileged user; name one that exists here (the
# compiled-in default group does not exist everywhere). They need no file access: see template.
user_directive=""
if is_root; then
    if getent passwd nobody >/dev/null && getent group nogroup >/dev/null; then
        user_directive="user nobody nogroup;"
    elif getent passwd nobody >/dev/null && getent group nobody >/dev/null; then
        user_directive="user nobody nobody;"
    fi
fi

mkdir -p "$out/tmp"
sed -e "s|@GATEWAY_LISTEN@|$(bracket "$GATEWAY_HOST"):$GATEWAY_PORT|g" \
    -e "s|@UPSTREAM_HOST@|$(bracket "$UPSTREAM_HOST")|g" \
    -e "s|@INTAKE_SERVERS@|$(servers "$INTAKE_PORT")|g" \
    -e "s|@ROUTING_SERVERS@|$(servers "$ROUTING_PORT")|g" \
    -e "s|@SLA_SERVERS@|$(servers "$SLA_PORT")|g" \
    -e "s|@AUDIT_SERVERS@|$(servers "$AUDIT_PORT")|g" \
    -e "s|@NOTIFY_SERVERS@|$(servers "$NOTIFY_PORT")|g" \
    -e "s|@WEB_SERVERS@|$(servers "$WEB_PORT")|g" \
    -e "s|@MAX_BODY@|$GATEWAY_MAX_BODY|g" \
    -e "s|@LARGE_HEADER@|$GATEWAY_MAX_HEADER|g" \
    -e "s|@PROXY_TIMEOUT@|$GATEWAY_PROXY_TIMEOUT|g" \
    -e "s|@USER_DIRECTIVE@|$user_directive|g" \
    "$template" >"$out/nginx.conf.new"
if grep -n '@[A-Z_]*@' "$out/nginx.conf.new" >&2; then
    die "unrendered placeholders left in $out/nginx.conf (above)"
fi
mv "$out/nginx.conf.new" "$out/nginx.conf"

nginx_bin="$("$(dirname "$0")/ensure-nginx.sh")"
errlog=()
nginx_help="$("$nginx_bin" -h 2>&1 || true)"
case "$nginx_help" in *"-e filename"*) errlog=(-e stderr) ;; esac  # nginx >= 1.19.5
"$nginx_bin" -q -t -p "$out/" -c "$out/nginx.conf" "${errlog[@]}" \
    || die "nginx rejects the rendered configuration $out/nginx.conf"
printf '%s\n' "$out/nginx.conf"
