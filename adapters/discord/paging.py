"""Search results five to a page, with Previous / Next buttons only the searcher can press."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.models import SearchResult
from bot.service import QuoteService

from .embeds import search_embed
from .errors import report
from .jump import add_jumps, drop_jumps, jump_view
from .respond import NO_MENTIONS, send_notice
from .runtime import client_of

_log = logging.getLogger(__name__)

PAGE_SIZE = 5
TIMEOUT = 30 * 60.0
"""Seconds of quiet after which the buttons are taken away (Discord's own limit is 15 minutes)."""
REFUSAL = "Only the person who searched can page through these results; run /search to get your own."


async def fetch_page(service: QuoteService, query: str, speaker: str | None, page: int) -> tuple[SearchResult, bool]:
    """One page of results and whether another follows (asks for one more than it shows)."""
    found = await service.search(query, speaker=speaker, limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE)
    return found, len(found.results) > PAGE_SIZE


def page_embed(found: SearchResult, page: int, more: bool) -> discord.Embed:
    return search_embed(found, page=page, per_page=PAGE_SIZE, more=more)


class SearchPager(discord.ui.View):
    def __init__(self, *, owner_id: int, query: str, speaker: str | None, more: bool) -> None:
        super().__init__(timeout=TIMEOUT)
        self.owner_id = owner_id
        self.query = query
        self.speaker = speaker
        self.page = 0
        self.message: discord.Message | None = None
        self.cited: SearchResult | None = None
        self._enable(more)

    def cite(self, found: SearchResult) -> None:
        """Context and Source buttons for the passages on this page, numbered as the page numbers them."""
        drop_jumps(self)
        add_jumps(self, found.results[:PAGE_SIZE], numbered=True, start=self.page * PAGE_SIZE + 1)
        self.cited = found

    def _enable(self, more: bool) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = not more

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await send_notice(interaction, REFUSAL)
        return False

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, self.page - 1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, self.page + 1)

    async def _turn(self, interaction: discord.Interaction, page: int) -> None:
        bot = client_of(interaction)
        found, more = await fetch_page(bot.service, self.query, self.speaker, max(0, page))
        self.page = max(0, page)
        self._enable(more)
        self.cite(found)
        bot.suggestions.learn(e.text for e in found.results)
        await interaction.response.edit_message(embed=page_embed(found, self.page, more), view=self,
                                                allowed_mentions=NO_MENTIONS)

    async def on_error(self, interaction: discord.Interaction, error: Exception, _: Any, /) -> None:
        await report(interaction, error)

    async def on_timeout(self) -> None:
        """Take the page buttons away so nobody presses a dead one; Context and Source keep working, so they stay.

        Best effort (needs the channel).
        """
        if self.message is None or self.message.channel is None:
            return
        cited = self.cited.results[:PAGE_SIZE] if self.cited else ()
        try:
            message = discord.PartialMessage(channel=self.message.channel, id=self.message.id)  # type: ignore[arg-type]
            await message.edit(view=jump_view(cited, numbered=True, start=self.page * PAGE_SIZE + 1),
                               allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, TypeError) as exc:
            _log.debug("could not remove paging buttons from %s: %s", self.message.id, exc)
