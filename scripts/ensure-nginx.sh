#!/usr/bin/env bash
# Make sure an nginx binary exists (the gateway of `make run`; the end-to-end tests start their
# own). Installs the distribution's package when missing and running as root. Prints the path of
# the binary on stdout; messages go to stderr.
#
# Environment: NGINX (path of an nginx binary to use instead of looking for one).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

find_nginx() {
    if [ -n "${NGINX:-}" ]; then
        [ -x "$NGINX" ] && printf '%s\n' "$NGINX" && return 0
        die "NGINX=$NGINX is not an executable"
    fi
    # /usr/sbin is not on every user's PATH.
    command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }
}

if ! find_nginx; then
    if is_root && have apt-get; then
        log "nginx is not installed: installing it from the distribution"
        # The package's own service is not used: the gateway runs in the foreground under
        # honcho with its own configuration.
        apt_install nginx || die "'apt-get install nginx' failed"
        find_nginx || die "nginx was installed but no nginx binary was found"
    else
        die "nginx is not installed and this is not root with apt-get, so it cannot be installed: \
install it (sudo apt-get install nginx) or set NGINX=/path/to/nginx"
    fi
fi
