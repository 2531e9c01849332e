"""Transcript text and user input reach Discord inert: no masked link, tag, heading, list, code or spoiler survives.

Each construct sits in a transcript of its own words and goes through the real command tree;
the rendered text is then read the way Discord's markdown would read it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from . import payloads
from .conftest import BUNDLED, Harness

MARKUP = """Ferry committee minutes

Jane Doe: Join the [official ferry docs](https://evil.example/phish) before you travel.

Jane Doe: Ferry tickets are sold at <https://evil.example/tickets> and by </ban:1234567890123456789> today.

Jane Doe: The ferry board meets at <t:1700000000:R> with <@123456789012345678> and <@&234567890123456789> in <#345678901234567890>.

Jane Doe: Ferry news for @everyone and @here tonight.

Jane Doe: # Ferry heading for the harbour.

Jane Doe: -# ferry subtext for the harbour.

Jane Doe: > ferry quote for the harbour.

Jane Doe: - ferry list item for the harbour.

Jane Doe: 1. ferry numbered item for the harbour.

Jane Doe: The ferry has `code` and ```a block``` and ||a spoiler|| and ~~strike~~ and __under__ and *italic* inside.

Jane Doe: Ferry [docs **ferry** more](https://evil.example/bold) with the matched word inside the link.
"""
TOPICS = ("official ferry docs", "ferry tickets", "ferry board", "ferry news", "ferry heading", "ferry subtext",
          "ferry quote", "ferry list item", "ferry numbered item", "ferry code spoiler", "ferry matched word inside")
ZWSP = "\u200b"
LIVE = {
    "masked link": re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\("),
    "tag (mention, channel, command, timestamp, <url>)": re.compile(r"<(?!\u200b)"),
    "broadcast": re.compile(r"@(everyone|here)", re.I),
    "line start (heading, quote, list)": re.compile(r"(?m)^[ \t]*(#|>|-|\+|\d+[.)])"),
    "inline (code, spoiler, strike, underline, italic)": re.compile(r"(?<!\\)[`|~_*]"),
}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(BUNDLED, folder)
    (folder / "ferry-markup.txt").write_text(MARKUP, encoding="utf-8")
    return folder


def live(rendered: str) -> list[str]:
    """What Discord would still read as markup, once our own bold (``**word**``) is taken out."""
    ours = re.sub(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*", r"\1", rendered)
    return [name for name, pattern in LIVE.items() if pattern.search(ours)]


def passages(embed: dict) -> list[str]:
    """The passage text of an embed: its description, or each field's text above its citation line."""
    found = [embed["description"]] if embed.get("description") else []
    return found + [f["value"].split("\n— ")[0] for f in embed.get("fields", [])]


async def test_transcript_markup_is_inert_in_quotes_and_searches(bot: Harness) -> None:
    shown = 0
    for topic in TOPICS:
        fresh = next(payloads.USER_IDS)  # cooldowns are per user
        for answer in (await bot.command("quote", topic=topic, user_id=fresh),
                       await bot.command("search", query=topic, user_id=fresh)):
            assert answer.reply.get("embeds"), (topic, answer.reply)
            for text in passages(answer.embed):
                assert live(text) == [], (topic, text)
                shown += "erry" in text
    assert shown >= len(TOPICS) * 2


async def test_a_matched_word_inside_a_masked_link_does_not_make_it_live(bot: Harness) -> None:
    embed = (await bot.command("quote", topic="official ferry docs")).embed
    assert "**docs**" in embed["description"] or "**official**" in embed["description"]
    assert "\\[" in embed["description"] and "\\](" in embed["description"]


async def test_transcript_markup_is_inert_in_context_fields(bot: Harness) -> None:
    values = []
    for topic in ("ferry board", "ferry subtext", "ferry code spoiler"):  # paragraphs 1-5, 4-8 and 8-11
        found = await bot.command("search", query=topic, user_id=next(payloads.USER_IDS))
        quote_id = found.embed["fields"][0]["value"].rsplit("id `", 1)[1].split("`")[0]
        values += [f["value"] for f in (await bot.command("context", id=quote_id)).embed["fields"]]
    assert len(values) >= 12
    for value in values:
        assert live(value) == [], value


@pytest.mark.parametrize("attack", ["[click here](https://evil.example/x)", "</ban:1234567890123456789>",
                                    "<t:1700000000:R>", "<https://evil.example>", "# big", "-# small", "> quoted",
                                    "- item", "1. item", "||spoiler||", "`code`", "~~gone~~", "__under__"])
async def test_user_input_is_echoed_inert(bot: Harness, attack: str) -> None:
    verify = await bot.command("verify", text=f"{attack} trade grew by 31 percent")
    checked = verify.embed["fields"][0]["value"]
    assert live(checked) == [], checked
    for answer in (await bot.command("search", query=attack), await bot.command("quote", topic=f"{attack} zeppelins")):
        reply = answer.reply
        for text in [reply.get("content") or ""] + [e.get("title") or "" for e in reply.get("embeds", [])]:
            assert live(text) == [], text
