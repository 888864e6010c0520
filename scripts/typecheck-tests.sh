#!/usr/bin/env bash
# mypy --strict over the tests, one test tree at a time (each service's tests are a tree of their
# own: unit/ and integration/ hold modules of the same names, conftest.py among them).
#
#     scripts/typecheck-tests.sh [TREE...]     # default: every tree
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

trees=("$@")
if [ ${#trees[@]} -eq 0 ]; then
    trees=(libs/kernel/tests libs/common/tests tests)
    for service in services/*/; do trees+=("${service}tests"); done
    trees+=(web/tests)
fi
rc=0
for tree in "${trees[@]}"; do
    [ -d "$tree" ] || continue
    if [ "$tree" = tests ]; then
        .venv/bin/mypy --strict --explicit-package-bases tests || rc=1
    else
        MYPYPATH="$tree" .venv/bin/mypy --strict --explicit-package-bases "$tree" || rc=1
    fi
done
exit "$rc"
