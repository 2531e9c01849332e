"""Search results five to a page, with Previous / Next buttons only the asker can use.

The page state (query, speaker, offset, asker) lives in the button value, not in memory,
so the buttons keep working after a restart.
"""

from __future__ import annotations

from typing import Any

from bot.errors import UsageError

from .lookups import PAGE, Lookup
from .safety import plain

PREVIOUS = "quotebot_page_previous"
NEXT = "quotebot_page_next"
ACTIONS = (PREVIOUS, NEXT)


class NotYoursError(UsageError):
    """Someone other than the asker pressed a page button."""


def buttons(q: Lookup, more: bool) -> list[dict[str, Any]]:
    """Previous (if not on the first page) and Next (if there is more)."""
    out = []
    if q.offset > 0:
        value = q.at(q.offset - PAGE).encode()
        if value:
            out.append({"type": "button", "action_id": PREVIOUS, "text": plain("◀ Previous"), "value": value})
    if more:
        value = q.at(q.offset + PAGE).encode()
        if value:
            out.append({"type": "button", "action_id": NEXT, "text": plain("Next ▶"), "value": value})
    return out


def turn(value: str, user: str) -> Lookup:
    """The page a button leads to, if ``user`` is the one who searched."""
    q = Lookup.decode(value)
    if q.command != "search":
        raise UsageError("That button no longer works; run the command again.")
    if q.user != user:
        raise NotYoursError("Only the person who searched can turn these pages. Run /search to get your own.")
    return q
