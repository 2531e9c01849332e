"""The lookup commands: /quote, /fact, /search, /verify, /context.

Each parses nothing itself (discord.py hands over typed options), asks the service, and sends
the rendered answer; every failure goes to the tree's ``on_error``.
"""

from __future__ import annotations

import random
from typing import Any

import discord
from discord import app_commands

from bot.errors import NotFoundError

from .autocomplete import speaker_autocomplete, topic_autocomplete
from .embeds import context_embed, excerpt_embed, fact_embed, verdict_embed
from .jump import jump_view
from .paging import SearchPager, fetch_page, page_embed
from .respond import send, within_deadline
from .runtime import client_of
from .share import ShareView

Topic = app_commands.Range[str, 1, 300]
Speaker = app_commands.Range[str, 1, 100]
Claim = app_commands.Range[str, 1, 2000]
QuoteId = app_commands.Range[str, 1, 64]


def _per_user(rate: int, per: float) -> Any:
    return app_commands.checks.cooldown(rate, per, key=lambda i: i.user.id)


@app_commands.command(name="quote", description="A cited quote from the transcripts, on a topic or at random.")
@app_commands.describe(topic="What the quote should be about (leave empty for a random one)", speaker="Who said it")
@app_commands.autocomplete(topic=topic_autocomplete, speaker=speaker_autocomplete)
async def quote(interaction: discord.Interaction, topic: Topic | None = None, speaker: Speaker | None = None) -> None:
    found = await within_deadline(interaction, client_of(interaction).service.quote(topic, speaker=speaker))
    if found is None:
        raise NotFoundError(f"No quote about “{topic}” in the transcripts; try /search with other words."
                            if topic else "No quotes are indexed yet.")
    await send(interaction, embed=excerpt_embed(found), view=jump_view([found]))


@app_commands.command(name="fact", description="A figure stated in the transcripts (money, percent, dates...), cited.")
@app_commands.describe(topic="What the figure should be about (leave empty for a random one)")
@app_commands.autocomplete(topic=topic_autocomplete)
async def fact(interaction: discord.Interaction, topic: Topic | None = None) -> None:
    facts = await within_deadline(interaction, client_of(interaction).service.facts(topic, limit=1 if topic else 50))
    if not facts:
        raise NotFoundError(f"No figures about “{topic}” in the transcripts." if topic else "No facts are indexed yet.")
    picked = facts[0] if topic else random.choice(facts)
    await send(interaction, embed=fact_embed(picked), view=jump_view([picked.excerpt]))


@app_commands.command(name="search", description="Search the transcripts; results come five to a page.")
@app_commands.describe(query="Words or a \"quoted phrase\" to look for", speaker="Only passages by this speaker")
@app_commands.autocomplete(query=topic_autocomplete, speaker=speaker_autocomplete)
@_per_user(4, 20.0)
async def search(interaction: discord.Interaction, query: Topic, speaker: Speaker | None = None) -> None:
    bot = client_of(interaction)
    found, more = await within_deadline(interaction, fetch_page(bot.service, query, speaker, 0))
    if not found.results:
        who = f" by {found.speaker}" if found.speaker else ""
        raise NotFoundError(f"Nothing in the transcripts matches “{query}”{who}.")
    bot.suggestions.learn(e.text for e in found.results)
    pager = SearchPager(owner_id=interaction.user.id, query=query, speaker=speaker, more=more)
    pager.message = await send(interaction, embed=page_embed(found, 0, more), view=pager)


@app_commands.command(
    name="verify", description="Check a quotation against the transcripts: exact, altered or not said.")
@app_commands.describe(text="The quotation as you saw it", speaker="Who it is attributed to")
@app_commands.autocomplete(speaker=speaker_autocomplete)
@_per_user(3, 30.0)
async def verify(interaction: discord.Interaction, text: Claim, speaker: Speaker | None = None) -> None:
    verdict = await within_deadline(interaction, client_of(interaction).service.verify(text, speaker=speaker),
                                    ephemeral=True)
    embed = verdict_embed(verdict)
    await send(interaction, embed=embed, view=ShareView(interaction, embed, [verdict.match]), ephemeral=True)


@app_commands.command(name="context", description="The paragraphs around a quote, by the id shown in its citation.")
@app_commands.describe(id="The quote id from a citation (12 letters and digits)")
async def context(interaction: discord.Interaction, id: QuoteId) -> None:
    found = await within_deadline(interaction, client_of(interaction).service.context(id), ephemeral=True)
    embed = context_embed(found)
    await send(interaction, embed=embed, view=ShareView(interaction, embed), ephemeral=True)


LOOKUP_COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (quote, fact, search, verify, context)
