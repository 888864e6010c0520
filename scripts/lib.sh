# shellcheck shell=bash
# Helpers shared by the scripts in this directory; source it, do not run it.
#
# Everything a script says goes to stderr, so that stdout stays free for machine-readable
# output (ensure-infra.sh prints `export VAR=...` lines there for callers to eval).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Used by the scripts that source this file.
# shellcheck disable=SC2034
VENV_DIR="$REPO_ROOT/.venv"
# shellcheck disable=SC2034
RUN_DIR="$REPO_ROOT/.run"

_script_name="$(basename "$0")"

# nginx, rabbitmq-server and rabbitmqctl live in /usr/sbin, which not every user has on PATH.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac

log() { printf '%s: %s\n' "$_script_name" "$*" >&2; }
warn() { printf '%s: WARNING: %s\n' "$_script_name" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$_script_name" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Quote a value for safe use in `eval` by any POSIX shell.
shell_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# tcp_open HOST PORT: true when something accepts TCP connections there (2 s timeout).
tcp_open() {
    local host="$1" port="$2"
    if have timeout; then
        timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
    else
        bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
    fi
}

# wait_until DEADLINE_SECONDS WHAT COMMAND...: retry COMMAND every second until it succeeds.
wait_until() {
    local seconds="$1" what="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            warn "gave up after ${seconds}s waiting for $what"
            return 1
        fi
        sleep 1
    done
}

# apt_install PACKAGE...: install distribution packages (root only), refreshing the index once.
_APT_UPDATED=""
apt_install() {
    is_root || return 1
    have apt-get || return 1
    if [ -z "$_APT_UPDATED" ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || return 1
        _APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}
