"""Notify's routes, one module per noun."""
