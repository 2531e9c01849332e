"""Autocomplete answers from memory, at most 25 choices, well inside Discord's three seconds."""

from __future__ import annotations

from adapters.discord.autocomplete import Suggestions

from .conftest import Harness

FAST = 0.5


def choices(answer) -> list[dict]:
    body = answer.callback.body
    assert body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    return body["data"]["choices"]


async def test_speaker_choices_include_names_and_short_names(bot: Harness) -> None:
    answer = await bot.autocomplete("quote", "speaker", speaker="pu")
    names = [c["name"] for c in choices(answer)]
    assert names[:2] == ["Vladimir Putin", "Putin"]
    assert answer.callback.at - answer.started < FAST


async def test_empty_speaker_lists_everyone_within_limits(bot: Harness) -> None:
    got = choices(await bot.autocomplete("search", "speaker", query="trade", speaker=""))
    assert 1 <= len(got) <= 25
    assert {"Vladimir Putin", "Xi Jinping", "Jane Doe"} <= {c["name"] for c in got}


async def test_topic_choices_are_frequent_words_and_fact_subjects(bot: Harness) -> None:
    answer = await bot.autocomplete("quote", "topic", topic="tra")
    got = choices(answer)
    assert got[0]["name"] == "tra"  # what was typed stays an option
    assert "trade" in [c["name"] for c in got]
    assert len(got) <= 25 and all(1 <= len(c["name"]) <= 100 and c["value"] == c["name"] for c in got)
    assert answer.callback.at - answer.started < FAST


async def test_topics_never_exceed_25_choices(bot: Harness) -> None:
    got = choices(await bot.autocomplete("fact", "topic", topic=""))
    assert 1 <= len(got) <= 25


async def test_topics_learn_from_what_searches_show(bot: Harness) -> None:
    memory = Suggestions(bot.client.service)
    await memory.refresh()
    assert memory.topics("zebr") == ["zebr"]  # no transcript mentions zebras
    memory.learn(["Zebra crossings near the harbour, zebra signs", "Zebras"])
    assert memory.topics("zebr")[:3] == ["zebr", "zebra", "zebras"]
    assert "crossings" in memory.topics("cross")


async def test_autocomplete_does_not_touch_the_index(bot: Harness) -> None:
    await bot.client.service.close()  # an index that cannot answer: memory must
    got = choices(await bot.autocomplete("verify", "speaker", text="x", speaker="xi"))
    assert [c["name"] for c in got][:2] == ["Xi Jinping", "Xi"]
