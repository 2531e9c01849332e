"""The one error handler: friendly replies, the unexpected logged once."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.app import build_app, web_client
from adapters.slack.errors import UNEXPECTED, on_error
from bot.config import Settings
from bot.service import QuoteService

from .slack_harness import FakeSlack, SlackDriver, signed_headers


async def test_over_long_text_gets_a_friendly_message(slack: SlackDriver) -> None:
    sent = await slack.command("/search", ("trade " * 1667)[:10_000])
    msg = await slack.reply(sent)
    assert msg["response_type"] == "ephemeral"
    assert msg["text"] == "That is 10,000 characters; keep it under 300."


async def test_over_long_claim_gets_a_friendly_message(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/verify", "x" * 10_000))
    assert "keep it under 2,000" in msg["text"]


async def test_unknown_subcommand(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/quotebot", "dance <!here>"))
    assert msg["text"] == "I don't know “dance”. Try /quotebot help."


async def test_bad_quote_id(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/context", "nope"))
    assert msg["text"].startswith("That is not a quote id")


async def test_failing_handler_ends_in_a_friendly_reply_and_one_log(
    slack: SlackDriver, service: QuoteService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(service, "search", broken)
    with caplog.at_level(logging.INFO):
        msg = await slack.reply(await slack.command("/search", "trade"))
    assert msg == {"text": UNEXPECTED, "response_type": "ephemeral", "replace_original": False}
    logged = [r for r in caplog.records if r.exc_info and "database on fire" in str(r.exc_info[1])]
    assert len(logged) == 1 and logged[0].name == "adapters.slack.errors"
    assert "database on fire" not in msg["text"]


async def test_global_handler_falls_back_to_an_ephemeral_post_without_response_url(
    slack_settings: Settings, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    context = AsyncBoltContext({"channel_id": "C1", "user_id": "U1"})
    await on_error(RuntimeError("boom"), {"type": "event_callback"}, context, web_client(slack_settings))
    posted = fake_slack.api("chat.postEphemeral")
    assert len(posted) == 1
    assert posted[0].body["channel"] == "C1" and posted[0].body["user"] == "U1"
    assert posted[0].body["text"] == UNEXPECTED
    assert [r.levelname for r in caplog.records if r.name == "adapters.slack.errors"] == ["ERROR"]


async def test_errors_bolt_catches_reach_the_global_handler(
    service: QuoteService, slack_settings: Settings, fake_slack: FakeSlack
) -> None:
    app = build_app(service, slack_settings)

    @app.command("/boom")
    async def boom() -> None:  # fails before any ack: Bolt itself calls the @app.error handler
        raise RuntimeError("boom")

    body = urlencode({"command": "/boom", "text": "", "team_id": "T1", "channel_id": "C1", "user_id": "U1",
                      "response_url": fake_slack.url + "/respond/1", "trigger_id": "1.2.3"})
    resp = await app.async_dispatch(AsyncBoltRequest(body=body, headers=signed_headers(body)))
    assert resp.status == 500
    reply = (await fake_slack.wait_responses(1))[0].body
    assert reply["text"] == UNEXPECTED and reply["response_type"] == "ephemeral"
