"""A chat message's words, as both chat adapters hand them to the claim finder."""

from __future__ import annotations

from adapters.discord.verify_message import plain_text
from adapters.message_text import plain_words
from adapters.slack.safety import unescape


def test_a_block_quote_is_a_quotation_and_links_are_inert() -> None:
    assert plain_words("Okafor said:\n> we will not\n> ration water\nand then\n>>> nor raise\nprices") == \
        "Okafor said:\n“we will not ration water”\nand then\n“nor raise prices”"
    assert plain_words('> Lind said "the gates will go"') == 'Lind said "the gates will go"'  # marks already there
    assert plain_words("see https://evil.example/x?y=1 now") == "see [link] now"


def test_discord_markup_becomes_plain_words() -> None:
    raw = '<@123> <@!456> <@&789> <#101> <:dam:202> <t:1700000000:R> [the briefing](https://evil.example "t") said'
    assert plain_text(raw) == "@user @user @role #channel :dam:  the briefing said"


def test_slack_markup_becomes_plain_words() -> None:
    raw = "<!channel> <@U123> <https://evil.example|the briefing> &amp; <https://evil.example/bare> &gt; said"
    assert plain_words(unescape(raw)) == "@channel @U123 the briefing & [link] > said"
