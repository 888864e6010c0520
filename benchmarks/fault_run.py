"""The fault run: a steady load while every worker is killed once, the broker and the database
restarted once; afterwards nothing may be lost or applied twice.

It starts a Postgres 15 cluster and a RabbitMQ node of its own (benchmarks/own_servers.py; the
machine's servers are shared and never restarted), the platform on them as `make run` does, and
agents taking applications through the gateway at a steady rate, one in twenty walked through
the relay to delivery. Agents press again when a call is lost or answered 5xx, as a person
would (creating calls carry an ``Idempotency-Key``). During the load:

- each worker in turn is killed with SIGKILL mid-work and started again;
- RabbitMQ is stopped and started (every AMQP connection cut);
- Postgres is restarted in fast mode (every session cut, open transactions rolled back).

Then, once the backlog has drained, it checks:

- every case is where its agent left it: accepted cases at the village with their clocks,
  notice and ledger, relayed cases delivered everywhere;
- audit's ledger holds each event id exactly once, and every event any service published
  about a case (its outbox rows) is in it; every outbox row is published;
- notify sent each notification once (one ``notify.deliveries`` row per case × recipient ×
  channel × template);
- nothing is parked.

    python -m benchmarks.fault_run       # make fault
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from benchmarks import pipeline, running_platform
from benchmarks.county_agents import CaseRun, demo_county, tokens
from benchmarks.figures import ms, replace_section, say, table
from benchmarks.hop_watch import HopWatch
from benchmarks.own_servers import OwnPostgres, OwnRabbit
from benchmarks.running_platform import SERVICES, RunningPlatform
from daiban_common.settings import CommonSettings

RATE = float(os.environ.get("FAULT_RATE", "4"))
SECONDS = float(os.environ.get("FAULT_SECONDS", "150"))
DRAIN = float(os.environ.get("FAULT_DRAIN_SECONDS", "120"))
SECTION = "Faults under load: workers killed, broker and database restarted"
RUN_DIR = Path(__file__).resolve().parents[1] / ".run" / "fault"


class Faults:
    """The schedule of faults and what each did, with the time it took to come back."""

    def __init__(self, platform: RunningPlatform, pg: OwnPostgres, rabbit: OwnRabbit) -> None:
        self.platform = platform
        self.pg = pg
        self.rabbit = rabbit
        self.log: list[tuple[float, str, float]] = []  # (at, what, seconds to recover)

    def schedule(self) -> list[tuple[float, str, Callable[[], None]]]:
        step = SECONDS / 9
        plan: list[tuple[float, str, Callable[[], None]]] = []
        for i, svc in enumerate(SERVICES, start=1):
            plan.append((step * i, f"kill -9 the {svc} worker, start it again",
                         self._kill_worker(svc)))
        plan.append((step * 6.5, "restart RabbitMQ", self.rabbit.restart))
        plan.append((step * 8, "restart Postgres (fast)", self.pg.restart))
        return plan

    def _kill_worker(self, svc: str) -> Callable[[], None]:
        def kill_and_start() -> None:
            worker = self.platform.processes[f"{svc}-worker"]
            worker.kill()
            time.sleep(1)
            worker.start()
        return kill_and_start

    async def run(self, began: float) -> None:
        for at, what, act in self.schedule():
            delay = began + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            t0 = time.monotonic()
            say(f"fault run: {what}")
            await asyncio.to_thread(act)
            await running_platform.wait_workers_ready(self.platform, wait=120)
            self.log.append((t0 - began, what, time.monotonic() - t0))


_EXPECTED = """
WITH c AS (SELECT unnest($1::text[]) AS number, unnest($2::bool[]) AS relayed)
SELECT c.number, c.relayed, i.status, r.state,
       (SELECT count(*) FROM sla.clocks k WHERE k.case_number = c.number) AS clocks,
       (SELECT count(*) FROM sla.clocks k WHERE k.case_number = c.number
         AND k.stopped_at IS NULL) AS running,
       (SELECT count(*) FROM notify.deliveries d WHERE d.case_number = c.number) AS notices
FROM c LEFT JOIN intake.cases i ON i.number = c.number
       LEFT JOIN routing.cases r ON r.number = c.number
"""
_LEDGER_TWICE = """SELECT count(*) FROM (SELECT subject, event_id FROM audit.ledger
                   GROUP BY subject, event_id HAVING count(*) > 1) t"""
_OUTBOX = " UNION ALL ".join(f"SELECT '{s}' AS svc, event_id, subject, published_at "
                             f"FROM {s}.outbox" for s in SERVICES)
_NOT_LEDGERED = f"""SELECT o.svc, o.event_id, o.subject FROM ({_OUTBOX}) o
                    LEFT JOIN audit.ledger l ON l.event_id = o.event_id
                    WHERE l.event_id IS NULL"""
_UNPUBLISHED = f"SELECT count(*) FROM ({_OUTBOX}) o WHERE o.published_at IS NULL"
_SENT_TWICE = """SELECT count(*) FROM (SELECT case_number, recipient, channel, template
                 FROM notify.deliveries GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) t"""


async def check(database_url: str, runs: list[CaseRun]) -> tuple[list[str], list[str]]:
    """(findings that are wrong, facts that hold)."""
    wrong: list[str] = []
    fine: list[str] = []
    cases = [r for r in runs if r.number]
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(_EXPECTED, [r.number for r in cases],
                                [bool(r.relay and r.relay_done) for r in cases])
        by_number = {r.number: r for r in cases}
        bad = []
        for row in rows:
            run = by_number[row["number"]]
            if row["relayed"]:
                ok = (row["status"] == "delivered" and row["state"] == "delivered"
                      and row["clocks"] == 3 and row["running"] == 0)
            elif run.accepted:
                ok = (row["status"] == "accepted" and row["state"] == "at_village"
                      and row["clocks"] == 2 and row["running"] == 2)
            else:  # the agent gave up half-way: intake keeps it where it stopped
                ok = row["status"] in ("submitted", "accepted")
            if ok and row["notices"] != 1:
                ok = False
            if not ok:
                bad.append(f"{row['number']}: intake {row['status']}, routing {row['state']}, "
                           f"{row['clocks']} clocks ({row['running']} running), "
                           f"{row['notices']} notice(s)")
        relayed = sum(1 for r in rows if r["relayed"])
        if bad:
            wrong.append(f"{len(bad)} of {len(rows)} cases are not where their agent left "
                         f"them, e.g. " + "; ".join(bad[:3]))
        else:
            fine.append(f"all {len(rows)} cases are where their agent left them ({relayed} "
                        "delivered through the relay, the rest accepted at the village with "
                        "two clocks running and one notice)")
        twice = int(await conn.fetchval(_LEDGER_TWICE))
        (wrong if twice else fine).append(
            f"{twice} ledger subject(s) hold an event id more than once")
        missing = await conn.fetch(_NOT_LEDGERED)
        if missing:
            wrong.append(f"{len(missing)} published event(s) missing from audit's ledger, e.g. "
                         + ", ".join(f"{m['svc']} {m['event_id']} ({m['subject']})"
                                     for m in missing[:3]))
        else:
            fine.append("every event in every service's outbox is in audit's ledger")
        unpublished = int(await conn.fetchval(_UNPUBLISHED))
        (wrong if unpublished else fine).append(f"{unpublished} outbox row(s) left unpublished")
        sent_twice = int(await conn.fetchval(_SENT_TWICE))
        (wrong if sent_twice else fine).append(
            f"{sent_twice} notification(s) sent more than once (case × recipient × channel × "
            "template)")
    finally:
        await conn.close()
    return wrong, fine


async def run() -> str:
    started = datetime.now(UTC)
    shutil.rmtree(RUN_DIR, ignore_errors=True)  # the last run's logs and servers
    RUN_DIR.mkdir(parents=True)
    began_all = time.monotonic()
    pg = OwnPostgres.create(RUN_DIR / "postgres")
    rabbit: OwnRabbit | None = None
    platform: RunningPlatform | None = None
    try:
        rabbit = OwnRabbit.create(RUN_DIR / "rabbit", "daiban-fault")
        env = running_platform.platform_env(pg.url, rabbit.url, RUN_DIR / "platform")
        (RUN_DIR / "platform").mkdir(exist_ok=True)
        await asyncio.to_thread(running_platform.prepare, env)
        platform = await asyncio.to_thread(running_platform.start, env, RUN_DIR / "platform")
        await running_platform.wait_catalogue(pg.url)
        await running_platform.wait_settled(pg.url)
        county = demo_county()
        keys = tokens(CommonSettings(jwt_dev_key_file=env["JWT_DEV_KEY_FILE"]), county)
        faults = Faults(platform, pg, rabbit)
        watch = HopWatch(pg.url, interval=0.5)
        stop = asyncio.Event()
        driver = pipeline.Driver(platform, county, keys, watch)
        driver.attempts = 30
        began = time.monotonic()
        chaos = asyncio.create_task(faults.run(began))
        poller = asyncio.create_task(_resilient(watch, stop))
        await driver.open_loop(RATE, int(RATE * SECONDS))
        await chaos
        await watch.until_complete(time.monotonic() + DRAIN)
        stop.set()
        await poller
        await driver.close()
        drained = time.monotonic() - began
        sessions = await pipeline.database_sessions(pg.url)
        log_signs = pipeline._log_signs(platform, {})
        parked = await running_platform.parked_counts(platform)
        wrong, fine = await check(pg.url, driver.runs)
        if any(parked.values()):
            examples = await running_platform.parked_examples(platform)
            wrong.append("parked: " + ", ".join(f"{s} {n}" for s, n in parked.items() if n)
                         + " — e.g. " + "; ".join(e for ex in examples.values() for e in ex[:2]))
        else:
            fine.append("nothing parked")
        outcome = pipeline._outcome_of("fault run", "", driver.runs, watch)
        retried = [x for r in driver.runs for x in r.retried]
        failed = [r for r in driver.runs if r.error]
    finally:
        if platform is not None:
            platform.stop()
        if rabbit is not None:
            rabbit.remove()
        pg.remove()
    return render(started, faults.log, outcome, wrong, fine, retried, failed, drained,
                  time.monotonic() - began_all) + _evidence(sessions, log_signs)


def _evidence(sessions: list[str], log_signs: dict[str, dict[str, tuple[int, str]]]) -> str:
    signs = [[name, sign, count, f"`{line[:220].replace('|', '/')}`"]
             for name, found in sorted(log_signs.items()) for sign, (count, line) in found.items()
             if sign != "broker reconnects"]
    return ("\nThe database sessions once drained: " + "; ".join(sessions) + ".\n"
            + ("\nIn the process logs (broker reconnects left out: they are the faults):\n\n"
               + table(["process", "sign", "lines", "first"], signs) if signs else ""))


async def _resilient(watch: HopWatch, stop: asyncio.Event) -> None:
    """The poller, reconnecting across the database's restart."""
    while not stop.is_set():
        try:
            await watch.run(stop)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            await asyncio.sleep(1)


def render(started: datetime, log: list[tuple[float, str, float]], out: pipeline.Outcome,
           wrong: list[str], fine: list[str], retried: list[str],
           failed: list[CaseRun], drained: float, total: float) -> str:
    rows = [[f"{at:.0f} s", what, f"{took:.1f} s"] for at, what, took in log]
    verdict = ("**Nothing lost, nothing applied twice.**" if not wrong else
               "**Wrong after the faults:**\n\n" + "\n".join(f"- {w}" for w in wrong))
    retry_kinds: dict[str, int] = {}
    for r in retried:
        retry_kinds[r] = retry_kinds.get(r, 0) + 1
    retries = ", ".join(f"{k} ×{n}" for k, n in sorted(retry_kinds.items(), key=lambda x: -x[1]))
    hops = [[h, f"{len(out.hops.get(h, []))}/"
             f"{out.relay_cases if h.startswith('relay') else out.accepted}",
             ms(out.p(h, 0.5)), ms(out.p(h, 0.99)),
             ms(max(out.hops[h])) if out.hops.get(h) else "—"]
            for h in pipeline.HOP_ORDER]
    return (
        f"Measured by `make fault` (benchmarks/fault_run.py) on {started:%Y-%m-%d}, on a "
        "Postgres 15 cluster and a RabbitMQ node of the run's own (loopback ports), the "
        f"platform as `make run` starts it. {out.cases} cases started at {RATE:g}/s for "
        f"{SECONDS:g} s, one in {pipeline.RELAY_EVERY} walked to delivery; agents press again "
        "when a call is lost or answered 5xx. The faults, and how long until every worker "
        "served its metrics again:\n\n"
        + table(["at", "fault", "back after"], rows)
        + f"\n{verdict}\n\n" + "\n".join(f"- {f}" for f in fine) + "\n\n"
        f"{out.accepted}/{out.cases} applications accepted ({len(failed)} gave up after "
        f"{30} tries each); the load and its drain took {drained:.0f} s, the whole run "
        f"{total:.0f} s. Calls pressed again: {retries or 'none'}.\n\n"
        "The hops through the faults (a case caught by one waits for it):\n\n"
        + table(["hop", "cases", "p50", "p99", "max"], hops))


def main() -> None:
    section = asyncio.run(run())
    replace_section(SECTION, section)
    sys.stdout.write(section)
    if "**Wrong after the faults:**" in section:
        sys.exit(1)


if __name__ == "__main__":
    main()
