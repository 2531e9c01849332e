"""Nothing the bot sends can ping or format: echoed mentions and markdown come back inert."""

from __future__ import annotations

import json

import pytest

from adapters.discord.errors import UNEXPECTED

from .conftest import Harness

INJECTIONS = {
    "@everyone": "@\u200beveryone",
    "@here": "@\u200bhere",
    "<@123>": "<\u200b@123>",
    "<@&456>": "<\u200b@&456>",
    "<#789>": "<\u200b#789>",
    "**markdown**": "\\*\\*markdown\\*\\*",
    "`code`": "\\`code\\`",
}
TOO_LONG = "word " * 2000  # 10,000 characters; Discord's own limit on a string option is 6,000


def sent(bot: Harness) -> str:
    return json.dumps(bot.api.sent_messages(), ensure_ascii=False)


@pytest.mark.parametrize("attack", INJECTIONS)
async def test_echoed_input_is_inert(bot: Harness, attack: str) -> None:
    verify = await bot.command("verify", text=f"Putin said {attack} that trade grew by 31 percent")
    assert INJECTIONS[attack] in verify.embed["fields"][0]["value"]
    speaker = await bot.command("quote", topic="trade", speaker=attack)
    assert speaker.ephemeral and "No speaker called" in speaker.reply["content"]
    await bot.command("search", query=f"{attack} trade")
    await bot.command("search", query=attack)
    await bot.command("quote", topic=f"{attack} zeppelins")
    await bot.command("fact", topic=attack)
    everything = sent(bot)
    assert attack not in everything
    assert all(m["allowed_mentions"] == {"parse": []} for m in bot.api.sent_messages())


async def test_mentions_and_markdown_inside_transcripts_are_inert_too(bot: Harness) -> None:
    embed = (await bot.command("quote", topic="night shift")).embed
    assert "@\u200beveryone" in embed["description"]
    assert "\\*\\*" in embed["description"]
    assert "@everyone" not in sent(bot)


def test_the_client_allows_no_mentions_by_default(bot: Harness) -> None:
    assert bot.client.allowed_mentions is not None
    assert bot.client.allowed_mentions.to_dict() == {"parse": []}


@pytest.mark.parametrize(("command", "option", "extra"), [
    ("search", "query", {}), ("verify", "text", {}), ("quote", "topic", {}), ("fact", "topic", {}),
    ("context", "id", {}), ("quote", "speaker", {"topic": "trade"}), ("verify", "speaker", {"text": "trade grew"}),
])
async def test_over_long_input_gets_a_friendly_answer(bot: Harness, command: str, option: str, extra: dict) -> None:
    answer = await bot.command(command, **extra, **{option: TOO_LONG})
    assert answer.ephemeral
    content = answer.reply["content"]
    assert 0 < len(content) <= 200 and content != UNEXPECTED


async def test_a_huge_passage_is_cut_at_a_word_but_its_citation_is_whole(bot: Harness) -> None:
    embed = (await bot.command("quote", topic="northern channel basin")).embed
    assert len(embed["description"]) <= 4096
    assert embed["description"].endswith("…”")
    assert embed["description"][-3] != " " and embed["description"][-3].isalpha()
    assert embed["footer"]["text"].startswith("Harbour board meeting · ¶") and " · id " in embed["footer"]["text"]
