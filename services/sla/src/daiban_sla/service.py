"""SLA as the ``daiban`` command sees it."""

from daiban_common.service import ServiceSpec
from daiban_sla import bootstrap
from daiban_sla.adapters.orm import SCHEMA
from daiban_sla.app import create_app
from daiban_sla.consumer import build_workers
from daiban_sla.seed import seed
from daiban_sla.settings import SlaSettings

SERVICE = ServiceSpec(
    name=bootstrap.NAME,
    package="daiban_sla",
    schema=SCHEMA,
    settings_type=SlaSettings,
    build=bootstrap.build,
    create_app=create_app,
    build_workers=build_workers,
    publishes=bootstrap.PUBLISHES,
    seed=seed,
)
