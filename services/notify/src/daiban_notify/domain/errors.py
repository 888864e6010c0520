"""Rules notify refuses to break.

Hierarchy::

    DomainError (daiban_kernel.errors)
    └── NotFound
        └── NotificationNotFound      no such notice for the caller
"""

from daiban_kernel.errors import NotFound


class NotificationNotFound(NotFound):
    slug = "notification-not-found"
    title = "Notification not found"
