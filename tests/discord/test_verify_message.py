"""Apps → Verify quote: a message command (type 2, data.type 3) on a real message, through the real tree."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot.claims import EMPTY, NOTHING

from .conftest import Harness

BRIEFING = Path(__file__).resolve().parents[1] / "claims_transcripts" / "water-board-briefing.txt"
URL = "https://example.org/briefings/reservoir?year=2023&part=1"


@pytest.fixture
def seeds(seeds: Path) -> Path:
    shutil.copy(BRIEFING, seeds / BRIEFING.name)
    return seeds


async def test_a_true_quote_is_exact_private_and_offers_post_context_and_source(bot: Harness) -> None:
    answer = await bot.message_command("Verify quote", 'Maria Okafor said "We will not ration water this summer."')
    assert answer.ephemeral
    assert answer.embed["title"] == "Exact quote"
    assert answer.embed["author"]["name"].startswith("Maria Okafor")
    assert {"Post to channel", "Context", "Source"} <= set(answer.buttons())
    assert answer.buttons()["Source"]["url"] == URL
    assert re.fullmatch(r"quotebot:context:[a-z2-7]{12}", answer.buttons()["Context"]["custom_id"])


async def test_an_altered_number_is_named(bot: Harness) -> None:
    answer = await bot.message_command("Verify quote",
                                       "Okafor says the reservoir holds 46 percent more water than last June")
    assert answer.embed["title"].startswith("Altered: 64 percent, not 46 percent")
    assert "**64 percent**" in answer.embed["description"]


async def test_a_misattribution_names_who_said_it(bot: Harness) -> None:
    answer = await bot.message_command(
        "Verify quote", "“The east dam was inspected by 40 engineers over nine weeks,” said Maria Okafor.")
    assert answer.embed["title"] == "Said by Tomas Lind, not Maria Okafor"


async def test_several_quotes_are_each_answered_in_one_message(bot: Harness) -> None:
    answer = await bot.message_command(
        "Verify quote", 'Okafor: "We will not ration water this summer." Lind: "The spillway gates will be '
                        'replaced in 2031."')
    titles = [e["title"] for e in answer.reply["embeds"]]
    assert titles[0] == "Exact quote" and titles[1].startswith("Altered: 2025, not 2031")
    assert {"Context 1", "Context 2", "Post to channel"} <= set(answer.buttons())


async def test_nothing_to_verify_and_embeds_only_get_a_short_friendly_answer(bot: Harness) -> None:
    nothing = await bot.message_command("Verify quote", "lovely weather at the reservoir today")
    assert nothing.ephemeral and nothing.reply["content"] == NOTHING
    embeds_only = await bot.message_command("Verify quote", "", embeds=[{"type": "rich", "title": "a link preview"}])
    assert embeds_only.ephemeral and embeds_only.reply["content"] == EMPTY


async def test_a_hostile_message_leaves_nothing_live(bot: Harness) -> None:
    hostile = ('@everyone @here <@&123456789012345678> Okafor said "We will not ration water this summer '
               '[click here](https://evil.example/steal) https://evil.example/bare"')
    answer = await bot.message_command("Verify quote", hostile)
    sent = json.dumps(answer.reply, ensure_ascii=False)
    assert "evil.example" not in sent and "<@&" not in sent
    assert "@everyone" not in sent.replace("@\u200beveryone", "") and "@here" not in sent.replace("@\u200bhere", "")
    assert answer.reply["allowed_mentions"] == {"parse": []}


async def test_context_button_shows_the_paragraphs_around_and_posting_keeps_the_buttons(bot: Harness) -> None:
    answer = await bot.message_command("Verify quote", 'Maria Okafor said "We will not ration water this summer."')
    context = await bot.press(answer, "Context", user_id=bot.stranger)  # anyone may look at the context
    assert context.ephemeral and context.embed["title"].startswith("Context of quote")
    assert any("▶" in f["name"] for f in context.embed["fields"])
    posted = await bot.press(answer, "Post to channel")
    assert not posted.ephemeral and posted.embed["title"] == "Exact quote"
    assert {"Context", "Source"} <= set(posted.buttons())


async def test_quote_fact_and_verify_carry_context_and_source_buttons(bot: Harness) -> None:
    quote = await bot.command("quote", topic="ration water", speaker="Okafor")
    assert quote.buttons()["Source"]["url"] == URL and "Context" in quote.buttons()
    fact = await bot.command("fact", topic="reservoir")
    assert "Context" in fact.buttons()
    verify = await bot.command("verify", text="We will not ration water this summer.")
    assert {"Context", "Source", "Post to channel"} <= set(verify.buttons())
    putin = await bot.command("quote", topic="trade", speaker="Putin")
    assert "Context" in putin.buttons() and "Source" not in putin.buttons()  # that document has no URL
    context = await bot.press(quote, "Context")
    assert context.embed["title"].startswith("Context of quote")


async def test_quote_as_a_card_is_a_png_with_the_quote_and_citation_as_alt_text(bot: Harness) -> None:
    answer = await bot.command("quote", topic="ration water", speaker="Okafor", card=True)
    upload = answer.callback
    assert list(upload.files) and next(iter(upload.files)).startswith("quote-")
    png = next(iter(upload.files.values()))
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    attachment = upload.body["data"]["attachments"][0]
    assert attachment["description"].startswith("“We will not ration water this summer.”")
    assert "Maria Okafor (Chair of the Water Board)" in attachment["description"]
    assert "id " in attachment["description"] and not answer.reply.get("embeds")
    assert {"Context", "Source"} <= set(answer.buttons())
    plain = await bot.command("quote", topic="ration water", speaker="Okafor")
    assert plain.embed and not plain.callback.files  # text stays the default


async def test_a_block_quote_signed_with_a_name_is_checked_against_that_name(bot: Harness) -> None:
    answer = await bot.message_command("Verify quote",
                                       "> The east dam was inspected by 40 engineers over nine weeks.\n— Maria Okafor")
    assert answer.embed["title"] == "Said by Tomas Lind, not Maria Okafor"


async def test_five_long_answers_fit_one_message_and_the_rest_are_counted(bot: Harness) -> None:
    quotes = [f'"the dredging of the northern channel and the harbour basin will continue {n}"' for n in range(7)]
    answer = await bot.message_command("Verify quote", "Jane Doe said " + " and ".join(quotes))
    embeds = answer.reply["embeds"]
    assert len(embeds) == 5  # the fake refuses, as Discord would, anything over 6,000 characters in all
    assert "2 more quotation(s) not checked" in embeds[-1]["footer"]["text"]
    assert bot.api.violations == []
