"""The core service against a real SQLite file: search, quotes, facts, verify, context, stats."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from bot.errors import NotFoundError, UsageError
from bot.service import QuoteService


async def test_search_ranks_cites_and_highlights(service: QuoteService) -> None:
    result = await service.search("trade")
    top = result.results[0]
    assert top.speaker == "Vladimir Putin"
    assert "increased by\u00a031 percent" in top.text  # stored text keeps its no-break spaces
    assert "trade" in top.terms
    c = top.citation
    assert (c.document, c.date, c.paragraph, c.quote_id) == (
        "Putin conversation with China's Xi Jinping release", "2021-12", 7, top.id)
    assert "¶7" in c.line() and top.id in c.line()


async def test_retranslated_turns_say_so_in_every_citation(service: QuoteService) -> None:
    result = await service.search("Olympic meeting", speaker="Xi")
    assert result.results and all(r.citation.retranslated for r in result.results)
    assert all("retranslated, not the speaker's own words" in r.citation.line() for r in result.results)


@pytest.mark.parametrize("speaker", ["Putin", "Vladimir Putin", "President Putin", "putin"])
async def test_speaker_filter_resolves_short_names(service: QuoteService, speaker: str) -> None:
    result = await service.search("relations", speaker=speaker)
    assert result.results and {r.speaker for r in result.results} == {"Vladimir Putin"}


async def test_unknown_speaker_is_a_friendly_error(service: QuoteService) -> None:
    with pytest.raises(NotFoundError, match="No speaker called"):
        await service.search("trade", speaker="Napoleon")


@pytest.mark.parametrize("query", ["organization", "defense ministries", "politicize", "center for production",
                                   "good-neighborliness"])
async def test_american_spelling_finds_british_text(service: QuoteService, query: str) -> None:
    assert (await service.search(query)).results


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "NEAR(trade vaccines)", "trade AND OR NOT", "* : ^ -", "x'); DROP TABLE meta; --",
     "speaker:", "(((", "🙂 трейд", "تجارة", "trade\x00\x07"],
)
async def test_fts_syntax_and_odd_input_are_plain_words(service: QuoteService, query: str) -> None:
    with contextlib.suppress(UsageError):  # a friendly "give me a word" is fine; an FTS5 syntax error is not
        await service.search(query)
    assert (await service.stats()).quotes > 0


async def test_quoted_phrase_and_exclusion(service: QuoteService) -> None:
    phrase = await service.search('"belt of eternal peace"')
    assert len(phrase.results) == 1 and "belt of\u00a0eternal peace" in phrase.results[0].text
    without = await service.search("trade -billion")
    assert all("billion" not in r.text for r in without.results)


async def test_too_long_and_empty_queries(service: QuoteService) -> None:
    with pytest.raises(UsageError, match="10,000 characters"):
        await service.search("x" * 10_000)
    with pytest.raises(UsageError):
        await service.search("   ")


async def test_random_quote_prefers_quotable(service: QuoteService) -> None:
    picks = {(await service.quote()).id for _ in range(10)}
    assert len(picks) > 1
    topical = await service.quote("vaccines")
    assert topical is not None and "Sputnik" in topical.text


async def test_facts_by_topic(service: QuoteService) -> None:
    facts = await service.facts("trade")
    assert ("money", 123e9, "USD") in {(f.kind, f.value, f.unit) for f in facts}
    assert all(f.excerpt.citation.paragraph > 0 for f in facts)
    doses = await service.facts("vaccine doses")
    assert any(f.kind == "count" and f.value == 150e6 for f in doses)


@pytest.mark.parametrize(
    ("text", "speaker", "verdict"),
    [
        ("I am delighted to see you.", "Putin", "exact"),
        ("i am  delighted to see you", None, "exact"),
        ("Mutual trade has increased by 45 percent to US$123 billion.", "Vladimir Putin", "altered"),
        ("We will pass the US$300 billion mark.", "Putin", "altered"),
        ("I hope that you will visit China and will also attend the opening ceremony of the Beijing Olympics.",
         "Putin", "misattributed"),
        ("Contracts for more than 150 million doses have been signed with Chinese manufacturers.", "Putin", "close"),
        ("Contracts for over 150 million doses were signed with six Chinese manufacturers.", "Putin", "close"),
        ("Russia will not enter the main phase of its development programme through to 2030.", "Xi", "altered"),
        ("I hope that you will visit Russia and will also attend the opening ceremony.", "Xi", "altered"),
        ("Russia will build a railway to the Moon by 2030.", None, "not_found"),
    ],
)
async def test_every_verdict(service: QuoteService, text: str, speaker: str | None, verdict: str) -> None:
    v = await service.verify(text, speaker=speaker)
    assert v.verdict == verdict, v.headline()


async def test_altered_says_what_changed(service: QuoteService) -> None:
    v = await service.verify("Mutual trade has increased by 45 percent to US$123 billion.", speaker="Putin")
    assert v.headline() == "Altered: 31 percent, not 45 percent"
    assert v.match and v.match.speaker == "Vladimir Putin"


@pytest.mark.parametrize(
    ("text", "headline"),
    [("They know how to do things in Russia.", "Altered: China, not Russia"),
     ("I have doubt that the upcoming Winter Games will be held at the highest level.", "Altered: omits “no”"),
     ("We will never pass the US$200 billion mark.", "Altered: adds “never”"),
     ("Our mutual trade has increased by 45 percent", "Altered: 31 percent, not 45 percent")],
)
async def test_altered_names_the_change(service: QuoteService, text: str, headline: str) -> None:
    v = await service.verify(text, speaker="Putin")
    assert v.verdict == "altered" and v.headline() == headline


async def test_misattributed_names_the_speaker(service: QuoteService) -> None:
    v = await service.verify("I look forward to our Olympic meeting.", speaker="Putin")
    assert v.verdict in ("misattributed", "close") and v.said_by == "Xi Jinping"


async def test_not_found_suggests_nearest(service: QuoteService) -> None:
    v = await service.verify("Russia will enter the main phase of its space programme.")
    assert v.verdict in ("not_found", "close")
    assert v.match is not None


async def test_context_and_unknown_ids(service: QuoteService) -> None:
    hit = (await service.search("Afghan problem")).results[0]
    ctx = await service.context(hit.id, before=1, after=1)
    assert [p.citation.paragraph for p in ctx.paragraphs] == [3, 4, 5]
    assert ctx.focus == 4 and ctx.paragraphs[1].id == hit.id
    with pytest.raises(NotFoundError):
        await service.context("aaaaaaaaaaaa")
    with pytest.raises(UsageError):
        await service.context("12; DROP TABLE")


async def test_ids_survive_reload_reorder_and_added_files(open_service, seed_dir: Path, tmp_path: Path) -> None:
    service = await open_service(seed_dir)
    before = {r.id: r.text for r in (await service.search("relations", limit=20)).results}
    (seed_dir / "a-first.txt").write_text("Another talk\n\nJane Doe: Relations between our towns are strong.\n")
    report = await service.reload()
    assert report.applied and report.added == ("a-first.txt",) and report.quotes_removed == 0
    after = {r.id: r.text for r in (await service.search("relations", limit=20, speaker="Putin")).results}
    assert set(after) <= set(before) and after
    for quote_id, _text in after.items():
        assert (await service.context(quote_id)).paragraphs


async def test_reload_keeps_old_index_when_a_file_is_broken(open_service, seed_dir: Path) -> None:
    service = await open_service(seed_dir)
    quotes = (await service.stats()).quotes
    (seed_dir / "broken.txt").write_bytes(b"\x00\x01binary\x00garbage")
    report = await service.reload()
    assert not report.applied and "binary" in report.errors[0].message
    assert (await service.stats()).quotes == quotes
    assert (await service.search("trade")).results


async def test_unchanged_reload_is_a_no_op(service: QuoteService) -> None:
    report = await service.reload()
    assert not report.changed


async def test_other_formats_index_and_resolve(open_service, own_dir: Path) -> None:
    service = await open_service(own_dir)
    stats = await service.stats()
    assert stats.documents == 5 and any("cp1252" in w.message for w in stats.warnings)
    v = await service.verify("I am very happy to see my old friend again.", speaker="Okafor")
    assert v.verdict == "exact" and v.match and v.match.citation.retranslated
    v = await service.verify("No military vessels will dock here.", speaker="Karenina-Smith")
    assert v.verdict == "exact"
    facts = await service.facts("jobs")
    assert any(f.kind == "count" and f.value == 1200 for f in facts)


async def test_a_name_in_the_query_prefers_that_speakers_words(service: QuoteService) -> None:
    result = await service.search("what did Xi say about the Olympics")
    assert result.results[0].speaker == "Xi Jinping"


async def test_frequent_words_are_capped_yet_answers_keep_their_order(service: QuoteService,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The frequent-term strategy (bot/search/pruning.py) with a cap small enough for one transcript."""
    from bot.store.reader import IndexReader

    uncapped = await service.search("cooperation vaccines")
    facts_uncapped = await service.facts("china percent")
    monkeypatch.setattr(IndexReader, "cap", 4)  # "cooperation" is in 12 quotes, "vaccines" in 1; "china" in 6 facts, "percent" in 3
    capped = await service.search("cooperation vaccines")
    assert capped.results[0].id == uncapped.results[0].id
    assert "vaccines" in capped.results[0].terms
    assert [f.excerpt.id for f in await service.facts("china percent")][:1] == [f.excerpt.id for f in facts_uncapped][:1]
    common = await service.search("cooperation", limit=10)  # every word frequent: only the newest few are scored
    assert 0 < len(common.results) <= 4
    assert all("cooperation" in r.text.lower() for r in common.results)
    assert [r.score for r in common.results] == sorted((r.score for r in common.results), reverse=True)
    assert (await service.verify(uncapped.results[0].text)).verdict == "exact"


async def test_a_kind_filter_finds_facts_ranked_below_many_others(open_service, tmp_path: Path) -> None:
    # Hundreds of counts about bridges outrank the one sum of money about them; asking for money
    # must still find it, since the kind is filtered after BM25 ranks the matches.
    seeds = tmp_path / "bridges"
    seeds.mkdir()
    counts = "\n\n".join(f"Jane Doe: Bridges, bridges: {n} bridges." for n in range(2, 460))
    money = ("Jane Doe: After a long debate about roads, schools, ports, taxes and the river, the council "
             "gave $5 million to bridges.")
    (seeds / "bridges.txt").write_text(f"Bridges\n\n{counts}\n\n{money}\n")
    service = await open_service(seeds)
    found = await service.facts("bridges", kind="money")
    assert [(f.kind, f.value, f.unit) for f in found] == [("money", 5_000_000.0, "USD")]
