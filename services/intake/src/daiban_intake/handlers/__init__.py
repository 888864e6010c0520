"""Intake's commands and event handlers, one async function each: load → domain → commit.

Event handlers (``relay``) run inside the consumer's transaction and never commit themselves.
"""

from daiban_intake.handlers.cases import (
    SubmitCase,
    case_for,
    list_cases,
    submit_case,
    take_over_case,
)
from daiban_intake.handlers.common import Caller, Deps

__all__ = ["Caller", "Deps", "SubmitCase", "case_for", "list_cases", "submit_case",
           "take_over_case"]
