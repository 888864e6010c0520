"""Audit as the ``daiban`` command sees it."""

from daiban_audit import bootstrap
from daiban_audit.adapters.orm import SCHEMA
from daiban_audit.app import create_app
from daiban_audit.consumer import build_workers
from daiban_audit.settings import AuditSettings
from daiban_common.service import ServiceSpec

SERVICE = ServiceSpec(
    name=bootstrap.NAME,
    package="daiban_audit",
    schema=SCHEMA,
    settings_type=AuditSettings,
    build=bootstrap.build,
    create_app=create_app,
    build_workers=build_workers,
    publishes=bootstrap.PUBLISHES,
    append_only=("ledger", "checkpoint", "ledger_subtree"),
    commands="daiban_audit.cli:ledger_app",
)
