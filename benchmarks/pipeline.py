"""The whole pipeline under load: cases driven through the gateway as a county's agents do.

The platform is started as `make run` starts it (benchmarks/running_platform.py), on its own
ports, bus namespace and database. Agents take applications through the gateway
(benchmarks/county_agents.py); every twentieth case also walks the whole relay to delivery. The
hops of every case are read from the services' tables (benchmarks/hop_watch.py).

Scenarios:

- ``rate``: open loop, a case started every 1/rate seconds whatever the platform's pace;
- ``full``: closed loop, N agents each starting their next case when the last is accepted;
- ``ladder``: short open-loop steps at rising rates, until a hop's p99 reaches one second;
- ``backlog``: the workers stopped, cases taken until their events fill intake's outbox,
  the workers started again: how long the backlog takes to drain, nothing parked.

Each scenario reports throughput, p50/p95/p99 per hop and end to end, the HTTP calls, parked and
retried messages, the signs of trouble in the process logs (pool timeouts), each process's CPU
seconds and peak RSS; the full-speed run is compared with pgbench running intake's submit
transaction (benchmarks/submit_pgbench.py).

    python -m benchmarks.pipeline [rate|full|ladder|backlog|pgbench ...]   # default: all
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from benchmarks import running_platform, submit_pgbench
from benchmarks.county_agents import (
    CallFailed,
    CaseRun,
    County,
    Tokens,
    demo_county,
    take_application,
    tokens,
    walk_relay,
)
from benchmarks.figures import ms, percentile, replace_section, say, table
from benchmarks.hop_watch import HopWatch
from benchmarks.own_servers import OwnRabbit
from benchmarks.running_platform import SERVICES, RunningPlatform, process_use
from daiban_common.settings import CommonSettings


def _own_database() -> str:
    """A database of the pipeline's own, made anew each run: DATABASE_URL's name + ``_pipe``."""
    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/daiban_bench")
    return url if url.endswith("_pipe") else url + "_pipe"


DATABASE_URL = os.environ.get("PIPELINE_DATABASE_URL") or _own_database()
# "own": a RabbitMQ node of the run's own (benchmarks/own_servers.py), so that other users of the
# machine's broker neither disturb the figures nor are disturbed; "shared": AMQP_URL's broker.
BROKER = os.environ.get("PIPELINE_BROKER", "own")
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
RATE = float(os.environ.get("PIPELINE_RATE", "18"))       # the issue's busy hour
RATE_CASES = int(os.environ.get("PIPELINE_RATE_CASES", "400"))
AGENTS = int(os.environ.get("PIPELINE_AGENTS", "16"))
FULL_SECONDS = float(os.environ.get("PIPELINE_FULL_SECONDS", "60"))
LADDER = tuple(float(r) for r in os.environ.get("PIPELINE_LADDER", "2,4,6,8,12,16,20").split(","))
LADDER_SECONDS = float(os.environ.get("PIPELINE_LADDER_SECONDS", "20"))
BACKLOG_EVENTS = int(os.environ.get("PIPELINE_BACKLOG_EVENTS", "5000"))
RELAY_EVERY = 20          # 5 % of the cases walk the whole relay
DRAIN_SECONDS = 90.0      # how long a scenario waits for its last cases
MAX_IN_FLIGHT = 400       # open loop, but bounded: past this, starts are counted late
TARGET_P99 = 1.0          # the ladder's bar: every hop's p99 under one second
RUNS = Path(__file__).resolve().parents[1] / ".run" / "bench"


@dataclass
class Outcome:
    """What one scenario measured."""

    name: str
    description: str
    cases: int = 0
    accepted: int = 0
    complete: int = 0
    relay_cases: int = 0
    relay_complete: int = 0
    errors: list[str] = field(default_factory=list)
    late_starts: int = 0
    offered_rate: float | None = None
    accepted_per_s: float = 0.0
    complete_per_s: float = 0.0
    hops: dict[str, list[float]] = field(default_factory=dict)
    calls: dict[str, list[float]] = field(default_factory=dict)
    parked: dict[str, int] = field(default_factory=dict)
    parked_examples: dict[str, list[str]] = field(default_factory=dict)
    outcomes: dict[str, dict[str, float]] = field(default_factory=dict)
    log_signs: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    wall_seconds: float = 0.0
    drain_seconds: float | None = None
    poll_mean_ms: float = 0.0
    sessions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def p(self, hop: str, q: float) -> float:
        total = self.relay_cases if hop.startswith("relay") else self.accepted
        return percentile(self.hops.get(hop, []), q, total=total)

    def worst_p99(self) -> float:
        return max((self.p(h, 0.99) for h in HOP_ORDER if not h.startswith("relay")),
                   default=math.inf)


HOP_ORDER = ("accepted (intake, 3-4 calls)", "routed (routing)", "clocks started (sla)",
             "notified (notify)", "ledgered (audit)", "end to end",
             "relay walked (6 calls)", "relay delivered")


class Driver:
    """Drives cases through the gateway and watches their hops."""

    def __init__(self, platform: RunningPlatform, county: County, keys: Tokens,
                 watch: HopWatch) -> None:
        self.platform = platform
        self.county = county
        self.keys = keys
        self.watch = watch
        self.runs: list[CaseRun] = []
        self.in_flight = 0
        self.attempts = 1  # the fault run retries each step, as an agent would
        self.client = httpx.AsyncClient(
            base_url=platform.gateway, timeout=30,
            limits=httpx.Limits(max_connections=MAX_IN_FLIGHT, max_keepalive_connections=64))

    def new_run(self, i: int, relay_share: bool) -> CaseRun:
        agent = self.county.agents[i % len(self.county.agents)]
        matter = self.county.matters[i % len(self.county.matters)]
        run = CaseRun(agent, matter, relay=relay_share and i % RELAY_EVERY == 0,
                      attempts=self.attempts)
        self.runs.append(run)
        return run

    async def one_case(self, run: CaseRun) -> None:
        self.in_flight += 1
        try:
            await take_application(self.client, run, self.keys.agent[run.agent.staff_id])
        except (CallFailed, httpx.HTTPError) as exc:
            run.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.in_flight -= 1
            if run.number:
                self.watch.watch(run.number)
        if run.relay and run.accepted:
            await self.relay(run)

    async def relay(self, run: CaseRun) -> None:
        watched = self.watch.watch(run.number)
        try:
            await asyncio.wait_for(watched.routed.wait(), DRAIN_SECONDS)
            await walk_relay(self.client, run, self.keys.agent[run.agent.staff_id],
                             self.keys.clerk[run.agent.staff_id])
            run.relay_done = time.time()
            self.watch.relay_walked(run.number)
        except TimeoutError:
            run.error = "relay: routing never held the case"
        except (CallFailed, httpx.HTTPError) as exc:
            run.error = f"relay {type(exc).__name__}: {exc}"

    async def open_loop(self, rate: float, cases: int, *, relay: bool = True) -> int:
        """Start ``cases`` cases at ``rate`` per second; returns the starts that ran late."""
        began = time.monotonic()
        tasks: list[asyncio.Task[None]] = []
        late = 0
        for i in range(cases):
            due = began + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.1 or self.in_flight >= MAX_IN_FLIGHT:
                late += 1
            while self.in_flight >= MAX_IN_FLIGHT:  # noqa: ASYNC110 - a counter, polled
                await asyncio.sleep(0.01)
            tasks.append(asyncio.create_task(self.one_case(self.new_run(i, relay))))
        await asyncio.gather(*tasks)
        return late

    async def closed_loop(self, agents: int, *, seconds: float | None = None,
                          cases: int | None = None, relay: bool = True) -> None:
        """``agents`` agents, each taking its next application once the last is accepted."""
        deadline = time.monotonic() + seconds if seconds is not None else math.inf
        counter = iter(range(10**9))
        relays: list[asyncio.Task[None]] = []

        async def agent() -> None:
            while time.monotonic() < deadline:
                i = next(counter)
                if cases is not None and i >= cases:
                    return
                run = self.new_run(i, relay)
                run.relay, wants_relay = False, run.relay  # the agent moves on; relay apart
                await self.one_case(run)
                if wants_relay and run.accepted:
                    run.relay = True
                    relays.append(asyncio.create_task(self.relay(run)))

        await asyncio.gather(*(agent() for _ in range(agents)))
        await asyncio.gather(*relays)

    async def close(self) -> None:
        await self.client.aclose()


def _outcome_of(name: str, description: str, runs: Sequence[CaseRun], watch: HopWatch,
                ) -> Outcome:
    out = Outcome(name, description, cases=len(runs))
    hops: dict[str, list[float]] = {h: [] for h in HOP_ORDER}
    first = min((r.started for r in runs if r.started), default=0.0)
    last_accept = max((r.accepted for r in runs), default=0.0)
    last_complete = 0.0
    for r in runs:
        for call, seconds in r.calls.items():
            out.calls.setdefault(call, []).extend(seconds)
        if r.error:
            out.errors.append(f"{r.number or '(no number)'}: {r.error}")
        if not r.accepted:
            continue
        out.accepted += 1
        seen = watch.cases[r.number].seen if r.number in watch.cases else {}
        hops["accepted (intake, 3-4 calls)"].append(r.accepted - r.started)
        for hop, label in (("routed", "routed (routing)"), ("clocks", "clocks started (sla)"),
                           ("notified", "notified (notify)"), ("ledgered", "ledgered (audit)")):
            if hop in seen:
                hops[label].append(seen[hop] - r.accepted)
        if "ledgered" in seen:
            hops["end to end"].append(seen["ledgered"] - r.started)
            out.complete += 1
            last_complete = max(last_complete, seen["ledgered"])
        if r.relay:
            out.relay_cases += 1
            if r.relay_done:
                hops["relay walked (6 calls)"].append(r.relay_done - r.relay_started)
            if "delivered" in seen:
                hops["relay delivered"].append(seen["delivered"] - r.relay_started)
                out.relay_complete += 1
    out.hops = hops
    if last_accept > first:
        out.accepted_per_s = out.accepted / (last_accept - first)
    if last_complete > first:
        out.complete_per_s = out.complete / (last_complete - first)
    return out


class Accounting:
    """What the processes used and logged between two moments."""

    def __init__(self, platform: RunningPlatform) -> None:
        self.platform = platform
        self.cpu = {n: u.cpu_seconds for n, u in platform.use().items()}
        self.load_cpu = process_use(os.getpid()).cpu_seconds
        self.offsets = platform.log_sizes()
        self.began = time.monotonic()

    async def metrics_before(self) -> None:
        self.consumed = await running_platform.consumed_outcomes(self.platform)

    async def fill(self, out: Outcome) -> None:
        out.wall_seconds = time.monotonic() - self.began
        use = self.platform.use()
        out.cpu = {n: u.cpu_seconds - self.cpu.get(n, 0.0) for n, u in use.items()}
        out.cpu["load generator"] = process_use(os.getpid()).cpu_seconds - self.load_cpu
        out.peak_rss_mb = {n: u.peak_rss_mb for n, u in use.items()}
        out.parked = await running_platform.parked_counts(self.platform)
        if any(n > 0 for n in out.parked.values()):
            out.parked_examples = await running_platform.parked_examples(self.platform)
        now = await running_platform.consumed_outcomes(self.platform)
        out.outcomes = {
            svc: {k: v - self.consumed.get(svc, {}).get(k, 0.0) for k, v in totals.items()}
            for svc, totals in now.items()}
        out.log_signs = _log_signs(self.platform, self.offsets)
        out.sessions = await database_sessions(self.platform.database_url)


def _log_signs(platform: RunningPlatform, offsets: dict[str, int]
               ) -> dict[str, dict[str, tuple[int, str]]]:
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for name, process in platform.processes.items():
        try:
            with process.log_path.open("rb") as f:
                f.seek(offsets.get(name, 0))
                lines = f.read().decode("utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for sign, pattern in running_platform.LOG_SIGNS.items():
            hits = [(line, m) for line in lines if (m := pattern.search(line))]
            if hits:
                found.setdefault(name, {})[sign] = (len(hits), _excerpt(*hits[0]))
    return found


def _excerpt(line: str, match: re.Match[str]) -> str:
    """A log line's message and, for an exception, its last line."""
    try:
        record = json.loads(line)
    except ValueError:
        return line[max(0, match.start() - 120):match.end() + 160]
    message = str(record.get("message", ""))[:160]
    exc = [x for x in str(record.get("exc_info") or "").strip().splitlines()
           if x.strip() and not x.startswith("(Background on this error")]
    return f"{record.get('time', '')} {message}" + (f" — {exc[-1][:240]}" if exc else "")


_SESSIONS = """SELECT state, count(*) AS n,
                      coalesce(max(extract(epoch FROM now() - xact_start)), 0) AS oldest,
                      (array_agg(left(regexp_replace(query, '\\s+', ' ', 'g'), 160)
                                 ORDER BY xact_start))[1] AS query
               FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
               GROUP BY state ORDER BY state"""


async def database_sessions(database_url: str) -> list[str]:
    """The platform's database sessions by state: a wedge shows as idle in transaction."""
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(_SESSIONS)
        waiting = await conn.fetchval(
            "SELECT count(*) FROM pg_locks WHERE NOT granted")
    finally:
        await conn.close()
    found = [f"{r['n']} {r['state'] or 'no state'} (oldest transaction "
             f"{max(0.0, float(r['oldest'])):.0f} s; "
             f"e.g. `{r['query']}`)" for r in rows]
    return [*found, f"{waiting} lock request(s) waiting"]


async def _scenario(platform: RunningPlatform, county: County, keys: Tokens, name: str,
                    description: str, drive: Callable[[Driver], Awaitable[Any]],
                    drain: float = DRAIN_SECONDS) -> tuple[Outcome, Any, HopWatch]:
    watch = HopWatch(platform.database_url)
    stop = asyncio.Event()
    poller = asyncio.create_task(watch.run(stop))
    driver = Driver(platform, county, keys, watch)
    accounting = Accounting(platform)
    await accounting.metrics_before()
    try:
        extra = await drive(driver)
        await watch.until_complete(time.monotonic() + drain)
    finally:
        stop.set()
        await poller
        await driver.close()
    out = _outcome_of(name, description, driver.runs, watch)
    out.poll_mean_ms = watch.poll_seconds / max(1, watch.polls) * 1000
    await accounting.fill(out)
    return out, extra, watch


async def rate_scenario(platform: RunningPlatform, county: County, keys: Tokens,
                        rate: float = RATE, cases: int = RATE_CASES, name: str | None = None
                        ) -> Outcome:
    async def drive(d: Driver) -> int:
        return await d.open_loop(rate, cases)

    out, late, _ = await _scenario(
        platform, county, keys, name or f"set rate {rate:g} cases/s",
        f"{cases} cases started at {rate:g}/s (open loop) by {len(county.agents)} agents", drive)
    out.offered_rate = rate
    out.late_starts = late
    return out


async def full_speed(platform: RunningPlatform, county: County, keys: Tokens,
                     agents: int = AGENTS, seconds: float = FULL_SECONDS) -> Outcome:
    async def drive(d: Driver) -> None:
        await d.closed_loop(agents, seconds=seconds)

    out, _, _ = await _scenario(platform, county, keys, f"full speed, {agents} agents",
                             f"{agents} agents for {seconds:g} s, each starting the next case as "
                             "soon as the last is accepted (closed loop)", drive)
    return out


async def ladder(platform: RunningPlatform, county: County, keys: Tokens
                 ) -> tuple[list[Outcome], float | None]:
    """Rising rates until a hop's p99 reaches the bar; the highest rate that stayed under."""
    steps: list[Outcome] = []
    best: float | None = None
    for rate in LADDER:
        out = await rate_scenario(platform, county, keys, rate, int(rate * LADDER_SECONDS),
                                  name=f"ladder {rate:g}/s")
        steps.append(out)
        say(f"ladder {rate:g}/s: worst p99 {ms(out.worst_p99())}")
        if out.worst_p99() >= TARGET_P99 or out.errors or out.accepted_per_s < rate * 0.9:
            break
        best = rate
    return steps, best


async def backlog(platform: RunningPlatform, county: County, keys: Tokens,
                  events: int = BACKLOG_EVENTS) -> Outcome:
    """Workers down, ``events`` events queued in intake's outbox; workers up: drain time."""
    cases = math.ceil(events / 2)  # each accepted case: case.submitted + case.accepted
    marks: dict[str, float] = {}

    async def drive(d: Driver) -> int:
        platform.stop_workers()
        began = time.time()
        await d.closed_loop(AGENTS, cases=cases, relay=False)
        marks["queued"] = time.time() - began
        queued = await _unpublished(platform.database_url)
        marks["restarted"] = time.time()
        platform.start_workers()
        await running_platform.wait_workers_ready(platform)
        say(f"backlog: {queued} events queued, workers started")
        return queued

    out, queued, watch = await _scenario(
        platform, county, keys, f"backlog of {events:,} events",
        f"workers stopped; {cases:,} cases taken by {AGENTS} agents, their events waiting in "
        "intake's outbox; then the workers started", drive, drain=DRAIN_SECONDS * 2)
    ledgered = [w.seen["ledgered"] for w in watch.cases.values() if "ledgered" in w.seen]
    if ledgered and len(ledgered) == len(watch.cases):
        out.drain_seconds = max(ledgered) - marks["restarted"]
    else:
        out.notes.append(f"**Not drained**: {len(watch.cases) - len(ledgered):,} of "
                         f"{len(watch.cases):,} cases still incomplete "
                         f"{time.time() - marks['restarted']:.0f} s after the workers started")
    out.notes.append(f"{queued:,} events were waiting in intake's outbox when the workers "
                     f"started ({marks['queued']:.0f} s to take the {cases:,} applications)")
    return out


async def _unpublished(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return int(await conn.fetchval(
            "SELECT count(*) FROM intake.outbox WHERE published_at IS NULL"))
    finally:
        await conn.close()


def render(outcomes: Sequence[Outcome], *, pgbench: submit_pgbench.PgbenchResult | None,
           full: Outcome | None, best_rate: float | None, ladder_steps: Sequence[Outcome],
           started: datetime) -> str:
    """The report's section: one table per scenario, then the comparisons."""
    parts = [
        f"Measured by `make bench` (benchmarks/pipeline.py) on {started:%Y-%m-%d}: the whole "
        "platform as `make run` starts it (five `daiban api`, five `daiban worker`, the nginx "
        "gateway), on the machine's Postgres and RabbitMQ, with the load generator on the same "
        "two cores. Agents take applications through the gateway (submit, mark each mandatory "
        "material, pre-review); every twentieth case also walks the relay to delivery (hand "
        "over, the town clerk acknowledges and decides, hands down, the agent acknowledges and "
        "delivers). Each hop is timed from the moment the case was accepted to the moment the "
        "service's table shows it done (read every 100 ms); end to end runs from the first "
        "call to the last of the case's events in audit's ledger. A case that never reached a "
        "hop counts as infinitely late, so a p99 over incomplete cases reads *not reached*.\n"]
    for out in outcomes:
        parts.append(_render_one(out))
    if ladder_steps:
        rows = [[f"{o.offered_rate:g}/s", f"{o.accepted_per_s:.1f}/s",
                 f"{o.complete}/{o.accepted}", ms(o.worst_p99()),
                 "yes" if o.worst_p99() < TARGET_P99 and not o.errors else "no"]
                for o in ladder_steps]
        parts.append(f"### The highest sustainable rate\n\nOpen-loop steps of "
                     f"{LADDER_SECONDS:g} s at rising rates, stopping at the first step where a "
                     "hop's p99 reaches one second, a call fails, or intake falls behind:\n\n"
                     + table(["offered", "accepted", "complete", "worst hop p99",
                              "every p99 < 1 s"], rows)
                     + ("\n**Highest rate with every hop's p99 under one second: "
                        f"{best_rate:g} cases/s.**\n" if best_rate is not None else
                        "\n**No step kept every hop's p99 under one second.**\n"))
    if pgbench is not None and full is not None:
        ratio = full.accepted_per_s / pgbench.tps if pgbench.tps else math.nan
        parts.append(
            "### Against the database's ceiling\n\n"
            f"pgbench ran intake's submit transaction (benchmarks/submit_pgbench.py) from "
            f"{pgbench.clients} connections for {pgbench.seconds} s in the same run: "
            f"{pgbench.tps:,.0f} transactions/s, {pgbench.latency_ms:.1f} ms average. The "
            f"full-speed pipeline accepted {full.accepted_per_s:.1f} cases/s (each case is one "
            f"submit and 3-4 further calls through the gateway): pipeline/pgbench = "
            f"**{ratio:.3f}**.\n")
    return "\n".join(parts)


def _render_one(out: Outcome) -> str:
    head = [f"### {out.name[0].upper()}{out.name[1:]}\n\n{out.description}. "
            f"{out.accepted}/{out.cases} accepted, {out.complete}/{out.accepted} complete in "
            f"every service; relay sample {out.relay_complete}/{out.relay_cases} delivered. "
            f"Accepted {out.accepted_per_s:.1f} cases/s, completed {out.complete_per_s:.1f} "
            f"cases/s; {out.wall_seconds:.0f} s in all."]
    if out.late_starts:
        head.append(f"{out.late_starts} starts were late (the generator or the platform "
                    "could not keep the pace).")
    if out.drain_seconds is not None:
        head.append(f"**Drained in {out.drain_seconds:.1f} s** from the workers' start to "
                    "the last case's last ledger entry.")
    head += [n + "." for n in out.notes]
    rows = []
    for hop in HOP_ORDER:
        values = out.hops.get(hop, [])
        total = out.relay_cases if hop.startswith("relay") else out.accepted
        if not total:
            continue
        rows.append([hop, f"{len(values)}/{total}", ms(out.p(hop, 0.5)), ms(out.p(hop, 0.95)),
                     ms(out.p(hop, 0.99)), ms(max(values)) if values else "—"])
    body = " ".join(head) + "\n\n" + table(["hop", "cases", "p50", "p95", "p99", "max"], rows)
    calls = [[name, len(v), ms(percentile(v, 0.5)), ms(percentile(v, 0.95)),
              ms(percentile(v, 0.99))] for name, v in sorted(out.calls.items())]
    body += "\nCalls through the gateway:\n\n" + table(["call", "n", "p50", "p95", "p99"], calls)
    parked = ", ".join(f"{s} {n}" for s, n in out.parked.items())
    retried = ", ".join(f"{s} {out.outcomes.get(s, {}).get('failed', 0):.0f}" for s in SERVICES)
    body += (f"\nParked at the end: {parked}. Deliveries refused and retried (the workers' "
             f"`daiban_events_consumed_total{{outcome=\"failed\"}}`): {retried}.\n")
    for svc, examples in out.parked_examples.items():
        body += f"Parked in {svc}, e.g.: " + "; ".join(examples) + ".\n"
    if out.errors:
        shown = "\n".join(f"    {e[:300]}" for e in out.errors[:5])
        body += f"\n{len(out.errors)} case(s) failed a call, the first:\n\n{shown}\n"
    signs = [[name, sign, count, f"`{line[:220].replace('|', '/')}`"]
             for name, found in sorted(out.log_signs.items())
             for sign, (count, line) in found.items()]
    body += ("\nIn the process logs during the scenario:\n\n"
             + table(["process", "sign", "lines", "first"], signs) if signs
             else "\nThe process logs show no pool timeout, traceback or handler failure.\n")
    if out.sessions:
        body += ("\nThe platform's database sessions at the end: "
                 + "; ".join(s.replace("|", "/") for s in out.sessions) + ".\n")
    rows = [[name, f"{out.cpu.get(name, 0.0):.1f}",
             f"{out.peak_rss_mb[name]:.0f}" if name in out.peak_rss_mb else "—"]
            for name in sorted(out.cpu)]
    body += ("\nCPU seconds used during the scenario and peak RSS (MB) of each process "
             f"(from /proc); the hop poller's queries took {out.poll_mean_ms:.1f} ms each on "
             "average:\n\n" + table(["process", "CPU s", "peak RSS MB"], rows))
    return body


SCENARIOS = ("rate", "full", "pgbench", "ladder", "backlog")


async def run(selected: Sequence[str] = SCENARIOS) -> str:
    """Start the platform, run the selected scenarios, stop it; the report's section."""
    started = datetime.now(UTC)
    RUNS.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix=f"pipeline-{started:%H%M%S}-", dir=RUNS))
    rabbit = OwnRabbit.create(run_dir / "rabbit", "daiban-bench") if BROKER == "own" else None
    try:
        return await _run_on(selected, started, run_dir, rabbit.url if rabbit else AMQP_URL)
    finally:
        if rabbit is not None:
            rabbit.remove()


async def fresh_platform(run_dir: Path, amqp_url: str) -> RunningPlatform:
    """A new database and bus namespace, `daiban migrate` and `daiban demo load`, the processes
    started, the demo catalogue in routing's and sla's read models and every installation event
    in audit's ledger."""
    run_dir.mkdir(parents=True, exist_ok=True)
    env = running_platform.platform_env(DATABASE_URL, amqp_url, run_dir)
    await running_platform.recreate_database(DATABASE_URL)
    await asyncio.to_thread(running_platform.prepare, env)
    platform = await asyncio.to_thread(running_platform.start, env, run_dir)
    try:
        await running_platform.wait_catalogue(DATABASE_URL)
        await running_platform.wait_settled(DATABASE_URL)
    except BaseException:
        await stop_platform(platform)
        raise
    say(f"pipeline: platform up, logs in {run_dir}/logs")
    return platform


async def stop_platform(platform: RunningPlatform) -> None:
    await asyncio.to_thread(platform.stop)
    await running_platform.drop_namespace(platform)


async def _run_on(selected: Sequence[str], started: datetime, run_dir: Path, amqp_url: str
                  ) -> str:
    """Each scenario on a platform started afresh, so that one's wedge is not the next one's."""
    county = demo_county()
    outcomes: list[Outcome] = []
    full: Outcome | None = None
    pg: submit_pgbench.PgbenchResult | None = None
    steps: list[Outcome] = []
    best: float | None = None
    for name in selected:
        say(f"pipeline: {name}")
        if name == "pgbench":
            pg = await submit_pgbench.run(DATABASE_URL, clients=AGENTS)
            say(f"pgbench: {pg}")
            continue
        platform = await fresh_platform(run_dir / name, amqp_url)
        keys = tokens(CommonSettings(jwt_dev_key_file=platform.env["JWT_DEV_KEY_FILE"]),
                      county)
        try:
            if name == "rate":
                outcomes.append(await rate_scenario(platform, county, keys))
            elif name == "full":
                full = await full_speed(platform, county, keys)
                outcomes.append(full)
            elif name == "ladder":
                steps, best = await ladder(platform, county, keys)
            elif name == "backlog":
                outcomes.append(await backlog(platform, county, keys))
            else:
                raise SystemExit(f"unknown scenario {name!r}")
        finally:
            await stop_platform(platform)
        for out in (outcomes[-1:] if name != "ladder" else steps):
            say(_render_one(out))
    (run_dir / "outcomes.json").write_text(json.dumps(
        {"outcomes": [asdict(o) for o in outcomes + steps],
         "pgbench": asdict(pg) if pg else None, "best_rate": best}, default=str))
    return render(outcomes, pgbench=pg, full=full, best_rate=best, ladder_steps=steps,
                  started=started)


SECTION = "The whole pipeline under load, through the gateway"


def main() -> None:
    selected = sys.argv[1:] or list(SCENARIOS)
    section = asyncio.run(run(selected))
    replace_section(SECTION, section)
    sys.stdout.write(section)


if __name__ == "__main__":
    main()
