"""/reload: re-read the transcripts and swap in the new index, for server admins; the core does the work.

The service builds the new index beside the serving one and swaps only if it is valid, so
this command defers, waits, and renders the ``ReloadReport``: what changed, or, if the
reload was refused, that the old index still serves and which file and line to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath

import discord
from discord import app_commands

from adapters.text import refused_speakers
from bot.commands import command as spec
from bot.models import FileError, ReloadReport

from .admin import admin_only, server_only
from .limits import DESCRIPTION, FIELD_VALUE, fit
from .respond import send
from .runtime import client_of

_COLOURS = {"applied": 0x10B981, "unchanged": 0x6B7280, "refused": 0xEF4444}


def _names(label: str, names: Sequence[str]) -> str:
    return f"{len(names)} {label}" + (": " + ", ".join(names) if names else "")


def _problem(e: FileError) -> str:
    """``file:line: message``; a server path (the seeds folder itself) is shown by its name only."""
    path = PurePath(e.source)
    return replace(e, source=path.name).describe() if path.is_absolute() else e.describe()


def report_embed(r: ReloadReport) -> discord.Embed:
    errors = "\n".join(f"• {_problem(e)}" for e in r.errors)
    if not r.applied and r.changed:
        embed = discord.Embed(title="Reload refused: still serving the previous index", colour=_COLOURS["refused"])
        embed.description = fit("Nothing was lost. Fix these, then run /reload again:\n" + errors, DESCRIPTION)
        return embed
    if not r.changed:
        embed = discord.Embed(title="Transcripts unchanged", colour=_COLOURS["unchanged"],
                              description="The index already matches the transcripts folder.")
    else:
        embed = discord.Embed(title="Reloaded", colour=_COLOURS["applied"])
        documents = "\n".join((_names("added", r.added), _names("changed", r.modified), _names("removed", r.removed)))
        embed.add_field(name="Documents", value=fit(documents, FIELD_VALUE), inline=False)
        embed.add_field(name="Quotes", value=f"{r.quotes_added:,} added, {r.quotes_removed:,} removed")
        embed.add_field(name="Facts indexed", value=f"{r.facts:,}")
    if r.stats:
        embed.add_field(name="Now serving", value=f"{r.stats.documents:,} documents, {r.stats.quotes:,} quotes")
    if errors:
        embed.add_field(name=f"Problems ({len(r.errors)})", value=fit(errors, FIELD_VALUE), inline=False)
    refused = refused_speakers(r)
    if refused:  # lines that look like labels but were not taken as speakers: an admin may want a sidecar
        embed.add_field(name=f"Not taken as speakers ({len(refused)})",
                        value=fit("\n".join(f"• {_problem(e)}" for e in refused), FIELD_VALUE), inline=False)
    return embed


@app_commands.command(name="reload", description=spec("reload").description)
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
@admin_only()
@server_only()
async def reload(interaction: discord.Interaction) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    bot = client_of(interaction)
    report = await bot.service.admin_reload(by=str(interaction.user.id), platform="discord",
                                            workspace=str(interaction.guild_id))
    if report.applied:
        await bot.suggestions.refresh()  # speakers and topics of the new index
    await send(interaction, embed=report_embed(report), ephemeral=True)

