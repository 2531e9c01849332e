"""Buttons under every cited answer: "Context" (what /context ID shows) and a "Source" link to the document.

The Context button is a ``DynamicItem``: its custom id carries the quote id, so it works on any
message, for anyone, after any restart. The Source button is a link button, shown only when the
document's metadata gives a plain http(s) URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import discord

from bot.models import Excerpt

from .embeds import context_embed
from .errors import report
from .respond import send
from .runtime import client_of

PREFIX = "quotebot:context:"
_URL = re.compile(r"https?://[^\s<>\"'`]{1,500}")
URL_LIMIT = 512
"""Discord refuses a link button whose URL is longer."""
BUTTONS_PER_ANSWER = 20


def source_url(url: str) -> str:
    """The document's URL if it is a plain http(s) link Discord accepts, else ""."""
    return url if url and len(url) <= URL_LIMIT and _URL.fullmatch(url) else ""


class ContextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PREFIX + r"(?P<id>[a-z2-7]{12})"):
    def __init__(self, quote_id: str, label: str = "Context") -> None:
        super().__init__(discord.ui.Button(label=label, style=discord.ButtonStyle.secondary,
                                           custom_id=PREFIX + quote_id))
        self.quote_id = quote_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> ContextButton:
        return cls(match["id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        from .share import ShareView  # here, not at the top: share.py adds these buttons to its views

        try:
            found = await client_of(interaction).service.context(self.quote_id)
            embed = context_embed(found)
            await send(interaction, embed=embed, view=ShareView(interaction, embed), ephemeral=True)
        except Exception as exc:  # the one reporter answers, whatever went wrong
            await report(interaction, exc)


def add_jumps(view: discord.ui.View, excerpts: Iterable[Excerpt | None], *, numbered: bool = False,
              start: int = 1) -> discord.ui.View:
    """Add Context (and Source, when there is a URL) for each cited excerpt; one pair per quote id.

    ``numbered`` labels them "Context 1", "Context 2"… from ``start``, as the answer numbers its passages.
    """
    seen: set[str] = set()
    for n, e in enumerate(excerpts, start):
        if e is None or not e.id or e.id in seen or len(view.children) >= BUTTONS_PER_ANSWER:
            continue
        seen.add(e.id)
        suffix = f" {n}" if numbered else ""
        view.add_item(ContextButton(e.id, "Context" + suffix))
        url = source_url(e.citation.url)
        if url:
            view.add_item(discord.ui.Button(label="Source" + suffix, style=discord.ButtonStyle.link, url=url))
    return view


def drop_jumps(view: discord.ui.View) -> None:
    """Take the Context and Source buttons off ``view`` (before a page of other passages gets its own)."""
    for item in list(view.children):
        if isinstance(item, ContextButton) or (isinstance(item, discord.ui.Button) and item.url):
            view.remove_item(item)


def jump_view(excerpts: Iterable[Excerpt | None], *, numbered: bool = False, start: int = 1) -> discord.ui.View:
    """A view of only jump buttons, for a public answer (no timeout: the buttons are dynamic or links)."""
    return add_jumps(discord.ui.View(timeout=None), excerpts, numbered=numbered, start=start)
