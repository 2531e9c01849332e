"""The "Post to channel" button under a private answer, and the note on the shared copy."""

from __future__ import annotations

from typing import Any

from bot.errors import UsageError

from .blocks import note
from .lookups import Lookup
from .safety import mention, plain

POST = "quotebot_post"


def button(q: Lookup) -> dict[str, Any] | None:
    """The button re-runs the same lookup and posts it; None when the lookup is too long for a button value."""
    value = q.encode()
    if value is None:
        return None
    return {"type": "button", "action_id": POST, "style": "primary", "text": plain("Post to channel"), "value": value}


def shared_by(user: str) -> dict[str, Any]:
    return note(f"Shared by {mention(user)}")


def claim(value: str, user: str) -> Lookup:
    """The lookup a Post button carries; only its asker may post it."""
    q = Lookup.decode(value)
    if q.user != user:
        raise UsageError("Only the person who asked can post this answer.")
    return q
