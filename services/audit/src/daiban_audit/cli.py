"""``daiban ledger``: verify the ledger, export it, and read its latest checkpoint and key.

``daiban ledger verify --offline FILE --checkpoint NOTE --key KEY`` needs no database and no
settings: an export, a signed checkpoint and the log's public key are enough."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from daiban_audit import bootstrap, handlers
from daiban_audit.domain.checkpoint import VerifierKey
from daiban_audit.domain.verification import Verdict
from daiban_audit.ports import UnitOfWork
from daiban_audit.settings import AuditSettings
from daiban_kernel.errors import InvalidInput

ledger_app = typer.Typer(name="ledger", no_args_is_help=True,
                         help="The ledger: verify it, export it, its checkpoint and key.")


def _report(verdict: Verdict) -> None:
    t = verdict.bad_subtree
    named = None if t is None else {"height": t.height, "index": t.idx,
                                    "first_seq": t.start + 1, "last_seq": t.end}
    typer.echo(json.dumps({"ok": verdict.ok, **asdict(verdict), "bad_subtree": named},
                          ensure_ascii=False))
    if not verdict.ok:
        raise typer.Exit(1)


def _text(value: str) -> str:
    """The value, or the contents of the file it names."""
    path = Path(value)
    return path.read_text(encoding="utf-8") if path.is_file() else value


@ledger_app.command("verify")
def verify(
    offline: Annotated[Path | None, typer.Option(
        help="an export file (daiban ledger export): check it without the database")] = None,
    checkpoint: Annotated[str | None, typer.Option(
        help="with --offline: the signed checkpoint note, or a file holding it")] = None,
    key: Annotated[str | None, typer.Option(
        help="with --offline: the log's verifier key (name+keyid+key), or a file holding it")]
    = None,
) -> None:
    """Recompute every entry's leaf, every stored subtree root and every checkpoint's root; name
    the first entry, subtree or checkpoint that does not match (exit status 1)."""
    if offline is None:
        _report(asyncio.run(_verify_online(AuditSettings())))
        return
    if checkpoint is None or key is None:
        raise typer.BadParameter("--offline needs --checkpoint and --key")
    try:
        with offline.open(encoding="utf-8") as lines:
            verdict = handlers.verify_offline(lines, _text(checkpoint),
                                              VerifierKey.parse(_text(key)),
                                              bootstrap.signature_check())
    except InvalidInput as exc:
        typer.echo(f"refused: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    _report(verdict)


async def _verify_online(settings: AuditSettings) -> Verdict:
    service = bootstrap.build(settings)
    try:
        return await service.queries.verify(handlers.VerifyLedger())
    finally:
        await service.close()


@ledger_app.command("export")
def export(file: Annotated[Path, typer.Argument(help="where to write the export")]) -> None:
    """Write the whole ledger, one JSON entry a line, for ``verify --offline``."""
    count = asyncio.run(_export(AuditSettings(), file))
    typer.echo(f"exported {count} entries to {file}")


async def _export(settings: AuditSettings, file: Path) -> int:
    service = bootstrap.build(settings)
    count = 0
    try:
        with file.open("w", encoding="utf-8") as out:
            async for page in await service.queries.export(handlers.ExportLedger()):
                out.write("".join(handlers.export_line(e) for e in page))
                count += len(page)
    finally:
        await service.close()
    return count


@ledger_app.command("checkpoint")
def checkpoint() -> None:
    """Print the latest signed checkpoint note."""
    sys.stdout.write(asyncio.run(_latest(AuditSettings())))


async def _latest(settings: AuditSettings) -> str:
    service = bootstrap.build(settings)
    try:
        return (await service.queries.latest_checkpoint(handlers.LatestCheckpoint())).note()
    finally:
        await service.close()


@ledger_app.command("key")
def key() -> None:
    """Print the log's verifier key (name+keyid+base64 key)."""
    typer.echo(bootstrap.build(AuditSettings(), uow_factory=_no_database).queries.verifier_key)


def _no_database() -> UnitOfWork:
    raise RuntimeError("reading the key needs no database")
