"""Where the time goes: py-spy attached to every API and worker during a full-speed run.

The platform is started afresh (benchmarks/pipeline.py), 16 agents drive cases at full speed
through the gateway, and after a warm-up ``py-spy record --format raw --nonblocking`` samples
each of the ten service processes for the same window. Idle samples (threads waiting in
``select``/``epoll``) are left out by py-spy itself, so the counts are CPU being spent. The raw
files (collapsed stacks, one line per stack with its count) stay in the run directory; the
report lists, per process, the share of samples in the biggest costs: the leaf functions (self
time) and the packages the time is spent inside of (inclusive: a sample counts for each
package on its stack).

    python -m benchmarks.hot_path        # make profile
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import pipeline
from benchmarks.county_agents import demo_county, tokens
from benchmarks.figures import replace_section, say, table
from benchmarks.own_servers import OwnRabbit
from benchmarks.running_platform import RunningPlatform
from daiban_common.settings import CommonSettings

PY_SPY = Path(sys.executable).with_name("py-spy")
SECONDS = int(os.environ.get("PROFILE_SECONDS", "30"))
WARM_UP = 5.0
RATE = int(os.environ.get("PROFILE_RATE", "50"))  # samples per second per process
TOP = 8
MIN_SAMPLES = 50  # processes that hardly ran are listed by their count only
SECTION = "Where the time goes: py-spy on every process at full speed"

_FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^():]+)(?::\d+)?\)$")
# The packages a sample can be inside of, by a piece of the frame's file path.
PACKAGES = (
    ("daiban (the services' own code)", ("daiban_",)),
    ("sqlalchemy", ("sqlalchemy/",)),
    ("asyncpg", ("asyncpg/",)),
    ("pydantic", ("pydantic/", "pydantic_core/")),
    ("aio-pika / aiormq / pamqp", ("aio_pika/", "aiormq/", "pamqp/")),
    ("fastapi / starlette", ("fastapi/", "starlette/")),
    ("uvicorn / h11 / httptools", ("uvicorn/", "h11/", "httptools/")),
    ("opentelemetry", ("opentelemetry/",)),
    ("prometheus_client", ("prometheus_client/",)),
    ("logging / json logger", ("logging/", "pythonjsonlogger/")),
    ("cryptography / jwt", ("cryptography/", "jwt/")),
    ("asyncio", ("asyncio/",)),
)


def _frames(stack: str) -> list[tuple[str, str]]:
    found = []
    for frame in stack.split(";"):
        m = _FRAME.match(frame.strip())
        found.append((m["func"], m["file"]) if m else (frame.strip(), ""))
    return found


def summarise(raw: str) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    """Samples in all, by leaf function (self), by package (inclusive), and by the services'
    own function nearest the leaf (which of the platform's steps the CPU is spent for)."""
    total = 0
    leaves: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = _frames(stack)
        func, file = frames[-1]
        short = "/".join(file.split("/")[-2:]) if file else ""
        leaves[f"{func} ({short})" if short else func] += n
        files = [f for _, f in frames]
        for package, pieces in PACKAGES:
            if any(piece in f for f in files for piece in pieces):
                packages[package] += n
        mine = [(fn, f) for fn, f in frames if "daiban_" in f]
        if mine:
            fn, f = mine[-1]
            own[f"{fn} ({'/'.join(f.split('/')[-2:])})"] += n
    return total, leaves, packages, own


async def profile(platform: RunningPlatform, out_dir: Path) -> dict[str, Path]:
    """Sample every service process for SECONDS while the agents run at full speed."""
    county = demo_county()
    keys = tokens(CommonSettings(jwt_dev_key_file=platform.env["JWT_DEV_KEY_FILE"]), county)
    files: dict[str, Path] = {}

    async def record() -> None:
        await asyncio.sleep(WARM_UP)
        spies = []
        for name, process in platform.processes.items():
            if name == "gateway" or process.pid is None:
                continue
            files[name] = out_dir / f"{name}.raw"
            spies.append(await asyncio.create_subprocess_exec(
                str(PY_SPY), "record", "-p", str(process.pid), "-d", str(SECONDS),
                "-r", str(RATE), "-f", "raw", "-o", str(files[name]), "--nonblocking",
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        await asyncio.gather(*(s.wait() for s in spies))

    recording = asyncio.create_task(record())
    await pipeline.full_speed(platform, county, keys, seconds=WARM_UP + SECONDS + 2)
    await recording
    return {name: path for name, path in files.items() if path.exists()}


def render(files: dict[str, Path], started: datetime) -> str:
    parts = [
        f"Measured by `make profile` (benchmarks/hot_path.py) on {started:%Y-%m-%d}: "
        f"{pipeline.AGENTS} agents at full speed through the gateway, py-spy sampling each "
        f"API and worker {RATE} times a second for the same {SECONDS} s (non-blocking, idle "
        "threads left out, so a sample is CPU being spent). Per process: its samples, the "
        "packages the time is spent inside of (a sample counts for each package on its stack), "
        "and the leaf functions with the most samples (self time).\n"]
    totals = []
    for name in sorted(files):
        total, leaves, packages, own = summarise(files[name].read_text(encoding="utf-8"))
        totals.append((name, total))
        if total < MIN_SAMPLES:
            continue
        pkg = ", ".join(f"{p} {n / total:.0%}" for p, n in packages.most_common(6))
        rows = [[f"`{leaf[:110].replace('|', '/')}`", f"{n / total:.1%}"]
                for leaf, n in leaves.most_common(TOP)]
        mine = [[f"`{fn[:110].replace('|', '/')}`", f"{n / total:.1%}"]
                for fn, n in own.most_common(TOP)]
        parts.append(f"### {name}: {total:,} samples\n\nInside: {pkg}.\n\n"
                     + table(["leaf function (self time)", "share"], rows) + "\n"
                     + table(["the services' own function nearest the leaf", "share"], mine))
    busiest = sorted(totals, key=lambda t: -t[1])
    most = SECONDS * RATE
    parts.insert(1, f"Samples per process (at most {most:,}, a core busy all the window): "
                 + ", ".join(f"{n} {t:,}" for n, t in busiest) + ".\n")
    return "\n".join(parts)


async def run() -> str:
    started = datetime.now(UTC)
    pipeline.RUNS.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix=f"profile-{started:%H%M%S}-", dir=pipeline.RUNS))
    rabbit = (OwnRabbit.create(run_dir / "rabbit", "daiban-profile")
              if pipeline.BROKER == "own" else None)
    try:
        platform = await pipeline.fresh_platform(run_dir / "platform",
                                                 rabbit.url if rabbit else pipeline.AMQP_URL)
        try:
            files = await profile(platform, run_dir)
        finally:
            await pipeline.stop_platform(platform)
    finally:
        if rabbit is not None:
            rabbit.remove()
    say(f"profile: raw stacks in {run_dir}")
    return render(files, started)


def main() -> None:
    section = asyncio.run(run())
    replace_section(SECTION, section)
    sys.stdout.write(section)


if __name__ == "__main__":
    main()
