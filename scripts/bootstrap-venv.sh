#!/usr/bin/env bash
# Create or refresh .venv from uv.lock (what `make venv` runs).
#
# uv itself is pinned and installed with pip into a small bootstrap venv under .cache/, never into
# .venv: `uv sync` removes from .venv whatever the lock does not list, uv included.
#
# Environment: PYTHON (default python3; python3.13/3.12/3.11 are tried when it is older than 3.11).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

UV_VERSION="0.13.8"
CACHE_DIR="$REPO_ROOT/.cache"
UV_VENV="$CACHE_DIR/uv-venv"
UV="$UV_VENV/bin/uv"

cd "$REPO_ROOT"

# --- a Python 3.11+ ----------------------------------------------------------------------------
python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-python3}" python3 python3.13 python3.12 python3.11; do
        if have "$candidate" && python_ok "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

PY="$(find_python)" || die "no Python 3.11 or newer found (tried \$PYTHON='${PYTHON:-}', python3, \
python3.13, python3.12, python3.11); install one (e.g. apt-get install python3) or set PYTHON=/path/to/python3.11+"
PY_EXE="$("$PY" -c 'import sys; print(sys.executable)')"
PY_VER="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

# --- the bootstrap venv that holds uv -----------------------------------------------------------
# Debian/Ubuntu ship `venv` without `ensurepip` unless python3-venv (python3.X-venv) is installed.
make_venv() { "$PY" -m venv --clear "$UV_VENV" >&2; }

# (Checked through pip: a venv left half-made by a failed attempt has a python but no pip.)
if ! "$UV_VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    log "creating the bootstrap venv for uv with $PY_EXE (Python $PY_VER)"
    mkdir -p "$CACHE_DIR"
    # A directory that ignores itself, so .cache/ never shows up in `git status`.
    [ -f "$CACHE_DIR/.gitignore" ] || printf '*\n' >"$CACHE_DIR/.gitignore"
    if ! make_venv; then
        if "$PY" -c 'import ensurepip' 2>/dev/null; then
            die "'$PY -m venv $UV_VENV' failed (see above)"
        fi
        if is_root && have apt-get; then
            log "ensurepip is missing: installing python$PY_VER-venv"
            apt_install "python$PY_VER-venv" || apt_install python3-venv \
                || die "could not install python$PY_VER-venv / python3-venv with apt-get"
            make_venv || die "'$PY -m venv' still fails after installing python3-venv"
        else
            die "Python $PY_VER cannot create virtual environments: the 'ensurepip' module is missing. \
Install the package python$PY_VER-venv (Debian/Ubuntu: sudo apt-get install python$PY_VER-venv), then run 'make venv' again."
        fi
    fi
fi

# `uv --version` prints e.g. "uv 0.13.8 (x86_64-unknown-linux-gnu)".
if [ "$("$UV" --version 2>/dev/null | awk '{print $2}')" != "$UV_VERSION" ]; then
    log "installing uv==$UV_VERSION into $UV_VENV"
    "$UV_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2 \
        || die "pip could not install uv==$UV_VERSION (is the package index reachable?)"
fi

# --- .venv from the lock ------------------------------------------------------------------------
[ -f uv.lock ] || die "uv.lock is missing; it must be committed ('uv lock' creates it)"

export UV_PROJECT_ENVIRONMENT="$VENV_DIR"
# Use the interpreter found above; never download one behind the user's back.
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"
unset VIRTUAL_ENV

python_args=()
# A working .venv keeps its interpreter; a new one is made with the Python found above.
if ! python_ok "$VENV_DIR/bin/python"; then
    python_args=(--python "$PY_EXE")
fi

log "uv sync --frozen (from uv.lock, dev group included)"
"$UV" sync --frozen "${python_args[@]}" >&2 || die "uv sync --frozen failed (see above)"
log "ready: $VENV_DIR"
