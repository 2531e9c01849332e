"""The admin commands behind ``/daily``: set, off, now, status. Adapters check who may run them."""

from __future__ import annotations

from datetime import datetime

from ..audit import AuditLog
from ..errors import NotFoundError, UsageError
from .models import Schedule, ScheduleStatus
from .ports import DeliveryError, publisher_for
from .scheduler import DailyScheduler
from .times import local_date, next_post, parse_time, parse_zone


class DailyCommands:
    def __init__(self, scheduler: DailyScheduler, audit: AuditLog) -> None:
        self.scheduler = scheduler
        self.store = scheduler.store
        self.audit = audit

    async def set(self, platform: str, workspace: str, channel: str, at: str, tz: str, *, speaker: str = "",
                  topic: str = "", set_by: str = "", card: bool = False) -> ScheduleStatus:
        """Validate everything first; nothing is saved if any of it is wrong."""
        when = parse_time(at)
        zone = parse_zone(tz)
        if not channel:
            raise UsageError("Say which channel should get the quote of the day.")
        if len(topic) > 100 or len(speaker) > 100:
            raise UsageError("Keep the speaker and topic under 100 characters.")
        await self.scheduler.service.eligible(speaker, topic)  # raises when nothing matches
        registered = self.scheduler.publishers.get(platform)
        if registered is None:
            raise UsageError(f"{platform} is not running, so I cannot post there.")
        try:
            publisher = await publisher_for(registered, workspace)
            await publisher.check(channel, workspace)
        except DeliveryError as exc:
            raise UsageError(f"I cannot post in that channel: {exc}") from None
        schedule = await self.store.upsert(platform, workspace, channel, f"{when:%H:%M}", zone.key, speaker, topic,
                                           set_by, card)
        await self.audit.record(platform, workspace, set_by, "daily set", " ".join(
            x for x in (channel, schedule.local_time, schedule.timezone, speaker and f"speaker:{speaker}", topic,
                        "card:true" if card else "") if x))
        self.scheduler.poke()
        return await self._status(schedule)

    async def _find(self, platform: str, workspace: str, channel: str) -> Schedule:
        schedule = await self.store.get(platform, workspace, channel)
        if schedule is None:
            raise NotFoundError("That channel has no daily quote. Use /daily set to start one.")
        return schedule

    async def off(self, platform: str, workspace: str, channel: str, *, by: str = "") -> Schedule:
        schedule = await self._find(platform, workspace, channel)
        await self.store.set_enabled(schedule.id, False)
        await self.audit.record(platform, workspace, by, "daily off", channel)
        return schedule

    async def now(self, platform: str, workspace: str, channel: str, *, by: str = "") -> str:
        quote_id = await self.scheduler.post_now(await self._find(platform, workspace, channel))
        await self.audit.record(platform, workspace, by, "daily now", f"{channel} quote {quote_id}")
        return quote_id

    async def status(self, platform: str, workspace: str) -> list[ScheduleStatus]:
        return [await self._status(s) for s in await self.store.list(platform, workspace)]

    async def _status(self, s: Schedule) -> ScheduleStatus:
        zone, at = parse_zone(s.timezone), parse_time(s.local_time)
        now = self.scheduler.clock.now()
        try:
            today: str | None = local_date(now, zone).isoformat()
        except OverflowError:  # a clock at the end of the calendar
            today = None
        last = await self.store.last_post(s.id, today)  # never one "from the future" after the clock went back
        posted_today = bool(last and last[0] == today)
        nxt: tuple[datetime, datetime] | None = None
        if s.enabled and not s.paused_reason and today is not None:
            try:
                utc = next_post(now, at, zone, posted_today)  # always after now
                nxt = (utc.astimezone(zone), utc)
            except OverflowError:  # no day after the last one the calendar has
                nxt = None
        return ScheduleStatus(s, nxt[0] if nxt else None, nxt[1] if nxt else None,
                              f"{last[0]} (quote {last[1]})" if last else "")
