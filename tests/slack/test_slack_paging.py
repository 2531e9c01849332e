"""Previous / Next (block_actions) and Post to channel; only the asker may use them."""

from __future__ import annotations

import json

from .slack_harness import ASKER, STRANGER, SlackDriver, buttons


def nav(message: dict) -> set[str]:
    """The buttons besides each passage's Context and Source."""
    return {b for b in buttons(message) if not b.startswith(("quotebot_context", "quotebot_source"))}


async def test_pages_forward_and_back(slack: SlackDriver) -> None:
    first = await slack.reply(await slack.command("/search", "harbour wall"))
    assert first["blocks"][0]["text"]["text"].startswith("*Results 1–5 ")
    assert nav(first) == {"quotebot_page_next", "quotebot_post"}
    assert [buttons(first)[f"quotebot_context_{n}"]["text"]["text"] for n in range(1, 6)] == [
        f"Context {n}" for n in range(1, 6)]
    state = json.loads(buttons(first)["quotebot_page_next"]["value"])
    assert state == {"c": "search", "t": "harbour wall", "o": 5, "u": ASKER}  # survives a restart

    second = await slack.reply(await slack.press(buttons(first)["quotebot_page_next"]), 2)
    assert second["replace_original"] is True
    assert second["blocks"][0]["text"]["text"].startswith("*Results 6–10 ")
    assert nav(second) == {"quotebot_page_previous", "quotebot_page_next", "quotebot_post"}
    assert {f"quotebot_context_{n}" for n in range(6, 11)} <= set(buttons(second))  # numbered as the results are

    third = await slack.reply(await slack.press(buttons(second)["quotebot_page_next"]), 3)
    assert third["blocks"][0]["text"]["text"].startswith("*Results 11–12 ")
    assert "quotebot_page_next" not in buttons(third)

    back = await slack.reply(await slack.press(buttons(third)["quotebot_page_previous"]), 4)
    assert back["blocks"] == second["blocks"]


async def test_stranger_is_refused_and_nothing_changes(slack: SlackDriver) -> None:
    first = await slack.reply(await slack.command("/search", "harbour wall"))
    refusal = await slack.reply(await slack.press(buttons(first)["quotebot_page_next"], user=STRANGER,
                                                  ephemeral=False), 2)
    assert refusal["response_type"] == "ephemeral"
    assert refusal["replace_original"] is False
    assert "Only the person who searched" in refusal["text"]
    assert "blocks" not in refusal


async def test_post_to_channel_shares_and_removes_the_private_copy(slack: SlackDriver) -> None:
    private = await slack.reply(await slack.command("/search", "harbour wall"))
    await slack.press(buttons(private)["quotebot_post"])
    posted, deleted = [c.body for c in await slack.fake.wait_responses(3)][1:]
    assert posted["response_type"] == "in_channel" and posted["replace_original"] is False
    assert posted["blocks"][0] == private["blocks"][0]
    assert "Shared by <@UASKER1>" in posted["blocks"][-2]["elements"][0]["text"]
    assert nav(posted) == {"quotebot_page_next"}  # still pageable, by the asker only
    assert deleted["delete_original"] is True

    page = await slack.reply(await slack.press(buttons(posted)["quotebot_page_next"], ephemeral=False), 4)
    assert page["replace_original"] is True and "Shared by" in page["blocks"][-2]["elements"][0]["text"]
    refused = await slack.reply(await slack.press(buttons(posted)["quotebot_page_next"], user=STRANGER,
                                                  ephemeral=False), 5)
    assert "Only the person who searched" in refused["text"]


async def test_post_to_channel_for_a_verdict(slack: SlackDriver) -> None:
    private = await slack.reply(await slack.command("/verify", '"Greetings" speaker:Putin'))
    await slack.press(buttons(private)["quotebot_post"])
    posted = (await slack.fake.wait_responses(3))[1].body
    assert posted["response_type"] == "in_channel"
    assert posted["blocks"][0] == private["blocks"][0]


async def test_a_tampered_button_value_gets_a_friendly_reply(slack: SlackDriver) -> None:
    button = {"action_id": "quotebot_page_next", "text": {"type": "plain_text", "text": "Next"}, "value": "{nope"}
    msg = await slack.reply(await slack.press(button))
    assert msg["text"] == "That button no longer works; run the command again."
