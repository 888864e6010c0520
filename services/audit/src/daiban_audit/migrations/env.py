"""Alembic environment of the audit schema."""

from daiban_common.migrations import run_env
from daiban_audit.adapters.orm import metadata

run_env(metadata)
