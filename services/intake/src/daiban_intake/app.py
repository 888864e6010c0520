"""Intake's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.settings import CommonSettings
from daiban_common.webapp import create_base_app
from daiban_intake import bootstrap
from daiban_intake.api import catalogue, catalogue_admin
from daiban_intake.api.routes import router
from daiban_intake.settings import IntakeSettings


def create_app(settings: CommonSettings) -> FastAPI:
    """Intake's API, wired by ``bootstrap``."""
    assert isinstance(settings, IntakeSettings)
    intake = bootstrap.build(settings)
    assert intake.engine is not None
    return create_base_app(settings, service="intake", engine=intake.engine,
                          description="Cases as residents submit them at the village, and "
                                      "the matter catalogue they are submitted under.",
                          routers=[router, catalogue.router, catalogue_admin.router],
                          state={"intake": intake})
