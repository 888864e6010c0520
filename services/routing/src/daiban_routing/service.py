"""Routing as the ``daiban`` command sees it."""

from daiban_common.service import ServiceSpec
from daiban_routing import bootstrap
from daiban_routing.adapters.orm import SCHEMA
from daiban_routing.app import create_app
from daiban_routing.consumer import build_workers
from daiban_routing.demo import load_demo
from daiban_routing.settings import RoutingSettings

SERVICE = ServiceSpec(
    name=bootstrap.NAME,
    package="daiban_routing",
    schema=SCHEMA,
    settings_type=RoutingSettings,
    build=bootstrap.build,
    create_app=create_app,
    build_workers=build_workers,
    publishes=bootstrap.PUBLISHES,
    load_demo=load_demo,
)
