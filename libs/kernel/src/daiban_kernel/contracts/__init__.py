"""The published event contracts: one data model per event type and version.

These models are Daiban's public interface to other systems: the JSON Schemas and the AsyncAPI
document in ``docs/events/`` are generated from them (``daiban contracts write``). Every module in
this package is imported here, so a model registers itself by being defined.
"""

import importlib
import pkgutil

from daiban_kernel.events import registry

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "Actor",
    "Applicant",
    "CaseSubmittedV1",
    "Channel",
    "NotificationSentV1",
    "registry",
]
