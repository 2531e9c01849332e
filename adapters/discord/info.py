"""/about (what the corpus holds) and /help (what the commands do)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.text import process_line, roster_line
from bot.commands import MESSAGE_COMMANDS
from bot.commands import command as spec
from bot.models import DocumentRoster, Stats
from bot.speakers import SpeakerDirectory

from .limits import DESCRIPTION, FIELD_VALUE, FIELDS, cut, fit
from .respond import send, within_deadline
from .runtime import client_of

COLOUR = discord.Colour(0x5865F2)


def _when(built_at: str) -> str:
    try:
        return discord.utils.format_dt(datetime.fromisoformat(built_at), "R")
    except ValueError:
        return cut(built_at, 40) or "unknown"


def about_embed(stats: Stats, speakers: SpeakerDirectory) -> discord.Embed:
    embed = discord.Embed(title="About the transcripts", colour=COLOUR,
                          description="Every answer quotes the transcripts word for word and cites where.")
    embed.add_field(name="Documents", value=str(stats.documents))
    embed.add_field(name="Quotes", value=f"{stats.quotes:,} in {stats.paragraphs:,} paragraphs")
    embed.add_field(name="Facts", value=f"{stats.facts:,}")
    names = ", ".join(f"{s.name} ({s.quotes:,})" for s in speakers.speakers)
    embed.add_field(name=f"Speakers ({stats.speakers})", value=fit(names, FIELD_VALUE) or "none", inline=False)
    embed.add_field(name="Last reload", value=_when(stats.built_at))
    if stats.errors or stats.warnings:
        embed.add_field(name="Problems", value=f"{len(stats.errors)} errors, {len(stats.warnings)} warnings")
    if stats.processes:
        embed.add_field(name=f"Processes ({len(stats.processes)})", inline=False,
                        value=fit(discord.utils.escape_markdown("\n".join(process_line(p) for p in stats.processes)), FIELD_VALUE))
    return embed


def help_embed(tree: app_commands.CommandTree) -> discord.Embed:
    embed = discord.Embed(title="Quotebot commands", colour=COLOUR,
                          description="Quotes come with their speaker, document, paragraph and quote id. "
                                      "Turns marked *retranslated* are not the speaker's own words.")
    commands = [c for c in tree.walk_commands() if isinstance(c, app_commands.Command)]
    for command in sorted(commands, key=lambda c: c.qualified_name)[:FIELDS - len(MESSAGE_COMMANDS)]:
        embed.add_field(name=f"/{command.qualified_name}", value=fit(command.description, FIELD_VALUE),
                            inline=False)
    for on_message in MESSAGE_COMMANDS:  # right-click (long-press) a message → Apps
        embed.add_field(name=f"Apps → {on_message.name}", value=on_message.description + ", on that message",
                        inline=False)
    return embed


def speakers_embed(rosters: tuple[DocumentRoster, ...]) -> discord.Embed:
    """Who speaks in each transcript, under which name, how many turns; refused labels counted."""
    lines = [f"{d.source}: " + roster_line([(s.name, s.role, s.turns) for s in d.speakers], len(d.refused))
             for d in rosters]
    return discord.Embed(title="Speakers by transcript", colour=COLOUR,
                         description=fit("\n".join(lines), DESCRIPTION) or "No transcripts.")


@app_commands.command(name="about", description=spec("about").description)
@app_commands.describe(**spec("about").describe())
async def about(interaction: discord.Interaction, show: Literal["counts", "speakers"] = "counts",
                document: str | None = None) -> None:
    service = client_of(interaction).service
    if show == "speakers":
        rosters = await within_deadline(interaction, service.rosters(document), ephemeral=True)
        await send(interaction, embed=speakers_embed(rosters), ephemeral=True)
        return
    stats = await within_deadline(interaction, service.stats(), ephemeral=True)
    await send(interaction, embed=about_embed(stats, await service.speakers()), ephemeral=True)


@app_commands.command(name="help", description=spec("help").description)
async def show_help(interaction: discord.Interaction) -> None:
    await send(interaction, embed=help_embed(client_of(interaction).tree), ephemeral=True)


INFO_COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (about, show_help)
