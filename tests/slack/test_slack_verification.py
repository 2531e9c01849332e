"""Bolt's request verification: a bad or stale signature is a 401 and no listener runs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.service import QuoteService

from .slack_harness import SlackDriver


@pytest.fixture
def calls(service: QuoteService, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = service.search

    async def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(args)
        return await real(*args, **kwargs)

    monkeypatch.setattr(service, "search", spy)
    return seen


async def test_good_signature_runs(slack: SlackDriver, calls: list[Any]) -> None:
    await slack.reply(await slack.command("/search", "trade"))
    assert calls


@pytest.mark.parametrize("sign", [
    {"secret": "not-the-secret"},
    {"timestamp": -6 * 60},  # seconds from now: older than Slack's five minutes
    {"timestamp": 6 * 60},
])
async def test_bad_or_stale_signature_is_rejected(slack: SlackDriver, calls: list[Any], sign: dict) -> None:
    # The timestamp is taken now, not when the tests were collected (a long run would make it fresh again).
    if "timestamp" in sign:
        sign = {"timestamp": int(time.time()) + sign["timestamp"]}
    sent = await slack.command("/search", "trade", **sign)
    assert sent.status == 401
    await asyncio.sleep(0.2)
    assert not calls
    assert not slack.fake.responses


async def test_missing_signature_is_rejected(slack: SlackDriver, calls: list[Any]) -> None:
    sent = await slack.post("command=%2Fsearch&text=trade", {"Content-Type": "application/x-www-form-urlencoded"})
    assert sent.status == 401
    assert not calls and not slack.fake.responses
