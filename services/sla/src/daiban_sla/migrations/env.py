"""Alembic environment of the sla schema."""

from daiban_common.migrations import run_env
from daiban_sla.adapters.orm import metadata

run_env(metadata)
