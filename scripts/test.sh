#!/usr/bin/env bash
# `make test`: the test suite against a real Postgres and RabbitMQ.
#
# DATABASE_URL defaults to the daiban_test database (set by the Makefile); ensure-infra.sh finds
# or starts the servers and creates that database. The end-to-end tests start their own nginx
# gateway, so nginx is installed when missing (as root), and the browser tests drive Debian's
# chromium, installed the same way. PYTEST_ARGS is passed to pytest
# (shell quoting is honoured: PYTEST_ARGS='-k "intake and not slow" -x').
#
# The exit status is pytest's, except that "no tests collected" (5) is reported as a failure
# explicitly. (make itself turns any failing recipe into status 2.)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

[ -x .venv/bin/pytest ] || die "no .venv/bin/pytest: run 'make venv' first"

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/daiban_test}"
eval "$(scripts/ensure-infra.sh)"

if nginx_bin="$(scripts/ensure-nginx.sh)"; then
    log "nginx for the end-to-end tests: $nginx_bin"
else
    warn "no nginx: the end-to-end tests through the gateway will fail"
fi
# The browser tests drive Debian's chromium (scripts/ensure-chromium.sh installs it as root).
if chromium_bin="$(scripts/ensure-chromium.sh)"; then
    log "chromium for the browser tests: $chromium_bin"
    export CHROMIUM="$chromium_bin"
else
    warn "no chromium: the browser tests will fail"
fi

pytest_args=()
eval "pytest_args=(${PYTEST_ARGS:-})"
log "running .venv/bin/pytest ${pytest_args[*]}"
rc=0
.venv/bin/pytest "${pytest_args[@]}" || rc=$?
case "$rc" in
    0) ;;
    5) log "pytest collected no tests: that is a failure" ;;
    *) log "pytest exited with status $rc" ;;
esac
exit "$rc"
