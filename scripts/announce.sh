#!/usr/bin/env bash
# The `ready` process of deploy/local/Procfile: waits until every API answers, then checks each
# through the gateway and prints where things are. It never exits by itself, because honcho
# stops all processes as soon as one ends.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT" || exit 1

.venv/bin/python - <<'PY'
import os
import time
import urllib.request

services = ["intake", "routing", "sla", "audit", "notify"]
base = f"http://{os.environ['GATEWAY_HOST']}:{os.environ['GATEWAY_PORT']}"
replicas = int(os.environ.get("REPLICAS", "1"))
step = int(os.environ.get("REPLICA_PORT_STEP", "10"))


def ports(variable: str) -> list[int]:
    # Replica n of a process listens step x (n - 1) above the first (scripts/replica-port.sh).
    first = int(os.environ[variable])
    return [first + step * r for r in range(replicas)]


direct = {(svc, port): f"http://127.0.0.1:{port}/healthz"
          for svc in services for port in ports(svc.upper() + "_PORT")}
direct[("web", int(os.environ["WEB_PORT"]))] = f"http://127.0.0.1:{os.environ['WEB_PORT']}/healthz"


def ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own URLs
            return response.status == 200
    except OSError:
        return False


# Poll the services directly (polling through the gateway would fill its log with 502s while
# they import), then make one request per service through the gateway.
waiting = set(direct)
deadline = time.monotonic() + 180
while waiting and time.monotonic() < deadline:
    waiting = {replica for replica in waiting if not ok(direct[replica])}
    if waiting:
        time.sleep(1)
silent = {svc for svc, _ in waiting}
broken = sorted(silent | {svc for svc in services if svc not in silent
                          and not ok(f"{base}/api/{svc}/healthz")}
                | ({"web"} if "web" not in silent and not ok(f"{base}/board/") else set()))
lines = [""]
if broken:
    lines.append(f"NOT answering through the gateway: {', '.join(broken)} (see the log above)")
lines += [
    f"Daiban is running, {replicas} of each API and worker. Gateway: {base}/",
    f"Hall-screen board (the demo county): {base}/board/110116",
    f"Staff workbench (development sign-in as a demo member): {base}/workbench/",
    "API docs, through the gateway:",
    *[f"  {svc:<8} {base}/api/{svc}/docs" for svc in services],
    f"Health: {base}/api/<service>/healthz and /readyz",
    "A token for the APIs (send it as 'Authorization: Bearer <token>'):",
    "  .venv/bin/daiban token --role village_agent --place 110116104201",
    "Worker metrics, for Prometheus (not through the gateway): " + ", ".join(
        f"{svc} " + " ".join(f":{p}" for p in ports(svc.upper() + "_METRICS_PORT"))
        for svc in services),
    "Ctrl-C stops everything.",
    "",
]
print("\n".join(lines), flush=True)
PY
exec sleep infinity
