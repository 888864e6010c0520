"""Routing's HTTP routes, one module per noun."""
