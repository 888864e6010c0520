"""pgbench running intake's submit transaction: the database's own ceiling for opening cases.

The script is the SQL intake sends for ``POST /v1/cases`` (captured from its engine): read the
published matter version, take the day's next case number (the upsert of ``case_sequences``),
insert the case and its ``case.submitted`` outbox row, ``pg_notify`` the relay, commit; then
read the case and its matter version back for the response. It runs against copies of intake's
tables (``CREATE TABLE … (LIKE intake.… INCLUDING ALL)``) in a schema of its own, so no relay
publishes its rows, with prepared statements as asyncpg uses them. The literals are intake's
own rows but for the colons inside the envelope's time and schema URN, which pgbench would read as
variables (``:46``, ``:schema``): they are dashes and dots here, the same length.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

PGBENCH = Path("/usr/lib/postgresql/15/bin/pgbench")
SCHEMA = "bench_submit"
TABLES = ("matters", "matter_versions", "case_sequences", "cases", "outbox")

SCRIPT = r"""
\set n random(1, 1000000000)
BEGIN;
SELECT v.code, v.version, v.name, v.department_code, v.kind, v.deciding_tier,
       v.limit_working_days, v.proxy_allowance_days, v.stage_days, v.materials,
       v.authorization_required, v.timeout_default_stages, v.department_fee_yuan, v.created_at,
       m.published
  FROM bench_submit.matter_versions v JOIN bench_submit.matters m
    ON v.code = m.code AND v.version = m.current_version
 WHERE m.code = 'GA-004' AND m.published;
INSERT INTO bench_submit.case_sequences (county_code, day, last)
VALUES ('110116', current_date, 1)
ON CONFLICT (county_code, day) DO UPDATE SET last = bench_submit.case_sequences.last + 1
RETURNING last \gset
INSERT INTO bench_submit.cases (number, matter_code, matter_version, village_code, channel,
    applicant_name, applicant_id_sealed, applicant_id_hash, applicant_id_masked,
    applicant_phone, opened_by, opened_at, status, version, applicant_home_village,
    special_groups, owner, checklist, "authorization", notices, returns, relay_version,
    decision, closed_why, receipt, rating)
VALUES ('110116-' || to_char(current_date, 'YYYYMMDD') || '-' || lpad(:last::text, 6, '0'),
    'GA-004', 1, '110116111201', 'station', '李林珍',
    decode(md5(:n::text) || md5((:n + 1)::text) || md5((:n + 2)::text), 'hex'),
    md5(:n::text) || md5((:n + 3)::text), '110105********002X', '13800138000',
    '{"staff_id": "110116-0823", "role": "village_agent", "place": "110116111201"}', now(),
    'submitted', 1, '110116111201', '[]',
    '{"staff_id": "110116-0823", "role": "village_agent", "place": "110116111201"}',
    '[{"name": "居民身份证", "form": "original_and_copy", "count": 1, "mandatory": true, "state": '
    '"missing", "note": null}, {"name": "户口簿", "form": "original_and_copy", "count": 1, '
    '"mandatory": true, "state": "missing", "note": null}]',
    NULL, '[]', '[]', 0, NULL, NULL, NULL, NULL);
INSERT INTO bench_submit.outbox (event_id, event_type, subject, envelope, trace_headers)
VALUES (gen_random_uuid()::text, 'case.submitted', 'case-' || :last,
    '{"id": "e4b6e4c4-0841-42e0-9696-ee9d10909199", "source": "/daiban/intake", "type": '
    '"case.submitted", "specversion": "1.0", "time": "2026-12-01T08.46.32.829788Z", "subject": '
    '"110116-20261201-000001", "datacontenttype": "application/json", "dataschema": '
    '"urn-daiban-schema-case.submitted-v1", "placecode": "110116111201", "data": {"case": '
    '{"case_number": "110116-20261201-000001", "matter_code": "GA-004", "matter_version": 1, '
    '"village_code": "110116111201"}, "applicant": {"name": "李林珍", "id_number_masked": '
    '"110105********002X", "phone_masked": "138****8000"}, "submitted_by": {"staff_id": '
    '"110116-0823", "role": "village_agent", "place": "110116111201"}, "channel": "station"}}',
    '{}') RETURNING seq;
SELECT pg_notify('bench_submit_outbox', '');
COMMIT;
SELECT number, status, version FROM bench_submit.cases
 WHERE number = '110116-' || to_char(current_date, 'YYYYMMDD') || '-' || lpad(:last::text, 6, '0');
SELECT v.code, v.version, m.current_version, m.published FROM bench_submit.matter_versions v
  JOIN bench_submit.matters m ON m.code = v.code WHERE v.code = 'GA-004' AND v.version = 1;
"""


@dataclass(frozen=True)
class PgbenchResult:
    clients: int
    seconds: int
    tps: float
    latency_ms: float
    transactions: int


async def _copy_tables(database_url: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        for table in TABLES:
            await conn.execute(
                f"CREATE TABLE {SCHEMA}.{table} (LIKE intake.{table} INCLUDING ALL)")
        for table in ("matters", "matter_versions"):
            await conn.execute(f"INSERT INTO {SCHEMA}.{table} SELECT * FROM intake.{table}")
    finally:
        await conn.close()


async def _drop(database_url: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    finally:
        await conn.close()


async def run(database_url: str, *, clients: int, seconds: int = 15) -> PgbenchResult:
    """The submit transaction at full speed from ``clients`` connections."""
    if not PGBENCH.exists():
        raise RuntimeError(f"{PGBENCH} is missing (Debian's postgresql-15 ships it)")
    url = make_url(database_url.replace("+asyncpg", ""))
    await _copy_tables(database_url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "submit.sql"
            script.write_text(SCRIPT, encoding="utf-8")
            done = await asyncio.to_thread(
                subprocess.run,
                [str(PGBENCH), "-n", "-M", "prepared", "-D", "last=0", "-c", str(clients),
                 "-j", "2", "-T", str(seconds), "-f", str(script),
                 "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
                 "-U", url.username or "postgres", url.database or "postgres"],
                capture_output=True, text=True, timeout=seconds + 60)
    finally:
        await _drop(database_url)
    if done.returncode != 0:
        raise RuntimeError(f"pgbench failed:\n{done.stdout}\n{done.stderr}")
    tps = re.search(r"tps = ([0-9.]+)", done.stdout)
    latency = re.search(r"latency average = ([0-9.]+) ms", done.stdout)
    count = re.search(r"number of transactions actually processed: (\d+)", done.stdout)
    if not (tps and latency and count):
        raise RuntimeError(f"cannot read pgbench's output:\n{done.stdout}")
    return PgbenchResult(clients, seconds, float(tps.group(1)), float(latency.group(1)),
                         int(count.group(1)))
