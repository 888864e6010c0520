"""Alembic environment of the audit schema."""

from daiban_audit.adapters.orm import metadata
from daiban_common.migrations import run_env

run_env(metadata)
