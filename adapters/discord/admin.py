"""Who may run admin commands (``/daily``, ``/reload``), checked when they run, not only when Discord shows them.

``default_permissions(manage_guild=True)`` only hides a command by default; a server owner
can grant it to anyone in Integrations settings, and ``guild_only`` is enforced by Discord's
UI alone. So admin commands also ask again at run time: in a server (``server_only()``), and
Manage Server in this channel or a user id listed in ``QUOTEBOT_ADMINS`` (``admin_only()``).
A command carries both as::

    @app_commands.command(name="reload", description="...")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    @server_only()  # checks run bottom-up: "not in DMs" before "not an admin"
    async def reload(interaction: discord.Interaction) -> None: ...

and a group of them is an ``AdminGroup``, which does all four for each of its subcommands.
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

REFUSAL = "Only server admins (Manage Server) or the bot's listed admins can do that."


def is_admin(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server (or Administrator) where the command runs, or a listed admin anywhere."""
    if interaction.guild_id is not None:
        perms = interaction.permissions
        if perms.manage_guild or perms.administrator:
            return True
    return str(interaction.user.id) in settings.admins


def _in_server(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


def _admin(interaction: discord.Interaction) -> bool:
    if not is_admin(interaction, client_of(interaction).settings):
        raise Refused(REFUSAL)
    return True


def admin_only() -> Callable[[T], T]:
    """A check for admin commands; a refusal becomes a short private answer via the tree's on_error."""
    return app_commands.check(_admin)


def server_only() -> Callable[[T], T]:
    """The run-time twin of ``guild_only``: in a direct message the command politely says no."""
    return app_commands.check(_in_server)


class AdminGroup(app_commands.Group):
    """A command group for server admins: hidden from others by default, and checked again on every use."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(guild_only=True, allowed_contexts=app_commands.AppCommandContext(guild=True),
                         default_permissions=discord.Permissions(manage_guild=True), **kwargs)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return _in_server(interaction) and _admin(interaction)
