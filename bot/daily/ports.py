"""How a daily quote leaves the building: one publisher per platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from ..errors import QuotebotError
from ..models import Excerpt
from .models import Schedule


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

    async def post(self, channel: str, excerpt: Excerpt, title: str, *, card: bool = False) -> None:
        """Post the cited excerpt; raise DeliveryError on failure. With ``card``, the quote goes as an image card
        too; a card that cannot be made or sent is left out and the text posted all the same (never a lost day)."""

    def owns(self, workspace: str) -> bool:
        """Whether this process posts for ``workspace`` (a Discord process: only servers its shards hold)."""


@runtime_checkable
class WorkspacePublishers(Protocol):
    """A platform where each workspace is posted to with credentials of its own (Slack's installs in many
    workspaces): registered like a ``Publisher``; the scheduler asks it for the schedule's workspace's."""

    platform: str

    def owns(self, workspace: str) -> bool: ...

    async def for_workspace(self, workspace: str) -> Publisher:
        """The publisher for ``workspace``; DeliveryError(permanent=True) when the app is not installed there
        (the schedule pauses with that reason)."""


async def publisher_for(registered: Publisher | WorkspacePublishers, workspace: str) -> Publisher:
    """The publisher that posts for ``workspace``: the registered one, or its workspace's own."""
    if isinstance(registered, WorkspacePublishers):
        return await registered.for_workspace(workspace)
    return registered


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


class DailyState(Protocol):
    """Where schedules, claims and cycles live: the SQLite file (``DailyStore``, one machine) or PostgreSQL
    (``bot.store.pg_daily.PgDailyStore``, many processes). Both keep the same promises, checked by one test suite."""

    async def upsert(self, platform: str, workspace: str, channel: str, local_time: str, tz: str,
                     speaker: str, topic: str, set_by: str, card: bool = False) -> Schedule: ...

    async def get(self, platform: str, workspace: str, channel: str) -> Schedule | None: ...

    async def list(self, platform: str | None = None, workspace: str | None = None) -> list[Schedule]: ...

    async def set_enabled(self, schedule_id: int, enabled: bool) -> None: ...

    async def pause(self, schedule_id: int, reason: str) -> None: ...

    async def last_post(self, schedule_id: int, today: str | None = None) -> tuple[str, str] | None:
        """The last post made on or before ``today``."""

    async def post_state(self, schedule_id: int, local_date: str) -> tuple[str, bool, int] | None:
        """(quote id, sent, attempts) of the day's claim, if any."""

    async def claim(self, schedule_id: int, local_date: str, pool: Pool, *, owner: str, now: datetime,
                    lease: float) -> str | None:
        """Claim the day for ``owner`` with the next quote of the cycle: exactly one claimant wins; an unsent
        claim older than ``lease`` seconds is taken over. None when posted, held by another, or nothing matches."""

    async def release(self, schedule_id: int, local_date: str) -> None: ...

    async def take_next(self, schedule_id: int, pool: Pool) -> str | None: ...

    async def mark_sent(self, schedule_id: int, local_date: str, owner: str) -> bool: ...

    async def mark_failed(self, schedule_id: int, local_date: str, error: str, owner: str = "") -> int: ...
