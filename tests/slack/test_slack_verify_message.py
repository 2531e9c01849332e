"""The "Verify quote" message shortcut: signed ``message_action`` payloads, answered in the thread for the asker."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.claims import NOTHING

from .slack_harness import ASKER, STRANGER, FakeSlack, SlackDriver, buttons, texts

BRIEFING = Path(__file__).resolve().parents[1] / "claims_transcripts" / "water-board-briefing.txt"
URL = "https://example.org/briefings/reservoir?year=2023&part=1"
TS = "1700000000.000300"


@pytest.fixture
def seeds(seeds: Path) -> Path:
    shutil.copy(BRIEFING, seeds / BRIEFING.name)
    return seeds


async def verify(slack: SlackDriver, text: str, count: int = 1, **kw: Any) -> dict[str, Any]:
    sent = await slack.shortcut(text, **kw)
    assert sent.status == 200 and sent.seconds < 3.0
    await slack.fake.until(lambda: len(slack.fake.api("chat.postEphemeral")) >= count)
    return slack.fake.api("chat.postEphemeral")[count - 1].body


def blocks_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    raw = body.get("blocks") or "[]"
    return json.loads(raw) if isinstance(raw, str) else raw


def headlines(body: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in blocks_of(body) if b["type"] == "section" and b["text"]["text"].startswith("*")]


async def test_a_true_quote_is_answered_in_the_thread_for_the_asker_alone(slack: SlackDriver) -> None:
    body = await verify(slack, 'Maria Okafor said "We will not ration water this summer."')
    assert (body["channel"], body["user"], body["thread_ts"]) == ("C1", ASKER, TS)
    assert headlines(body)[0] == "*Exact quote*"
    found = buttons({"blocks": blocks_of(body)})
    assert {"quotebot_post_thread", "quotebot_context", "quotebot_source"} <= set(found)
    assert found["quotebot_source"]["url"] == URL


async def test_a_message_in_a_thread_is_answered_in_that_thread(slack: SlackDriver) -> None:
    body = await verify(slack, 'Okafor said "We will not ration water this summer."', thread_ts="1699999999.000001")
    assert body["thread_ts"] == "1699999999.000001"


async def test_an_altered_number_and_a_misattribution(slack: SlackDriver) -> None:
    altered = await verify(slack, "Okafor says the reservoir holds 46 percent more water than last June")
    assert headlines(altered)[0].startswith("*Altered: 64 percent, not 46 percent")
    wrong = await verify(slack, "“The east dam was inspected by 40 engineers over nine weeks,” said Maria Okafor.", 2)
    assert headlines(wrong)[0] == "*Said by Tomas Lind, not Maria Okafor*"


async def test_nothing_to_verify_is_one_friendly_line_in_the_thread(slack: SlackDriver) -> None:
    body = await verify(slack, "lovely weather at the reservoir today")
    assert body["text"] == NOTHING and body["thread_ts"] == TS and "blocks" not in body


async def test_a_hostile_message_leaves_nothing_live(slack: SlackDriver) -> None:
    hostile = ('<!channel> <!here> <@U123> <#C123> Okafor said "We will not ration water this summer '
               '<https://evil.example/steal|click here> <https://evil.example/bare> &amp; more"')
    body = await verify(slack, hostile)
    rendered = texts({"text": body["text"], "blocks": blocks_of(body)})
    joined = "\n".join(rendered)
    assert "evil.example" not in joined and "<!" not in joined and "<@" not in joined and "<#" not in joined
    assert "@channel" not in joined and "@here" not in joined  # a word joiner breaks every broadcast word


async def test_post_to_thread_shares_it_and_removes_the_private_copy(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    body = await verify(slack, 'Maria Okafor said "We will not ration water this summer."')
    post = buttons({"blocks": blocks_of(body)})["quotebot_post_thread"]
    await slack.press(post, user=STRANGER)
    await fake_slack.wait_responses(1)  # the refusal, to the stranger alone
    assert "Only the person who asked" in fake_slack.responses[-1].body["text"]
    assert not fake_slack.api("chat.postMessage")
    await slack.press(post)
    await fake_slack.until(lambda: fake_slack.api("chat.postMessage"))
    shared = fake_slack.api("chat.postMessage")[0].body
    assert shared["thread_ts"] == TS and shared["channel"] == "C1"
    shared_blocks = blocks_of(shared)
    assert "quotebot_post_thread" not in buttons({"blocks": shared_blocks})
    assert any("Shared by <@UASKER1>" in t for t in texts({"blocks": shared_blocks}))
    await fake_slack.until(lambda: any(r.body.get("delete_original") for r in fake_slack.responses))


async def test_context_button_shows_the_paragraphs_around(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    body = await verify(slack, 'Maria Okafor said "We will not ration water this summer."')
    await slack.press(buttons({"blocks": blocks_of(body)})["quotebot_context"], user=STRANGER)
    context = (await fake_slack.wait_responses(1))[0].body
    assert context["response_type"] == "ephemeral" and context["text"].startswith("Context of ")
    assert any(b["text"]["text"].startswith("▶ ") for b in context["blocks"] if b["type"] == "section")


def test_the_manifest_declares_the_message_shortcut() -> None:
    from adapters.slack.shortcuts import CALLBACK

    text = (Path(__file__).resolve().parents[2] / "slack-manifest.yml").read_text(encoding="utf-8")
    found = re.search(r"shortcuts:\n\s+- name: Verify quote\n\s+type: message.*\n\s+callback_id: (\w+)", text)
    assert found and found.group(1) == CALLBACK


async def test_slash_answers_carry_context_and_source(slack: SlackDriver) -> None:
    quote = await slack.reply(await slack.command("/quote", "ration water speaker:Okafor"))
    assert buttons(quote)["quotebot_source"]["url"] == URL and "quotebot_context" in buttons(quote)
    checked = await slack.reply(await slack.command("/verify", '"We will not ration water this summer."'), 2)
    assert {"quotebot_post", "quotebot_context", "quotebot_source"} <= set(buttons(checked))
    facts = await slack.reply(await slack.command("/fact", "east dam --limit 5"), 3)  # two sentences state figures
    assert {"quotebot_context_1", "quotebot_context_2"} <= set(buttons(facts))


async def test_quote_card_is_uploaded_with_the_quote_as_alt_text(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    sent = await slack.command("/quote", "ration water speaker:Okafor card:true")
    note = await slack.reply(sent)
    assert note["response_type"] == "ephemeral" and note["text"].startswith("Posted the card of quote")
    assert {"quotebot_context", "quotebot_source"} <= set(buttons(note))
    asked = fake_slack.api("files.getUploadURLExternal")[0].body
    assert asked["alt_txt"].startswith("“We will not ration water this summer.”")
    assert "Maria Okafor (Chair of the Water Board)" in asked["alt_txt"] and asked["filename"].startswith("quote-")
    png = next(iter(fake_slack.uploads.values()))
    assert png.startswith(b"\x89PNG") and int(asked["length"]) == len(png)
    assert fake_slack.api("files.completeUploadExternal")[0].body["channel_id"] == "C1"


async def test_quote_card_where_the_bot_may_not_upload_says_how_to_fix_it(slack: SlackDriver,
                                                                          fake_slack: FakeSlack) -> None:
    fake_slack.failures["files.completeUploadExternal"] = ["not_in_channel"]
    msg = await slack.reply(await slack.command("/quote", "ration water card:true"))
    assert "not_in_channel" in msg["text"] and "invite me" in msg["text"]


async def test_where_the_bot_is_not_a_member_the_answer_goes_through_the_response_url(
        slack: SlackDriver, fake_slack: FakeSlack) -> None:
    fake_slack.failures["chat.postEphemeral"] = ["channel_not_found"]
    sent = await slack.shortcut('Maria Okafor said "We will not ration water this summer."')
    answer = await slack.reply(sent)
    assert answer["response_type"] == "ephemeral" and answer["thread_ts"] == TS
    assert answer["blocks"][0]["text"]["text"] == "*Exact quote*"


async def test_a_block_quote_signed_with_a_name_is_checked_against_that_name(slack: SlackDriver) -> None:
    body = await verify(slack, "&gt; The east dam was inspected by 40 engineers over nine weeks.\n— Maria Okafor")
    assert headlines(body)[0] == "*Said by Tomas Lind, not Maria Okafor*"
