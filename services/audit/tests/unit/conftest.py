"""Audit built on the in-memory unit of work at a moment the test moves, with a key of its own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from daiban_audit.bootstrap import Commands, Queries, build
from daiban_audit.ports import UnitOfWork
from daiban_audit.settings import AuditSettings
from daiban_common.service import Service
from tests.support.fakes import Moment

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
Audit = Service[Commands, Queries]




@pytest.fixture
def moment() -> Moment:
    return Moment(NOW)


@pytest.fixture
def settings(tmp_path: Path) -> AuditSettings:
    return AuditSettings(ledger_dev_key_file=tmp_path / "key.pem", checkpoint_every_entries=3,
                         checkpoint_every_seconds=60)


@pytest.fixture
def audit(settings: AuditSettings, uow: UnitOfWork, moment: Moment) -> Audit:
    return build(settings, uow_factory=lambda: uow, clock=moment)
