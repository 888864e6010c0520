"""Alembic environment of the intake schema."""

from daiban_common.migrations import run_env
from daiban_intake.adapters.orm import metadata

run_env(metadata)
