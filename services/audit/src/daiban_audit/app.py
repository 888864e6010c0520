"""Audit's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_audit import bootstrap
from daiban_audit.api.routes import router
from daiban_audit.settings import AuditSettings
from daiban_common.webapp import create_base_app


def create_app(settings: AuditSettings) -> FastAPI:
    """Audit's API, wired by ``bootstrap``."""
    audit = bootstrap.build(settings)
    return create_base_app(settings, service="audit", engine=audit.engine,
                          description="The tamper-evident ledger of every event, and the reports.",
                          routers=[router], state={"audit": audit})
