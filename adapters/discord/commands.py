"""The lookup commands: /quote, /fact, /search, /verify, /context.

Each parses nothing itself (discord.py hands over typed options), asks the service, and sends
the rendered answer; every failure goes to the tree's ``on_error``.
"""

from __future__ import annotations

import asyncio
import io
import random
from typing import Any

import discord
from discord import app_commands

from adapters import cards
from bot.commands import command as spec
from bot.errors import NotFoundError
from bot.models import Excerpt, Fact

from .autocomplete import speaker_autocomplete, topic_autocomplete
from .embeds import context_embed, excerpt_embed, fact_embed, verdict_embed
from .jump import jump_view
from .limits import EMBED_TOTAL
from .paging import SearchPager, fetch_page, page_embed
from .respond import send, within_deadline
from .runtime import client_of
from .share import ShareView

Topic = app_commands.Range[str, 1, 300]
Speaker = app_commands.Range[str, 1, 100]
Claim = app_commands.Range[str, 1, 2000]
QuoteId = app_commands.Range[str, 1, 64]
Around = app_commands.Range[int, 0, 20]
FACTS_SHOWN = 5
"""Discord shows at most this many figures at once (embeds in one message share 6,000 characters)."""
Count = app_commands.Range[int, 1, FACTS_SHOWN]
QUOTE, FACT, SEARCH, VERIFY, CONTEXT = (spec(n) for n in ("quote", "fact", "search", "verify", "context"))
_KINDS = [app_commands.Choice(name=k, value=k) for k in FACT.option("kind").choices]


def _per_user(rate: int, per: float) -> Any:
    return app_commands.checks.cooldown(rate, per, key=lambda i: i.user.id)


@app_commands.command(name=QUOTE.name, description=QUOTE.description)
@app_commands.describe(**QUOTE.describe())
@app_commands.autocomplete(topic=topic_autocomplete, speaker=speaker_autocomplete)
async def quote(interaction: discord.Interaction, topic: Topic | None = None, speaker: Speaker | None = None,
                card: bool = False) -> None:
    found, made = await within_deadline(interaction, _quote(interaction, topic, speaker, card))
    if found is None:
        raise NotFoundError(f"No quote about “{topic}” in the transcripts; try /search with other words."
                            if topic else "No quotes are indexed yet.")
    if made is None:
        await send(interaction, embed=excerpt_embed(found), view=jump_view([found]))
        return
    picture = discord.File(io.BytesIO(made.png), filename=made.filename, description=made.alt)
    await send(interaction, file=picture, view=jump_view([found]))


async def _quote(interaction: discord.Interaction, topic: str | None, speaker: str | None,
                 card: bool) -> tuple[Excerpt | None, cards.Card | None]:
    """The quote, and its card when asked for (drawn off the event loop: it takes a tenth of a second)."""
    found = await client_of(interaction).service.quote(topic, speaker=speaker)
    return found, (await asyncio.to_thread(cards.render, found) if card and found else None)


def _fact_embeds(facts: list[Fact]) -> list[discord.Embed]:
    """One embed per figure, as many as fit in the message's shared 6,000 characters."""
    embeds: list[discord.Embed] = []
    for f in facts:
        embed = fact_embed(f)
        if embeds and sum(map(len, embeds)) + len(embed) > EMBED_TOTAL:
            break
        embeds.append(embed)
    return embeds


@app_commands.command(name=FACT.name, description=FACT.description)
@app_commands.describe(**FACT.describe())
@app_commands.choices(kind=_KINDS)
@app_commands.autocomplete(topic=topic_autocomplete, speaker=speaker_autocomplete)
async def fact(interaction: discord.Interaction, topic: Topic | None = None, speaker: Speaker | None = None,
               kind: str | None = None, limit: Count = 1) -> None:
    service = client_of(interaction).service
    work = service.facts(topic, limit=limit if topic else 50, kind=kind, speaker=speaker)
    facts = await within_deadline(interaction, work)
    if not facts:
        about = f" about “{topic}”" if topic else ""
        raise NotFoundError(f"No figures{about} in the transcripts match." if topic or speaker or kind
                            else "No facts are indexed yet.")
    picked = facts[:limit] if topic else random.sample(facts, min(limit, len(facts)))
    embeds = _fact_embeds(picked)
    await send(interaction, embeds=embeds, view=jump_view([f.excerpt for f in picked[:len(embeds)]],
                                                          numbered=len(embeds) > 1))


@app_commands.command(name=SEARCH.name, description=SEARCH.description)
@app_commands.describe(**SEARCH.describe())
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
    pager.cite(found)
    pager.message = await send(interaction, embed=page_embed(found, 0, more), view=pager)


@app_commands.command(name=VERIFY.name, description=VERIFY.description)
@app_commands.describe(**VERIFY.describe())
@app_commands.autocomplete(speaker=speaker_autocomplete)
@_per_user(3, 30.0)
async def verify(interaction: discord.Interaction, text: Claim, speaker: Speaker | None = None) -> None:
    verdict = await within_deadline(interaction, client_of(interaction).service.verify(text, speaker=speaker),
                                    ephemeral=True)
    embed = verdict_embed(verdict)
    await send(interaction, embed=embed, view=ShareView(interaction, embed, [verdict.match]), ephemeral=True)


@app_commands.command(name=CONTEXT.name, description=CONTEXT.description)
@app_commands.describe(**CONTEXT.describe())
async def context(interaction: discord.Interaction, id: QuoteId, before: Around = 2, after: Around = 2) -> None:
    work = client_of(interaction).service.context(id, before=before, after=after)
    found = await within_deadline(interaction, work, ephemeral=True)
    embed = context_embed(found)
    await send(interaction, embed=embed, view=ShareView(interaction, embed), ephemeral=True)


LOOKUP_COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (quote, fact, search, verify, context)
