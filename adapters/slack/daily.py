"""/daily set|off|now|status for this workspace, on the core's ``DailyCommands``; answers are rendered here.

The channel arrives as ``<#C0123|quotes>`` (the command has ``should_escape`` on); it is stored by id.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from adapters.chat_args import parse_daily
from bot.daily.ports import DeliveryError
from bot.errors import UsageError

from .blocks import Rendered, section
from .safety import CHANNEL_ID, channel_mention, escape, unescape

if TYPE_CHECKING:
    from bot.daily.models import ScheduleStatus
    from bot.service import QuoteService

PLATFORM = "slack"
_CHANNEL_REF = re.compile(r"^<#([CG][A-Z0-9]{1,20})(?:\|[^>]*)?>$")
PICK_CHANNEL = ("Pick the channel from the # menu (type # and choose it) so Slack sends me its id, "
                "e.g. /daily set #quotes 09:00 Europe/Moscow.")


def channel_id(word: str, default: str = "") -> str:
    """``<#C0123|quotes>`` or ``C0123`` -> ``C0123``; nothing -> ``default``; a bare ``#name`` -> a hint."""
    if not word:
        if not default:
            raise UsageError("Say which channel: " + PICK_CHANNEL)
        return default
    ref = _CHANNEL_REF.match(word)
    if ref:
        return ref.group(1)
    if CHANNEL_ID.match(word):
        return word
    raise UsageError(f"I don't know the channel “{unescape(word)[:80]}”. {PICK_CHANNEL}")  # escaped when shown


def describe(status: ScheduleStatus) -> str:
    """The core's one-line summary, escaped, with the channel id shown as a channel link."""
    line, channel = status.describe(), status.schedule.channel
    if line.startswith(channel):
        return channel_mention(channel) + escape(line[len(channel):])
    return escape(line)


def _say(text: str) -> Rendered:
    return Rendered(text, [[section(text)]])


async def run(service: QuoteService, command: dict[str, Any], text: str) -> Rendered:
    """One /daily command (its text as Slack sent it) -> the private answer. Core errors propagate."""
    try:
        a = parse_daily(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    cmds = service.daily_commands
    team, here, user = str(command.get("team_id", "")), str(command.get("channel_id", "")), str(command.get("user_id", ""))
    if a.action == "set":
        status = await cmds.set(PLATFORM, team, channel_id(a.channel), a.time, a.zone, speaker=unescape(a.speaker),
                                topic=unescape(a.topic), set_by=user, card=a.card)
        return _say("Quote of the day set: " + describe(status))
    if a.action == "off":
        schedule = await cmds.off(PLATFORM, team, channel_id(a.channel, here), by=user)
        return _say(f"The quote of the day is off in {channel_mention(schedule.channel)}. /daily set starts it again.")
    if a.action == "now":
        channel = channel_id(a.channel, here)
        try:
            quote_id = await cmds.now(PLATFORM, team, channel, by=user)
        except DeliveryError as exc:
            raise UsageError(f"I could not post in that channel: {exc}") from None
        return _say(f"Posted a quote of the day in {channel_mention(channel)} (quote `{escape(quote_id)}`).")
    return status_list(await cmds.status(PLATFORM, team))


def status_list(statuses: list[ScheduleStatus]) -> Rendered:
    if not statuses:
        return _say("No quote of the day is set in this workspace. Start one with /daily set #channel 09:00 "
                    "Europe/London.")
    lines = [describe(s) for s in statuses]
    head = f"*Quote of the day in this workspace* ({len(lines)} channel{'s' if len(lines) != 1 else ''})"
    return Rendered("\n".join([head.replace("*", ""), *lines]), [[section(head)], *([section(x)] for x in lines)])
