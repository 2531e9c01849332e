"""Nothing from a transcript or a user can ping, link or inject: the injection suite."""

from __future__ import annotations

import re

import pytest

from adapters.slack.safety import channel_mention, escape, mention, safe_url, unescape

from .slack_harness import INJECTION, SlackDriver, texts

PAYLOADS = ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123>", "<https://evil.example|click>", "&"]


def assert_inert(message: dict) -> None:
    for text in texts(message):
        assert "<" not in text.replace("<@UASKER1>", ""), text  # no control sequence survives
        assert ">" not in text, text
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text  # every & is an escape
        assert not re.search(r"@(channel|here|everyone)\b", text), text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_makes_each_payload_inert(payload: str) -> None:
    out = escape(f"a {payload} b")
    assert "<" not in out and ">" not in out
    assert not re.search(r"&(?!amp;|lt;|gt;)", out)


def test_escape_order_and_broadcast_words() -> None:
    assert escape("<&>") == "&lt;&amp;&gt;"
    assert escape("@here and @channel") == "@\u2060here and @\u2060channel"


def test_mentions_only_from_slack_ids_and_urls_only_plain() -> None:
    assert mention("U123ABC") == "<@U123ABC>"
    assert mention("<!here>") == "someone"
    assert safe_url("https://x.example/a?b=1&c=2") == "https://x.example/a?b=1&amp;c=2"
    assert safe_url("https://evil.example|click") == ""
    assert safe_url("javascript:alert(1)") == ""


def test_channel_links_only_from_channel_ids() -> None:
    assert channel_mention("C0123ABC") == "<#C0123ABC>"
    assert channel_mention("G0SECRET") == "<#G0SECRET>"
    assert channel_mention("<!here>") == "&lt;!here&gt;"


@pytest.mark.parametrize(("sent", "typed"), [
    ("<#C0123|quotes> &amp; co", "#quotes & co"),
    ("<#C0123|> x", "#C0123 x"),
    ("<@U1|bob> <@U2>", "@bob @U2"),
    ("<!here> <!channel|@channel> <!subteam^S1|@team>", "@here @channel @team"),
    ("<http://example.com|example.com> <https://x.example/a>", "example.com https://x.example/a"),
    ("&lt;!channel&gt; a &lt; b", "<!channel> a < b"),
    ("plain words", "plain words"),
])
def test_unescape_gives_back_what_was_typed(sent: str, typed: str) -> None:
    assert unescape(sent) == typed


async def test_transcript_text_is_inert(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/search", "lighthouse"))
    assert "lighthouse" in msg["text"]
    assert "&lt;!channel&gt;" in msg["blocks"][1]["text"]["text"]
    assert "5 &amp; 6" in msg["text"]
    assert_inert(msg)


@pytest.mark.parametrize("command", ["/search", "/quote", "/fact", "/verify", "/context"])
async def test_user_text_is_inert_in_every_command(slack: SlackDriver, command: str) -> None:
    msg = await slack.reply(await slack.command(command, f"lighthouse {INJECTION}"))
    assert_inert(msg)


@pytest.mark.parametrize("payload", PAYLOADS)
async def test_speaker_names_in_errors_are_inert(slack: SlackDriver, payload: str) -> None:
    msg = await slack.reply(await slack.command("/search", f'lighthouse speaker:"{payload}"'))
    assert "No speaker" in msg["text"]
    assert_inert(msg)


async def test_verdict_echo_is_inert(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/verify", f'"The lighthouse fund {INJECTION}" speaker:<@U123>'))
    assert msg["blocks"], msg
    assert_inert(msg)
