"""/daily set|off|now|status: a quote of the day per channel, run by server admins.

Each subcommand hands its options to ``service.daily_commands`` (which validates everything and
saves nothing on any error) and renders what comes back, privately. The server is the
workspace; a channel is its id. Errors go to the tree's ``on_error`` like everyone else's.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import AppCommandChannel, AppCommandThread

from bot.commands import command as spec
from bot.daily.ports import DeliveryError
from bot.errors import UsageError

from .admin import AdminGroup
from .autocomplete import speaker_autocomplete, topic_autocomplete, zone_autocomplete
from .publisher import PLATFORM
from .respond import send, within_deadline
from .runtime import client_of
from .schedules import status_embed


class TextChannelOption(app_commands.Transformer):
    """A text channel picked in Discord's channel picker, kept as the raw option.

    ``discord.TextChannel`` would need the channel in the bot's cache; all we need is its id,
    and the publisher checks the bot's own rights there.
    """

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> AppCommandChannel | AppCommandThread:
        return value


Channel = app_commands.Transform[AppCommandChannel, TextChannelOption]
Time = app_commands.Range[str, 1, 10]
Zone = app_commands.Range[str, 1, 60]
Speaker = app_commands.Range[str, 1, 100]
Topic = app_commands.Range[str, 1, 100]

DAILY = spec("daily")
SET, OFF, NOW, STATUS = DAILY.subcommands
daily = AdminGroup(name=DAILY.name, description=DAILY.description)


def _where(interaction: discord.Interaction, channel: AppCommandChannel | None) -> tuple[str, str]:
    """(server, channel) as the core keys them; the admin group has already refused direct messages."""
    return str(interaction.guild_id), str(channel.id if channel else interaction.channel_id)


@daily.command(name=SET.name, description=SET.description)
@app_commands.describe(**SET.describe())
@app_commands.autocomplete(timezone=zone_autocomplete, speaker=speaker_autocomplete, topic=topic_autocomplete)
async def set_daily(interaction: discord.Interaction, channel: Channel, time: Time, timezone: Zone,
                    speaker: Speaker | None = None, topic: Topic | None = None, card: bool = False) -> None:
    server, where = _where(interaction, channel)
    work = client_of(interaction).service.daily_commands.set(
        PLATFORM, server, where, time, timezone, speaker=speaker or "", topic=topic or "",
        set_by=str(interaction.user.id), card=card)
    status = await within_deadline(interaction, work, ephemeral=True)
    await send(interaction, embed=status_embed([status], title="Quote of the day set"), ephemeral=True)


@daily.command(name=OFF.name, description=OFF.description)
@app_commands.describe(**OFF.describe())
async def off(interaction: discord.Interaction, channel: Channel | None = None) -> None:
    server, where = _where(interaction, channel)
    await client_of(interaction).service.daily_commands.off(PLATFORM, server, where,
                                                          by=str(interaction.user.id))
    await send(interaction, content=f"The quote of the day in <#{where}> is off; /daily set starts it again.",
               ephemeral=True)


@daily.command(name=NOW.name, description=NOW.description)
@app_commands.describe(**NOW.describe())
async def now(interaction: discord.Interaction, channel: Channel | None = None) -> None:
    server, where = _where(interaction, channel)
    try:
        quote_id = await within_deadline(
            interaction, client_of(interaction).service.daily_commands.now(PLATFORM, server, where, by=str(interaction.user.id)),
            ephemeral=True)
    except DeliveryError as exc:
        raise UsageError(f"Could not post the quote: {exc}.") from None
    await send(interaction, content=f"Posted a quote of the day in <#{where}> (quote `{quote_id}`).", ephemeral=True)


@daily.command(name=STATUS.name, description=STATUS.description)
async def status(interaction: discord.Interaction) -> None:
    server, _ = _where(interaction, None)
    statuses = await client_of(interaction).service.daily_commands.status(PLATFORM, server)
    if not statuses:
        await send(interaction, content="No quote of the day is set in this server; start one with /daily set.",
                   ephemeral=True)
        return
    await send(interaction, embed=status_embed(statuses, title="Quote of the day in this server"), ephemeral=True)
