"""Alembic environment of the routing schema."""

from daiban_common.migrations import run_env
from daiban_routing.adapters.orm import metadata

run_env(metadata)
