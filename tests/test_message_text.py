"""A chat message's words, as both chat adapters hand them to the claim finder."""

from __future__ import annotations

from adapters.discord.verify_message import plain_text
from adapters.message_text import plain_words
from adapters.slack.safety import unescape


def test_block_quotes_and_links_leave_the_words() -> None:
    assert plain_words("Okafor said:\n> we will not ration water\n>>> nor raise prices") == \
        "Okafor said:\nwe will not ration water\nnor raise prices"
    assert plain_words("see https://evil.example/x?y=1 now") == "see [link] now"


def test_discord_markup_becomes_plain_words() -> None:
    raw = '<@123> <@!456> <@&789> <#101> <:dam:202> <t:1700000000:R> [the briefing](https://evil.example "t") said'
    assert plain_text(raw) == "@user @user @role #channel :dam:  the briefing said"


def test_slack_markup_becomes_plain_words() -> None:
    raw = "<!channel> <@U123> <https://evil.example|the briefing> &amp; <https://evil.example/bare> &gt; said"
    assert plain_words(unescape(raw)) == "@channel @U123 the briefing & [link] > said"
