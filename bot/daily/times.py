"""Local post times across daylight-saving changes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import UsageError

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")


def parse_time(text: str) -> time:
    m = _HHMM.match((text or "").strip())
    if not m:
        raise UsageError(f"“{(text or '')[:20]}” is not a time; use 24-hour HH:MM, e.g. 09:00.")
    return time(int(m.group(1)), int(m.group(2)))


def parse_zone(text: str) -> ZoneInfo:
    name = (text or "").strip()
    if not name or len(name) > 60 or ".." in name or name.startswith("/"):
        raise UsageError("Give an IANA time zone such as Europe/Moscow or America/New_York.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"“{name}” is not a time zone I know; use an IANA name such as Europe/Moscow.") from None


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    back = local.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def post_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """When ``at`` happens on ``day`` in ``zone``, in UTC.

    A wall time skipped by a spring-forward change posts at the first valid minute after it;
    a wall time that happens twice (fall back) is taken at its first occurrence.
    """
    local = datetime.combine(day, at, tzinfo=zone)
    step = 0
    while not _exists(local, zone) and step < 180:
        step += 1
        local = datetime.combine(day, at, tzinfo=zone) + timedelta(minutes=step)
        local = local.replace(fold=0)
    return local.astimezone(UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def next_post(now: datetime, at: time, zone: ZoneInfo, posted_today: bool) -> datetime:
    """The next time a post is due after ``now`` (UTC)."""
    today = local_date(now, zone)
    due = post_time(today, at, zone)
    if due > now and not posted_today:
        return due
    return post_time(today + timedelta(days=1), at, zone)
