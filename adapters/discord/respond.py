"""Answering an interaction: respond or follow up, defer slow work, never ping anyone."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

from .limits import CONTENT, fit

_log = logging.getLogger(__name__)
T = TypeVar("T")

NO_MENTIONS = discord.AllowedMentions.none()
DEFER_AFTER = 2.0
"""Seconds to wait for an answer before deferring; Discord drops an interaction after three."""


async def within_deadline(interaction: discord.Interaction, work: Awaitable[T], *, ephemeral: bool = False) -> T:
    """Await ``work``; if it is not done in ``DEFER_AFTER`` seconds, defer ("thinking…") first."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    return await task


async def send(interaction: discord.Interaction, *, embed: discord.Embed | None = None, content: str | None = None,
               view: discord.ui.View | None = None, ephemeral: bool = False,
               embeds: list[discord.Embed] | None = None, file: discord.File | None = None) -> discord.Message | None:
    """Send the answer as the response, or as a follow-up if the interaction was deferred."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_MENTIONS}
    if file is not None:
        kwargs["file"] = file
    if embed is not None:
        kwargs["embed"] = embed
    if embeds:
        kwargs["embeds"] = embeds
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        followup: Any = interaction.followup  # its overloads cannot match a **kwargs call
        message: discord.WebhookMessage = await followup.send(content, wait=True, **kwargs)
        return message
    callback = await interaction.response.send_message(content, **kwargs)
    return callback.resource if isinstance(callback.resource, discord.Message) else None


async def send_notice(interaction: discord.Interaction, text: str) -> None:
    """A short private note (errors, refusals); ``text`` may echo user input, so it is escaped."""
    content = fit(text, CONTENT)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:  # the interaction expired or was answered elsewhere
        _log.warning("could not send a notice for interaction %s: %s", interaction.id, exc)
