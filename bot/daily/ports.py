"""How a daily quote leaves the building: one publisher per platform."""

from __future__ import annotations

from typing import Protocol

from ..errors import QuotebotError
from ..models import Excerpt


class DeliveryError(QuotebotError):
    """A post failed. ``permanent`` failures (channel gone, bot removed, no permission) pause the
    schedule; others (network, 5xx, rate limit) are retried."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Publisher(Protocol):
    platform: str

    async def check(self, channel: str, workspace: str = "") -> None:
        """Raise DeliveryError(permanent=True) when the bot cannot post in ``channel``, or when the channel
        is not in ``workspace`` (the server or workspace the command came from), asked of the platform itself."""

    async def post(self, channel: str, excerpt: Excerpt, title: str) -> None:
        """Post the cited excerpt; raise DeliveryError on failure."""
