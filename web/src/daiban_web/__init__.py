"""Daiban's public pages, served by a small server that reads only the public APIs through the
gateway: the hall-screen board of a county or town (办事大厅公示屏)."""
