"""Routing's commands, queries and event handlers: load → domain → commit.

Command handlers open and commit their own unit of work; event handlers get the consumer's and do
not commit (the consumer commits with the inbox row).
"""
