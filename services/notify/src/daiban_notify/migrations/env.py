"""Alembic environment of the notify schema."""

from daiban_common.migrations import run_env
from daiban_notify.adapters.orm import metadata

run_env(metadata)
