"""Notify's commands, queries and event handlers, one async function each: load → domain → commit.

Each takes its message and a unit of work, and its collaborators by keyword (bound once, in
``bootstrap``). Event handlers run inside the consumer's transaction and never commit themselves;
they record notices, and the dispatcher (``dispatch_due``) sends them in its own transactions.
"""

from daiban_notify.handlers.dispatch import (
    DispatchDue,
    DispatchedBatch,
    Dispatching,
    OldestDue,
    Outcome,
    dispatch_due,
    oldest_due,
)
from daiban_notify.handlers.inbox import (
    InboxOf,
    NoticesOfCase,
    ReadNotice,
    inbox,
    notices_of_case,
    read_notice,
)
from daiban_notify.handlers.notices import NoticeWriting, notice_event, template_values
from daiban_notify.handlers.preferences import (
    PreferencesOf,
    SetPreferences,
    preferences_of,
    set_preferences,
)
from daiban_notify.handlers.read_models import keep_matter_name, keep_staff_member
from daiban_notify.handlers.templates import (
    ListTemplates,
    Preview,
    PreviewTemplate,
    list_templates,
    preview_template,
)
from daiban_notify.handlers.webhooks import (
    SubscribeWebhook,
    hearable_event_types,
    subscribe_webhook,
)

__all__ = [
    "DispatchDue", "DispatchedBatch", "Dispatching", "InboxOf", "ListTemplates", "NoticeWriting",
    "NoticesOfCase", "OldestDue", "Outcome", "PreferencesOf", "Preview", "PreviewTemplate",
    "ReadNotice", "SetPreferences", "SubscribeWebhook", "dispatch_due", "hearable_event_types",
    "inbox", "keep_matter_name", "keep_staff_member", "list_templates", "notice_event",
    "notices_of_case", "oldest_due", "preferences_of", "preview_template", "read_notice",
    "set_preferences", "subscribe_webhook", "template_values",
]
