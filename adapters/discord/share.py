"""A "Post to channel" button under a private answer, so a lookup can be shared once it is worth it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot.models import Excerpt

from .errors import report
from .jump import add_jumps, jump_view
from .respond import NO_MENTIONS, send_notice

_log = logging.getLogger(__name__)

TIMEOUT = 14 * 60.0
"""The private message can only be edited with the first interaction's token, which lasts 15 minutes."""


class ShareView(discord.ui.View):
    def __init__(self, origin: discord.Interaction, embed: discord.Embed | Sequence[discord.Embed],
                 cited: Sequence[Excerpt | None] = ()) -> None:
        """``cited``: the excerpts the answer quotes, for their Context and Source buttons (here and when posted)."""
        super().__init__(timeout=TIMEOUT)
        self.origin = origin
        self.embeds = [embed] if isinstance(embed, discord.Embed) else list(embed)
        self.cited = tuple(cited)
        add_jumps(self, self.cited, numbered=len(self.embeds) > 1)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.origin.user.id:
            return True
        await send_notice(interaction, "Only the person who asked can post this answer.")
        return False

    @discord.ui.button(label="Post to channel", style=discord.ButtonStyle.secondary)
    async def post(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message(embeds=self.embeds, allowed_mentions=NO_MENTIONS,
                                                view=jump_view(self.cited, numbered=len(self.embeds) > 1))
        self.stop()
        await self._drop_button()

    async def on_error(self, interaction: discord.Interaction, error: Exception, _: Any, /) -> None:
        await report(interaction, error)

    async def on_timeout(self) -> None:
        await self._drop_button()

    async def _drop_button(self) -> None:
        try:
            await self.origin.edit_original_response(view=None, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            _log.debug("could not remove the share button: %s", exc)
