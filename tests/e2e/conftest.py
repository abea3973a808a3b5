"""End-to-end fixtures: the web app's (a small demo city, its users, the app on a fixed clock)."""

from web_support import client, clock, web_world  # noqa: F401  (fixtures, registered by import)
