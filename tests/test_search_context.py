"""A sentence that answers without naming its topic is found through the sentence, or the turn, before it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.search import context
from bot.service import QuoteService

pytestmark = pytest.mark.default_model  # ranking by meaning: on the model users get

HARBOUR = """Harbour radio, episode 12

Host Mara Quist: Let's talk about the old lighthouse on the north pier. Why do the fishermen care so much?

Keeper Ivo Brandt: Because it keeps their boats off the rocks when the fog comes in at night.

Host Mara Quist: And the ferry timetable, how did that change this winter?

Keeper Ivo Brandt: The ferry now leaves at six, not seven. Nobody asked the pier cafe, which lost its breakfast crowd.

Keeper Ivo Brandt: The lighthouse lamp was painted red in 1931. The lighthouse keeper's cottage is now a museum.

Keeper Ivo Brandt: A lighthouse is a lovely thing to paint. The lighthouse shop sells postcards of it.
"""


@pytest.fixture(params=["on", "off"])
async def harbour(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, open_transcript: Callable) -> QuoteService:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", request.param)
    return await open_transcript("episode.txt", HARBOUR)


async def test_a_reply_rises_with_the_question_before_it(harbour: QuoteService) -> None:
    found = await harbour.search("why do fishermen care about the lighthouse", limit=3)
    assert any("off the rocks" in r.text for r in found.results)


async def test_a_sentence_rises_with_the_one_before_it_in_its_paragraph(harbour: QuoteService) -> None:
    found = await harbour.search("who lost out from the ferry change", limit=3)
    assert any("breakfast crowd" in r.text for r in found.results)


async def test_without_context_those_replies_fall_behind(harbour: QuoteService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "SEARCH", context.Reach(before=0, after=0))
    found = await harbour.search("why do fishermen care about the lighthouse", limit=3)
    assert not any("off the rocks" in r.text for r in found.results)


async def test_a_keyword_search_keeps_to_sentences_with_the_word(harbour: QuoteService) -> None:
    found = await harbour.search('"lighthouse"', limit=10)
    assert found.results and all("lighthouse" in r.text.lower() for r in found.results)
