"""What the daily-quote feature stores and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    platform: str
    workspace: str
    channel: str
    local_time: str
    timezone: str
    speaker: str
    topic: str
    enabled: bool
    paused_reason: str
    set_by: str
    set_at: str
    card: bool = False
    """Post the quote as an image card (with the text citation), not the text alone."""


@dataclass(frozen=True, slots=True)
class ScheduleStatus:
    schedule: Schedule
    next_local: datetime | None
    next_utc: datetime | None
    last_post: str
    """Local date and quote id of the last post made, or ""."""

    def describe(self) -> str:
        s = self.schedule
        what = " ".join(x for x in (f"speaker {s.speaker}" if s.speaker else "", f"topic “{s.topic}”" if s.topic else "") if x)
        head = f"{s.channel}: {s.local_time} {s.timezone}" + (f" ({what})" if what else "") + \
            (" as an image card" if s.card else "")
        if not s.enabled:
            return head + " — off"
        if s.paused_reason:
            return head + f" — paused: {s.paused_reason}. Set it again to resume."
        nxt = (f"next {self.next_local:%Y-%m-%d %H:%M %Z} ({self.next_utc:%H:%M} UTC)"
               if self.next_local and self.next_utc else "no next post (the clock is at the end of the calendar)")
        last = f"; last post {self.last_post}" if self.last_post else "; no post yet"
        return f"{head} — {nxt}{last}"
