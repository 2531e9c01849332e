"""The one place failures become answers: short and private for the expected, logged for the rest.

Installed as the tree's ``on_error`` and called by the views, so a user never sees "This
interaction failed": every error ends in a reply, whether or not the interaction was answered.
"""

from __future__ import annotations

import logging
import math

import discord
from discord import app_commands

from bot.errors import QuotebotError

from .respond import send_notice

_log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on my side; it has been logged. Please try again in a moment."


class Refused(app_commands.CheckFailure):
    """A check said no; ``str(err)`` tells the user why (admin only, server only, ...)."""


def _command(interaction: discord.Interaction) -> str:
    command = interaction.command
    return f"/{command.qualified_name}" if command else "that"


def explain(interaction: discord.Interaction, error: Exception) -> str | None:
    """A friendly sentence for an expected failure; ``None`` for a bug."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, QuotebotError | Refused):
        return str(original)
    if isinstance(original, app_commands.CommandOnCooldown):
        return f"Going a bit fast: try {_command(interaction)} again in {math.ceil(original.retry_after)} s."
    if isinstance(original, app_commands.NoPrivateMessage):
        return "That command only works in a server, not in direct messages."
    if isinstance(original, app_commands.MissingPermissions):
        return "You need the Manage Server permission for that."
    if isinstance(original, app_commands.TransformerError):
        return f"That value for {_command(interaction)} is not one I can use: {original.value!s:.80}"
    if isinstance(original, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        _log.warning("stale command %s: %s", _command(interaction), original)
        return "That command has just changed; Discord will show the new version in a minute. Please try again."
    if isinstance(original, app_commands.CheckFailure):
        return "You can't use that command here."
    return None


async def report(interaction: discord.Interaction, error: Exception) -> None:
    """Answer ``interaction`` about ``error``; log the unexpected once, with its traceback."""
    message = explain(interaction, error)
    if message is None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        _log.error("unexpected error in %s (user %s)", _command(interaction), interaction.user.id, exc_info=original)
        message = UNEXPECTED
    await send_notice(interaction, message)
