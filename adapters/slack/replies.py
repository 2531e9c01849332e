"""Turn a rendered answer into a Slack message: blocks within limits, buttons, fallback text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import jump, paging, sharing
from .blocks import Rendered
from .limits import assemble
from .lookups import Lookup

if TYPE_CHECKING:
    from slack_bolt.context.respond.async_respond import AsyncRespond

IN_CHANNEL = ("quote",)
"""Commands answered in the channel by default; every other lookup answers the asker alone."""


def compose(r: Rendered, q: Lookup, *, ephemeral: bool, shared_by: str = "") -> dict[str, Any]:
    """``text`` and ``blocks`` for ``respond``: nav buttons for search, Post to channel when private, Context and Source."""
    elements = paging.buttons(q, r.more) if q.command == "search" else []
    if ephemeral and q.command not in IN_CHANNEL:
        post = sharing.button(q)
        if post:
            elements.append(post)
    elements += jump.buttons(r.cited, r.cited_from)
    tail: list[dict[str, Any]] = []
    if shared_by:
        tail.append(sharing.shared_by(shared_by))
    if elements:
        tail.append({"type": "actions", "block_id": "quotebot_actions", "elements": elements})
    return {"text": r.text, "blocks": assemble(r.groups, tail)}


def response_type(q: Lookup, r: Rendered) -> str:
    """In the channel for /quote, unless there is nothing to show: a miss goes to the asker alone."""
    return "in_channel" if q.command in IN_CHANNEL and r.groups else "ephemeral"


async def private(respond: AsyncRespond, r: Rendered) -> None:
    """An answer to the asker alone (help, about, the admin commands)."""
    await respond(text=r.text, blocks=assemble(r.groups), response_type="ephemeral")
