"""Who may run admin commands, checked when they run, not only when Discord shows them.

``default_permissions(manage_guild=True)`` only hides a command by default; a server owner
can grant it to anyone in Integrations settings. So admin commands also carry
``admin_only()``, which asks again at run time: Manage Server in this channel, or a user id
listed in ``QUOTEBOT_ADMINS``.

The daily-and-reload issue adds ``/daily`` and ``/reload`` to ``ADMIN_COMMANDS`` below, each as::

    @app_commands.command(name="reload", description="...")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    async def reload(interaction: discord.Interaction) -> None: ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.config import Settings

from .errors import Refused
from .runtime import client_of

T = TypeVar("T")

ADMIN_COMMANDS: tuple[app_commands.Command[Any, ..., Any] | app_commands.Group, ...] = ()
"""Admin commands (``/daily``, ``/reload``) join the tree from here."""


def is_admin(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server (or Administrator) where the command runs, or a listed admin anywhere."""
    if interaction.guild_id is not None:
        perms = interaction.permissions
        if perms.manage_guild or perms.administrator:
            return True
    return str(interaction.user.id) in settings.admins


def admin_only() -> Callable[[T], T]:
    """A check for admin commands; a refusal becomes a short private answer via the tree's on_error."""

    def predicate(interaction: discord.Interaction) -> bool:
        if not is_admin(interaction, client_of(interaction).settings):
            raise Refused("Only server admins (Manage Server) or the bot's listed admins can do that.")
        return True

    return app_commands.check(predicate)
