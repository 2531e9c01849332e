"""Numbers in any form and the shape of a question point at the sentences that state the quantity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.extract.facts import extract_facts
from bot.extract.numbers import to_value
from bot.search.query import parse
from bot.search.shape import shape_of
from bot.service import QuoteService

pytestmark = pytest.mark.default_model  # ranking by meaning: on the model users get

BUDGET = """Harbour budget briefing, 2023

Chair Lena Ortiz: Every port in the region is talking about the budget and about trade.

Chair Lena Ortiz: The budget for the port reached 200 billion dollars, which is a record for trade.

Chair Lena Ortiz: Trade through the port is the budget's first concern, and trade keeps the port alive.

Secretary Omar Said: We hired six inspectors for the port this year.

Secretary Omar Said: Inspectors at the port say trade and the budget matter most to the port.

Secretary Omar Said: The new crane took three years to build.
"""


@pytest.fixture(params=["on", "off"])
async def harbour(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, open_transcript: Callable) -> QuoteService:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", request.param)
    return await open_transcript("budget.txt", BUDGET)


@pytest.mark.parametrize("text, value", [("200bn", 2e11), ("$200bn", 2e11), ("1,520", 1520), ("half a dozen", 6),
                                         ("two hundred billion", 2e11)])
def test_numbers_as_written(text: str, value: float) -> None:
    assert to_value(text.lstrip("$")) == value


@pytest.mark.parametrize("text", ["$200bn", "two hundred billion dollars", "200 billion dollars", "US$200 billion"])
def test_every_form_of_a_sum_has_one_value(text: str) -> None:
    assert [(f.kind, f.value) for f in extract_facts(text)] == [("money", 2e11)]


def test_a_bare_scale_counts_one_of_it() -> None:
    assert [(f.kind, f.value, f.unit) for f in extract_facts("hundred billion dollars")] == [("money", 1e11, "USD")]


@pytest.mark.parametrize("query, kinds", [("how many inspectors were hired?", ("count",)),
                                          ("how long did the crane take?", ("duration",)),
                                          ("when was the port opened?", ("date", "year")),
                                          ("port budget", ())])
def test_question_shape_names_the_kind_asked_for(query: str, kinds: tuple[str, ...]) -> None:
    assert shape_of(parse(query)).asks == kinds


def test_a_year_in_a_question_sets_the_scene_and_is_not_the_answer() -> None:
    assert shape_of(parse("how many inspectors were hired in 2023?")).values == ()
    assert shape_of(parse("the 2023 budget")).values == (2023.0,)


@pytest.mark.parametrize("query", ["$200bn", "two hundred billion dollars", "200bn port"])
async def test_a_sum_in_any_form_ranks_the_sentence_stating_it_first(harbour: QuoteService, query: str) -> None:
    found = await harbour.search(query)
    assert "200 billion dollars" in found.results[0].text


async def test_how_many_ranks_the_sentence_with_the_count_first(harbour: QuoteService) -> None:
    found = await harbour.search("how many inspectors work at the port?")
    assert "six inspectors" in found.results[0].text


def test_a_query_names_a_speaker_by_role() -> None:
    from bot.speakers import SpeakerDirectory
    from bot.text.terms import index_terms

    d = SpeakerDirectory.from_rows([("Ada Kaya", "President of the Republic of Turkey", 3), ("Ivan Petrov", "Mayor of Moscow", 2),
                                    ("Jo Lane", "Host", 5), ("Ben Ode", "President of Ghana", 4)])
    assert d.mentioned(index_terms("what did Turkey's president say about grain")) == {"Ada Kaya"}
    assert d.mentioned(index_terms("the Moscow mayor on parks")) == {"Ivan Petrov"}
    assert d.mentioned(index_terms("what did the host think")) == {"Jo Lane"}
    assert d.mentioned(index_terms("the president of France")) == frozenset()


async def test_words_of_the_speaker_a_role_names_rank_first(harbour: QuoteService) -> None:
    found = await harbour.search("what did the secretary say about trade and the budget?")
    assert found.results[0].speaker == "Omar Said"


async def test_a_word_found_only_in_longer_forms_backs_off_to_a_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", "off")
    seeds = tmp_path / "steppe"
    seeds.mkdir()
    (seeds / "steppe.txt").write_text("Steppe\n\nAda Ray: The Mongolian railway opened in the spring.\n\n"
                                      "Ada Ray: Parliamentarians debated the budget all night.\n", encoding="utf-8")
    service = await QuoteService.open(load_settings(seeds=str(seeds), db=str(tmp_path / "s.db"), env_file=False))
    try:
        found = await service.search("Mongolia")
        assert found.results and "Mongolian" in found.results[0].text and "mongolian" in found.results[0].terms
        assert "Parliamentarians" in (await service.search("parliamentary debate")).results[0].text
    finally:
        await service.close()
