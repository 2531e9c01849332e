"""How a daily quote leaves the building: one publisher per platform."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Pool:
    """The quotes a daily filter allows, as the index words it: a subquery of quote ``id``s made by the
    index store (never written by the daily code), and the version of the index it was made for."""

    query: str
    params: tuple
    version: str

    @property
    def filter_key(self) -> str:
        """The filter alone (speakers, topic, quotability floor): the query's text names the index generation."""
        return repr(self.params)


class QuotePool(Protocol):
    """What the scheduler needs of the index: the quotes a filter allows, and one quote to post."""

    async def eligible(self, speaker: str, topic: str) -> Pool:
        """The pool for a filter; raises a QuotebotError when nothing matches it."""

    async def excerpt(self, quote_id: str) -> Excerpt | None:
        """The cited quote, or None when a reload removed it."""
