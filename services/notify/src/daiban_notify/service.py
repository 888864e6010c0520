"""Notify as the ``daiban`` command sees it."""

from daiban_common.service import ServiceSpec
from daiban_notify import bootstrap
from daiban_notify.adapters.orm import SCHEMA
from daiban_notify.app import create_app
from daiban_notify.consumer import build_workers
from daiban_notify.settings import NotifySettings

SERVICE = ServiceSpec(
    name=bootstrap.NAME,
    package="daiban_notify",
    schema=SCHEMA,
    settings_type=NotifySettings,
    build=bootstrap.build,
    create_app=create_app,
    build_workers=build_workers,
    publishes=bootstrap.PUBLISHES,
)
