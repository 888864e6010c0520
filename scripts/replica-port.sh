#!/bin/sh
# The port of one replica of a process of deploy/local/Procfile: BASE for the first, then every
# REPLICA_PORT_STEP (default 10) further: intake-api.1 -> 8101, intake-api.2 -> 8111, ...
# The replica is the number honcho appends to the process name (HONCHO_PROCESS_NAME=intake-api.2).
#
#     scripts/replica-port.sh BASE
set -eu
base="$1"
replica="${HONCHO_PROCESS_NAME:-}"
replica="${replica##*.}"
case "$replica" in ''|*[!0-9]*) replica=1 ;; esac
echo $((base + ${REPLICA_PORT_STEP:-10} * (replica - 1)))
