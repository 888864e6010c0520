"""Intake as the ``daiban`` command sees it."""

from daiban_common.service import ServiceSpec
from daiban_intake import bootstrap
from daiban_intake.adapters.orm import SCHEMA
from daiban_intake.app import create_app
from daiban_intake.consumer import build_workers
from daiban_intake.demo import load_demo
from daiban_intake.settings import IntakeSettings

SERVICE = ServiceSpec(
    name=bootstrap.NAME,
    package="daiban_intake",
    schema=SCHEMA,
    settings_type=IntakeSettings,
    build=bootstrap.build,
    create_app=create_app,
    build_workers=build_workers,
    publishes=bootstrap.PUBLISHES,
    load_demo=load_demo,
)
