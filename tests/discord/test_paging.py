"""Search results five to a page; only the person who searched can turn the pages."""

from __future__ import annotations

import asyncio

import pytest

from adapters.discord import paging

from .conftest import Harness


def numbers(embed: dict) -> list[int]:
    return [int(f["name"].split(".")[0]) for f in embed["fields"]]


async def test_search_pages_forward_and_back(bot: Harness) -> None:
    answer = await bot.command("search", query="China")  # 13 passages
    assert not answer.ephemeral
    assert numbers(answer.embed) == [1, 2, 3, 4, 5]
    assert answer.buttons()["Previous"]["disabled"] and not answer.buttons()["Next"]["disabled"]
    for field in answer.embed["fields"]:
        assert "¶" in field["value"] and "id `" in field["value"]

    assert [f"Context {n}" in answer.buttons() for n in range(1, 6)] == [True] * 5

    second = await bot.press(answer, "Next")
    assert second.callback.body["type"] == 7  # the same message, updated in place
    assert numbers(second.embed) == [6, 7, 8, 9, 10]
    assert {f"Context {n}" for n in range(6, 11)} == {b for b in second.buttons() if b.startswith("Context")}
    third = await bot.press(answer, "Next")
    assert numbers(third.embed) == [11, 12, 13]
    assert third.buttons()["Next"]["disabled"] and not third.buttons()["Previous"]["disabled"]
    back = await bot.press(answer, "Previous")
    assert numbers(back.embed) == [6, 7, 8, 9, 10]


async def test_a_stranger_pressing_next_is_refused_privately(bot: Harness) -> None:
    answer = await bot.command("search", query="China")
    refused = await bot.press(answer, "Next", user_id=bot.stranger)
    assert refused.callback.body["type"] == 4 and refused.ephemeral
    assert refused.reply["content"] == paging.REFUSAL
    message = bot.api.messages[bot.api.created[answer.payload["token"]][0]]
    assert numbers(message["embeds"][0]) == [1, 2, 3, 4, 5]  # the page did not turn


async def test_speaker_filter_is_kept_while_paging(bot: Harness) -> None:
    answer = await bot.command("search", query="China", speaker="Putin")
    assert "speaker: Vladimir Putin" in answer.embed["footer"]["text"]
    assert all(f["name"].endswith("Vladimir Putin") for f in answer.embed["fields"])


def test_buttons_keep_working_for_at_least_fifteen_minutes() -> None:
    assert paging.TIMEOUT >= 15 * 60


async def test_buttons_are_taken_away_when_the_pager_times_out(bot: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "TIMEOUT", 0.05)
    answer = await bot.command("search", query="China")
    message_id = bot.api.created[answer.payload["token"]][0]
    for _ in range(100):
        await asyncio.sleep(0.02)
        edits = [c for c in bot.api.calls if c.method == "PATCH" and c.path.endswith(f"/messages/{message_id}")]
        if edits:
            break
    assert edits and edits[0].path.startswith("/channels/")
    left = [b["label"] for row in edits[0].body["components"] for b in row["components"]]
    assert left == [f"Context {n}" for n in range(1, 6)]  # the page buttons are gone; Context keeps working
