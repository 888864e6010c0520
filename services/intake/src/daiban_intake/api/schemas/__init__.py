"""Intake's wire models and the views that render the domain into them."""
