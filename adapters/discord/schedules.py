"""Daily-quote schedules as an embed: a field per channel with its next post, last post, or why it is paused."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.daily.models import ScheduleStatus

from .limits import EMBED_TOTAL, FIELD_VALUE, FIELDS, fit
from .safety import escape

COLOUR = discord.Colour(0xF59E0B)
_REASON = 300
_FOOTER_ROOM = 40


def _channel(channel: str) -> str:
    """A channel link (it never pings); anything but an id is shown as inert text."""
    return f"<#{channel}>" if channel.isdigit() else escape(channel)


def _filter(st: ScheduleStatus) -> str:
    s = st.schedule
    parts = ([f"speaker {escape(s.speaker)}"] if s.speaker else []) + ([f"topic “{escape(s.topic)}”"] if s.topic else []) \
        + (["as an image card"] if s.card else [])
    return f" · {', '.join(parts)}" if parts else ""


def _field(st: ScheduleStatus) -> tuple[str, str]:
    s = st.schedule
    lines = [_channel(s.channel) + _filter(st)]
    if not s.enabled:
        state = " · off"
        lines.append("Off; /daily set starts it again.")
    elif s.paused_reason:
        state = " · paused"
        lines.append(f"Paused: {fit(s.paused_reason, _REASON)}. Fix that, then /daily set it again to resume.")
    else:
        state = ""
        if st.next_local and st.next_utc:
            local = f"{st.next_local:%Y-%m-%d %H:%M %Z}"
            utc = "" if local.endswith(" UTC") else f" ({st.next_utc:%H:%M} UTC)"
            lines.append(f"Next post: {local}{utc}, {discord.utils.format_dt(st.next_utc, 'R')}")
    lines.append(f"Last post: {escape(st.last_post)}" if st.last_post else "No post yet.")
    if s.set_by.isdigit():
        lines.append(f"Set by <@{s.set_by}>")
    return f"{s.local_time} {s.timezone}{state}", fit("\n".join(lines), FIELD_VALUE, str)


def status_embed(statuses: Sequence[ScheduleStatus], *, title: str) -> discord.Embed:
    """As many schedules as fit in one embed (25 fields, 6,000 characters); a footer counts the rest."""
    embed = discord.Embed(title=title, colour=COLOUR)
    shown = 0
    for st in statuses[:FIELDS]:
        name, value = _field(st)
        if len(embed) + len(name) + len(value) > EMBED_TOTAL - _FOOTER_ROOM:
            break
        embed.add_field(name=name, value=value, inline=False)
        shown += 1
    if shown < len(statuses):
        embed.set_footer(text=f"and {len(statuses) - shown} more not shown")
    return embed
