"""Facts found through their context: the sentence before names the topic, a "how many" names the counted thing,
the query names the unit, and a sentence's idiomatic "first time" gives way to its news."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.search import context
from bot.search.shape import _counted
from bot.service import QuoteService

pytestmark = pytest.mark.default_model  # ranking by meaning: on the model users get

CANAL = """Canal authority hearing, 2024

Director Ruth Abara: The lighthouse agreement with the river towns was signed in 1998. It has since been renewed for another ten years.

Director Ruth Abara: The lighthouse has 120 steps, and a visit takes two hours.

Director Ruth Abara: The fishing agreement has 14 clauses, and the lighthouse keeper read all of them twice.

Director Ruth Abara: Another agreement, on moorings, covers 300 boats.

Director Ruth Abara: Our dredging fleet is old. Tenders for more than 40 million euros went to four local shipyards.

Director Ruth Abara: For the first time, the canal carried 12 million tonnes of grain in one season.

Director Ruth Abara: The first lock keeper arrived in 1870, and the first bridge followed in 1881.

Inspector Tomas Lindqvist: There were 37 ferries registered last year, and the top three captains ran most of them.

Inspector Tomas Lindqvist: Here are the three best ferry captains of the season, starting with number three.

Inspector Tomas Lindqvist: Ferry fares rose by 8 percent after the canal tolls went up to 3 euros.
"""


@pytest.fixture(params=["on", "off"])
async def canal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, open_transcript: Callable) -> QuoteService:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", request.param)
    return await open_transcript("hearing.txt", CANAL)


def _rank_of(facts, kind: str, value: float) -> int | None:
    return next((n for n, f in enumerate(facts, 1) if f.kind == kind and f.value == value), None)


async def test_the_sentence_before_names_what_it_is(canal: QuoteService) -> None:
    # "It has since been renewed for another ten years": the agreement is named only in the sentence before.
    facts = await canal.facts("lighthouse agreement term", limit=3)
    assert _rank_of(facts, "duration", 10) is not None
    # Shipyards win tenders for a fleet the sentence itself never mentions.
    assert _rank_of(await canal.facts("dredging fleet tenders", limit=2), "money", 4e7) is not None


def test_context_does_not_count_the_same_words_twice() -> None:
    order = {"p": (("a", 1), ("b", 1), ("c", 1))}
    source = {"a": 1.0, "b": 0.2}
    same = context.carry(order, source, {"a": frozenset({0}), "b": frozenset({0}), "c": frozenset()}, context.FACTS)
    assert same.get("b", 0.0) == 0.0  # b already says what a says
    assert same["c"] == pytest.approx(max(context.CARRY * 0.2, context.CARRY**2 * 1.0))
    new = context.carry(order, source, {"a": frozenset({0}), "b": frozenset({1}), "c": frozenset()}, context.FACTS)
    assert new["b"] == pytest.approx(context.CARRY)


def test_context_reaches_the_turn_before_only_when_asked() -> None:
    order = {"d": (("q", 1), ("a", 2))}  # a question, then the reply in the next paragraph
    ideas = {"q": frozenset({0}), "a": frozenset()}
    assert context.carry(order, {"q": 1.0}, ideas, context.FACTS) == {}
    assert context.carry(order, {"q": 1.0}, ideas, context.SEARCH)["a"] == pytest.approx(context.CARRY * context.ACROSS)
    assert context.carry(order, {"a": 1.0}, {"a": frozenset({0})}, context.SEARCH)["q"] == pytest.approx(
        context.AFTER * context.ACROSS)  # the reply says a little of what the question was about
    runs = context.stretches({("d", 1): ("q",), ("d", 2): ("a",), ("d", 4): ("z",), ("e", 5): ("y",)})
    assert sorted(runs.values()) == [(("q", 1), ("a", 2)), (("y", 5),), (("z", 4),)]


def test_how_many_names_the_counted_thing() -> None:
    assert _counted("how many ferries were registered in 2023?") == ("ferries",)
    assert _counted("how many?") == () and _counted("how many of them") == ()


async def test_a_count_of_the_thing_asked_comes_before_other_counts(canal: QuoteService) -> None:
    facts = await canal.facts("how many ferries", limit=5)
    assert _rank_of(facts, "count", 37) == 1


async def test_the_unit_named_picks_the_fact_of_a_sentence(canal: QuoteService) -> None:
    facts = await canal.facts("ferry fares percent", limit=2)
    assert (facts[0].kind, facts[0].value) == ("percent", 8)


async def test_a_sentence_states_each_quantity_once_and_its_news_first(canal: QuoteService) -> None:
    facts = await canal.facts("canal grain season", limit=5)
    grain = [f for f in facts if "grain" in f.excerpt.text]
    assert grain and grain[0].kind != "ordinal"  # the 12 million tonnes, not "the first time"
    ids = [(f.excerpt.id, f.kind, f.value) for f in await canal.facts("best ferry captains", limit=10)]
    assert len(ids) == len(set(ids))  # "three best ... number three": one answer
