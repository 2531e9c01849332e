"""One scheduler task per process: posts each channel's quote of the day exactly once per local day."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import datetime, timedelta

from ..errors import QuotebotError
from .clock import Clock, SystemClock
from .models import Schedule
from .ports import DailyState, DeliveryError, Publisher, QuotePool, WorkspacePublishers, publisher_for
from .times import local_date, parse_time, parse_zone, post_time

_log = logging.getLogger(__name__)
TITLE = "Quote of the day"
RETRY_DELAYS = (30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
LEASE_SECONDS = 120.0
"""How long another process waits before taking over a claim that was never sent."""
POST_TIMEOUT = 45.0
"""A post that has not finished by then counts as failed (and is retried): well inside the lease, so no
other process can take the day over while this one may still be sending it."""
MAX_WAIT = 60.0


class DailyScheduler:
    def __init__(self, service: QuotePool, store: DailyState, clock: Clock | None = None, *,
                 grace: timedelta = timedelta(hours=6), post_timeout: float = POST_TIMEOUT) -> None:
        self.service = service
        self.store = store
        self.clock = clock or SystemClock()
        self.grace = grace
        self.post_timeout = post_timeout
        self.publishers: dict[str, Publisher | WorkspacePublishers] = {}
        self.owner = uuid.uuid4().hex
        self._retry_at: dict[tuple[int, str], datetime] = {}
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    def register(self, publisher: Publisher | WorkspacePublishers) -> None:
        self.publishers[publisher.platform] = publisher
        self._wake.set()

    async def unregister(self, publisher: Publisher | WorkspacePublishers) -> None:
        """An adapter is leaving: stop posting through it, and stop the loop when no adapter is left."""
        if self.publishers.get(publisher.platform) is publisher:
            del self.publishers[publisher.platform]
        if not self.publishers:
            await self.stop()

    def start(self) -> None:
        """Start the loop once per process; later calls (a second adapter) do nothing."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="quotebot-daily")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def poke(self) -> None:
        """A schedule changed: look again now instead of at the next planned wake-up."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                wait = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                _log.exception("daily scheduler pass failed; trying again in a minute")
                wait = MAX_WAIT
            self._wake.clear()
            sleeper = asyncio.ensure_future(self.clock.sleep(min(wait, MAX_WAIT)))
            waker = asyncio.ensure_future(self._wake.wait())
            done, pending = await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()

    async def run_once(self) -> float:
        """Post whatever is due now; return the seconds until something may next be due."""
        now = self.clock.now()
        wait = 86_400.0
        for schedule in await self.store.list():
            publisher = self.publishers.get(schedule.platform)
            if not schedule.enabled or schedule.paused_reason or publisher is None or not publisher.owns(schedule.workspace):
                continue
            try:
                wait = min(wait, await self._tick(schedule, now))
            except OverflowError:  # a clock at the end of the calendar (year 9999) has no next day to post on
                _log.warning("the clock says %s: no later day to post on for %s %s", now, schedule.platform,
                             schedule.channel)
                wait = min(wait, MAX_WAIT)
        return max(wait, 0.0)

    async def _tick(self, s: Schedule, now: datetime) -> float:
        zone, at = parse_zone(s.timezone), parse_time(s.local_time)
        today = local_date(now, zone)
        due = post_time(today, at, zone)
        tomorrow = post_time(today + timedelta(days=1), at, zone)
        if now < due:
            return (due - now).total_seconds()
        if now - due > self.grace:
            return (tomorrow - now).total_seconds()  # missed entirely: skipped, never posted in a burst
        key = (s.id, today.isoformat())
        retry = self._retry_at.get(key)
        if retry and now < retry:
            return (retry - now).total_seconds()
        state = await self.store.post_state(s.id, key[1])
        if state and state[1]:
            return (tomorrow - now).total_seconds()
        try:
            pool = await self.service.eligible(s.speaker, s.topic)
        except QuotebotError as exc:
            await self.store.pause(s.id, str(exc))
            return MAX_WAIT
        quote_id = await self.store.claim(s.id, key[1], pool, owner=self.owner, now=now, lease=LEASE_SECONDS)
        if quote_id is None:
            return LEASE_SECONDS if state else (tomorrow - now).total_seconds()
        excerpt = await self.service.excerpt(quote_id)
        if excerpt is None:  # a reload removed it between claim and send: pick again
            await self.store.release(s.id, key[1])
            return 0.0
        registered = self.publishers.get(s.platform)
        if registered is None:  # its adapter left while this pass ran; the claim is retried after its lease
            return LEASE_SECONDS
        try:
            async with asyncio.timeout(self.post_timeout):
                publisher = await publisher_for(registered, s.workspace)  # an uninstalled workspace: permanent
                await publisher.post(s.channel, excerpt, TITLE, card=s.card)
        except DeliveryError as exc:
            return await self._failed(s, key, now, str(exc), permanent=exc.permanent)
        except TimeoutError:
            return await self._failed(s, key, now, f"the post took over {self.post_timeout:.0f} s", permanent=False)
        except Exception as exc:  # an adapter bug must not stop other channels
            _log.exception("posting the daily quote to %s %s failed", s.platform, s.channel)
            return await self._failed(s, key, now, f"unexpected error: {exc}", permanent=False)
        if not await self.store.mark_sent(s.id, key[1], self.owner):
            _log.warning("daily quote for %s %s on %s was sent after its claim had passed to another process",
                         s.platform, s.channel, key[1])
        self._retry_at.pop(key, None)
        _log.info("daily quote %s posted to %s %s for %s", quote_id, s.platform, s.channel, key[1])
        return (tomorrow - now).total_seconds()

    async def _failed(self, s: Schedule, key: tuple[int, str], now: datetime, reason: str, *, permanent: bool) -> float:
        attempts = await self.store.mark_failed(s.id, key[1], reason, self.owner)
        if permanent:
            _log.warning("pausing daily quote for %s %s: %s", s.platform, s.channel, reason)
            await self.store.pause(s.id, reason)
            return MAX_WAIT
        delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        self._retry_at[key] = now + timedelta(seconds=delay)
        _log.warning("daily quote to %s %s failed (%s); retrying in %.0fs", s.platform, s.channel, reason, delay)
        return delay

    async def post_now(self, s: Schedule) -> str:
        """An unscheduled post (``/daily now``): the next quote of the channel's cycle; the day's claim is untouched."""
        registered = self.publishers.get(s.platform)
        if registered is None:
            raise QuotebotError(f"{s.platform} is not running in this process.")
        publisher = await publisher_for(registered, s.workspace)
        quote_id = await self.store.take_next(s.id, await self.service.eligible(s.speaker, s.topic))
        excerpt = await self.service.excerpt(quote_id) if quote_id else None
        if excerpt is None:
            raise QuotebotError("No quote matches this channel's filter.")
        try:
            async with asyncio.timeout(self.post_timeout):
                await publisher.post(s.channel, excerpt, TITLE, card=s.card)
        except TimeoutError:
            raise DeliveryError(f"the post took over {self.post_timeout:.0f} s", permanent=False) from None
        return excerpt.id
