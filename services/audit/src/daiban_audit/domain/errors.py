"""Rules audit refuses to break.

Hierarchy::

    DomainError (daiban_kernel.errors)
    └── InvalidInput
        └── InvalidCursor             the page cursor is not one this service handed out
"""

from daiban_kernel.errors import InvalidInput


class InvalidCursor(InvalidInput):
    slug = "invalid-cursor"
    title = "Invalid cursor"
