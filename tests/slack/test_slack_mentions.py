"""@quotebot in a channel over signed loopback HTTP: a cited quote in the mention's thread, escaped like every other
answer; Slack's retry of the same event id is acknowledged and not answered again (the id is in the SQLite file)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

import aiosqlite
import pytest

from adapters.slack import run_slack
from adapters.slack.mentions import question
from bot.config import Settings
from bot.service import QuoteService

from .slack_harness import ASKER, BOT_TOKEN, INJECTION, FakeSlack, SlackDriver, texts
from .test_slack_safety import assert_inert


def posts(fake: FakeSlack) -> list[dict[str, Any]]:
    return [c.body for c in fake.api("chat.postMessage")]


async def test_a_mention_is_answered_in_its_thread_like_quote(slack: SlackDriver) -> None:
    sent = await slack.mention("harbour wall speaker:Jane", event_id="Ev001")
    assert (sent.status, sent.text) == (200, "")
    await slack.fake.until(lambda: posts(slack.fake))
    (answer,) = slack.fake.api("chat.postMessage")
    body = answer.body
    assert answer.token == BOT_TOKEN
    assert (body["channel"], body["thread_ts"]) == ("C1", "1700000000.000500")
    assert body["unfurl_links"] is False and body["unfurl_media"] is False and "link_names" not in body
    assert "Jane Doe" in body["text"] and "harbour wall" in body["text"].lower()
    assert body["blocks"][1]["type"] == "context" and "id `" in body["blocks"][1]["elements"][0]["text"]
    assert any(e["action_id"].startswith("quotebot_context") for b in body["blocks"] if b["type"] == "actions"
               for e in b["elements"])  # the same Context button as /quote
    assert_inert(body)


async def test_a_mention_in_a_thread_answers_in_that_thread(slack: SlackDriver) -> None:
    await slack.mention("harbour wall", event_id="Ev002", ts="1700000000.000900", thread_ts="1700000000.000100")
    await slack.fake.until(lambda: posts(slack.fake))
    assert posts(slack.fake)[0]["thread_ts"] == "1700000000.000100"


async def test_a_retried_event_is_acknowledged_and_answered_once(slack: SlackDriver, service: QuoteService,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="adapters.slack.redeliveries")
    await slack.mention("harbour wall", event_id="Ev100")
    await slack.fake.until(lambda: len(posts(slack.fake)) == 1)
    for retry in (1, 2):  # Slack's redeliveries of the same event, as if the first had not been acknowledged
        sent = await slack.mention("harbour wall", event_id="Ev100", retry=retry)
        assert (sent.status, sent.text) == (200, "")
    # Another event afterwards is answered: when its answer is there, a retry's would have been too.
    await slack.mention("lighthouse fund", event_id="Ev101", ts="1700000000.000700")
    await slack.fake.until(lambda: len(posts(slack.fake)) == 2)
    first, second = posts(slack.fake)
    assert (first["thread_ts"], second["thread_ts"]) == ("1700000000.000500", "1700000000.000700")
    assert "lighthouse" in second["text"]
    skipped = [r.getMessage() for r in caplog.records if "delivered before" in r.getMessage()]
    assert len(skipped) == 2 and "(1, http_timeout)" in skipped[0] and "(2, http_timeout)" in skipped[1]
    async with aiosqlite.connect(service.settings.db) as db, \
            db.execute("SELECT id FROM seen_deliveries WHERE platform = 'slack' ORDER BY id") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["Ev100", "Ev101"]


async def test_slash_commands_are_not_deduplicated(slack: SlackDriver) -> None:
    for n in (1, 2):
        assert "harbour" in (await slack.reply(await slack.command("/search", "harbour wall"), n))["text"].lower()


async def test_transcript_and_typed_text_in_a_mention_answer_stay_inert(slack: SlackDriver) -> None:
    await slack.mention(f"lighthouse fund {INJECTION}".replace("&", "&amp;").replace("<!", "&lt;!"),
                        event_id="Ev200")
    await slack.fake.until(lambda: posts(slack.fake))
    (body,) = posts(slack.fake)
    assert "lighthouse" in body["text"] and "&lt;!channel&gt;" in " ".join(texts(body))
    assert_inert(body)


async def test_a_miss_tells_the_asker_alone_in_the_thread(slack: SlackDriver) -> None:
    await slack.mention("zeppelin aardvark xylophone", event_id="Ev300")
    await slack.fake.until(lambda: slack.fake.api("chat.postEphemeral"))
    (told,) = [c.body for c in slack.fake.api("chat.postEphemeral")]
    assert (told["user"], told["channel"], told["thread_ts"]) == (ASKER, "C1", "1700000000.000500")
    assert told["text"].startswith("No quote about “zeppelin aardvark xylophone” found")
    assert not posts(slack.fake)


def test_the_question_is_the_text_without_the_bots_mention() -> None:
    assert question("<@UBOT1> harbour &amp; wall <@UBOT1|quotebot>", "UBOT1") == "harbour & wall"
    assert question("<@UBOT1>", "UBOT1") == ""
    assert question("hey <@UOTHER> <https://x.example|x> wall", "UBOT1") == "hey @UOTHER x wall"


async def test_in_socket_mode_a_redelivered_envelope_is_acknowledged_and_answered_once(
    service: QuoteService, slack_settings: Settings, fake_slack: FakeSlack
) -> None:
    settings = replace(slack_settings, slack_app_token="xapp-good", slack_signing_secret="")
    task = asyncio.create_task(run_slack(service, settings))
    try:
        await fake_slack.until(lambda: fake_slack.sockets)

        def envelope(n: int, event_id: str, ts: str, retry: int = 0) -> dict[str, Any]:
            event = {"type": "app_mention", "user": ASKER, "text": "<@UBOTT1> harbour wall", "ts": ts, "channel": "C1",
                     "event_ts": ts}
            payload = {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event": event,
                       "event_id": event_id, "event_time": 1700000000}
            return {"envelope_id": f"env-{n}", "type": "events_api", "accepts_response_payload": False,
                    "retry_attempt": retry, "retry_reason": "timeout" if retry else "", "payload": payload}

        await fake_slack.sockets[0].send_json(envelope(1, "EvS1", "1700000000.000100"))
        await fake_slack.until(lambda: len(posts(fake_slack)) == 1)
        await fake_slack.sockets[0].send_json(envelope(2, "EvS1", "1700000000.000100", retry=1))
        await fake_slack.sockets[0].send_json(envelope(3, "EvS2", "1700000000.000200"))
        await fake_slack.until(lambda: len(posts(fake_slack)) == 2)
        await fake_slack.until(lambda: len(fake_slack.socket_replies) == 3)
        assert sorted(r["envelope_id"] for r in fake_slack.socket_replies) == ["env-1", "env-2", "env-3"]  # all acked
        assert [p["thread_ts"] for p in posts(fake_slack)] == ["1700000000.000100", "1700000000.000200"]
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
