"""Routing's commands, queries and event handlers, one async function each: load → domain →
commit.

Each takes its message and a unit of work, and its collaborators by keyword (bound once, in
``bootstrap``). Event handlers run inside the consumer's transaction and never commit themselves.
"""
