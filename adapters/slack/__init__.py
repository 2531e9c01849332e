"""The Slack adapter: a Bolt app over the core ``QuoteService``. ``run_slack`` is the entry point."""

from __future__ import annotations

from .admin import is_admin
from .run import run_slack

__all__ = ["is_admin", "run_slack"]
