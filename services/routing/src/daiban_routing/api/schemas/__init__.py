"""Routing's wire models: what clients send and receive."""
