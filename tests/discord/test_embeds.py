"""Embeds stay inside every Discord limit, whatever the transcripts or the user throw at them."""

from __future__ import annotations

import discord
import pytest

from adapters.discord.embeds import context_embed, excerpt_embed, fact_embed, search_embed, verdict_embed
from adapters.discord.limits import fit
from bot.models import TRANSLATION_NOTE, Citation, Context, Difference, Excerpt, Fact, SearchResult, Verdict

from .fake_api import embed_problems

HUGE = " ".join(f"word{n} *bold* _x_ @everyone" for n in range(2500))  # ~70,000 characters of trouble


def citation(paragraph: int = 12, quote_id: str = "abcdefghijkl") -> Citation:
    return Citation(speaker="Xi Jinping " * 40, role="President " * 60, retranslated=True, document="A" * 5000,
                    source="doc.txt", paragraph=paragraph, quote_id=quote_id, date="2021-12")


def excerpt(text: str = HUGE, paragraph: int = 12) -> Excerpt:
    return Excerpt("abcdefghijkl", text, citation(paragraph), 1.0, ("word7", "bold"))


def check(embed: discord.Embed) -> None:
    assert embed_problems({"embeds": [embed.to_dict()]}) == []
    assert len(embed) <= 6000


def test_a_huge_excerpt_keeps_its_citation_whole() -> None:
    embed = excerpt_embed(excerpt())
    check(embed)
    assert embed.description and embed.description.endswith("…”")
    footer = embed.footer.text or ""
    assert footer.endswith(f"¶12 · id abcdefghijkl · {TRANSLATION_NOTE}")
    assert "@everyone" not in embed.description


def test_a_huge_fact_and_verdict_fit() -> None:
    check(fact_embed(Fact(excerpt(), "money", 1.0, "USD", "US$" + "9" * 400, HUGE)))
    verdict = Verdict("altered", 0.5, HUGE, HUGE, "Xi", excerpt(), (Difference("wording", HUGE, HUGE),) * 10)
    embed = verdict_embed(verdict)
    check(embed)
    assert embed.title and embed.title.startswith("Altered: ")
    assert embed.description and embed.description.startswith("**Altered: ")
    check(verdict_embed(Verdict("not_found", 0.0, HUGE)))


def test_a_search_page_of_huge_results_keeps_every_citation() -> None:
    result = SearchResult(HUGE, tuple(excerpt(paragraph=n) for n in range(1, 6)), "Xi")
    embed = search_embed(result, page=3, per_page=5, more=True)
    check(embed)
    assert [f.value.endswith(f"¶{n} · id `abcdefghijkl` · {TRANSLATION_NOTE}") for n, f in
            enumerate(embed.fields, 1)] == [True] * 5


def test_context_with_many_huge_paragraphs_fits() -> None:
    paragraphs = tuple(excerpt(paragraph=n) for n in range(1, 41))
    embed = context_embed(Context("abcdefghijkl", 20, paragraphs))
    check(embed)
    assert len(embed.fields) == 25


@pytest.mark.parametrize("limit", [1, 5, 50, 1024])
def test_fit_never_splits_an_escape(limit: int) -> None:
    out = fit("*" * 3000, limit)
    assert len(out) <= limit and not out.rstrip("…").endswith("\\")
