"""Render the core's answers (excerpts, facts, verdicts, context, search pages) as embeds.

Every piece is fitted to its own Discord limit and the description gets whatever room the
6,000-character embed total leaves, so no embed this module builds can be refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import discord

from adapters.text import bold_terms
from bot.models import Context, Excerpt, Fact, SearchResult, Verdict

from .citations import author, colour, footer, inline, moment_link
from .limits import DESCRIPTION, EMBED_TOTAL, FIELD_VALUE, FIELDS, TITLE, cut, fit
from .safety import bold, escape

SEARCH_COLOUR = discord.Colour(0x5865F2)
_NAME = 100
"""Field names (speaker, paragraph) are kept short so 25 of them leave room for the passages."""
_VERDICT_COLOURS = {"exact": 0x10B981, "close": 0x14B8A6, "altered": 0xF59E0B, "misattributed": 0xEF4444,
                    "not_found": 0x6B7280}


def _quoted(terms: Sequence[str]) -> Callable[[str], str]:
    """Render passage text: escaped, matched words in bold, between quotation marks."""
    return lambda raw: f"“{bold_terms(raw, tuple(terms), bold, escape)}”"


def _describe(embed: discord.Embed, raw: str, render: Callable[[str], str], lead: str = "", tail: str = "") -> discord.Embed:
    room = min(DESCRIPTION, EMBED_TOTAL - len(embed)) - len(lead) - len(tail)
    embed.description = lead + fit(raw, room, render) + tail
    return embed


def _played(e: Excerpt) -> str:
    """The moment under the passage, a link that plays the recording there (footers cannot hold links)."""
    linked = moment_link(e.citation)
    return f"\n▶ {linked}" if linked.startswith("[") else ""


def _cited(e: Excerpt, title: str = "") -> discord.Embed:
    embed = discord.Embed(title=title or None, colour=colour(e.speaker))
    embed.set_author(name=author(e.citation))
    return embed.set_footer(text=footer(e.citation))


def excerpt_embed(e: Excerpt, *, title: str = "") -> discord.Embed:
    return _describe(_cited(e, fit(title, TITLE)), e.text, _quoted(e.terms), tail=_played(e))


def fact_embed(f: Fact) -> discord.Embed:
    embed = _cited(f.excerpt, fit(f.quantity, TITLE))
    if f.subject:
        embed.add_field(name="About", value=fit(f.subject, FIELD_VALUE), inline=False)
    return _describe(embed, f.excerpt.text, _quoted((*f.excerpt.terms, f.quantity)), tail=_played(f.excerpt))


def verdict_embed(v: Verdict) -> discord.Embed:
    """The verdict first (as the title), then the passage it rests on, then what was checked."""
    headline = v.headline()
    embed = discord.Embed(title=fit(headline, TITLE), colour=_VERDICT_COLOURS.get(v.verdict, 0x6B7280))
    who = f" — attributed to {cut(v.claimed_speaker, 100)}" if v.claimed_speaker else ""
    embed.add_field(name="Checked", value=fit(v.text, FIELD_VALUE - len(escape(who)) - 2,
                                              lambda raw: f"“{escape(raw)}”") + escape(who), inline=False)
    lead = bold(fit(headline, 1000)) + "\n\n" if len(headline) > TITLE else ""
    if v.match is None:
        return _describe(embed, "No passage in the transcripts resembles it.", escape, lead)
    embed.set_author(name=author(v.match.citation)).set_footer(text=footer(v.match.citation))
    differing = [d.said for d in v.differences if d.said and d.kind != "speaker"]
    return _describe(embed, v.match.text, _quoted(differing), lead, _played(v.match))


def context_embed(c: Context) -> discord.Embed:
    focus = next((p for p in c.paragraphs if p.citation.paragraph == c.focus), c.paragraphs[0])
    embed = discord.Embed(title=f"Context of quote {c.quote_id}"[:TITLE], colour=colour(focus.speaker))
    embed.set_footer(text=footer(focus.citation))
    shown = c.paragraphs[:FIELDS]
    names = [fit(("▶ " if p is focus else "") + f"¶{p.citation.paragraph} {p.citation.speaker}"
                 + (" (retranslated)" if p.citation.retranslated else "")
                 + (f" · {p.citation.moment()}" if p.citation.moment() else ""), _NAME) for p in shown]
    room = (EMBED_TOTAL - len(embed) - sum(map(len, names))) // max(1, len(shown))
    for p, name in zip(shown, names, strict=True):
        render = (lambda raw: bold(escape(raw))) if p is focus else escape
        embed.add_field(name=name, value=fit(p.text, min(FIELD_VALUE, room), render) or "…", inline=False)
    return embed


def search_embed(result: SearchResult, *, page: int, per_page: int, more: bool) -> discord.Embed:
    """One page of results: a field per passage, each with its citation under it."""
    embed = discord.Embed(title=fit(f"Search: {result.query}", TITLE), colour=SEARCH_COLOUR)
    first = page * per_page + 1
    last = first + len(result.results[:per_page]) - 1
    note = f"Page {page + 1} · results {first}–{last}" + (" · more on the next page" if more else "")
    embed.set_footer(text=note + (f" · speaker: {cut(result.speaker, 100)}" if result.speaker else ""))
    if not result.results:
        embed.description = "No more results."
        return embed
    shown = result.results[:per_page]
    names = [f"{first + i}. " + fit(e.citation.speaker, _NAME - 8) for i, e in enumerate(shown)]  # our number stays a number
    room = (EMBED_TOTAL - len(embed) - sum(map(len, names))) // len(shown)
    for e, name in zip(shown, names, strict=True):
        cite = inline(e.citation)
        text = fit(e.text, min(FIELD_VALUE, room) - len(cite) - 1, _quoted(e.terms))
        embed.add_field(name=name, value=f"{text}\n{cite}", inline=False)
    return embed
