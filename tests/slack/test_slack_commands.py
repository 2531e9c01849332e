"""Slash commands over signed loopback HTTP: fast ack, blocks, fallback text, ephemeral vs in-channel."""

from __future__ import annotations

from typing import Any

from .slack_harness import SlackDriver, buttons, texts


def sections(message: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section" and "text" in b]


def citations(message: dict[str, Any]) -> list[str]:
    return [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"]


async def test_quote_is_in_channel_with_bold_terms_and_citation(slack: SlackDriver) -> None:
    sent = await slack.command("/quote", "trade")
    assert sent.text == ""  # an empty ack; the answer follows on response_url
    msg = await slack.reply(sent)
    assert msg["response_type"] == "in_channel"
    assert "*trade*" in sections(msg)[0]
    cite = citations(msg)[0]
    assert "¶" in cite and "id `" in cite and ("Vladimir Putin" in cite or "Xi Jinping" in cite)
    assert " — " in msg["text"] and "id " in msg["text"]  # the fallback carries the same citation
    assert set(buttons(msg)) == {"quotebot_context"}  # already public: no Post to channel; no URL: no Source


async def test_retranslation_is_noted_in_citation_and_fallback(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/quote", "speaker:Xi"))
    assert "retranslated" in citations(msg)[0]
    assert "retranslated, not the speaker's own words" in msg["text"]


async def test_search_is_ephemeral_with_post_button(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/search", "trade speaker:Putin"))
    assert msg["response_type"] == "ephemeral"
    assert sections(msg)[0] == "*Result 1 for “trade” by Vladimir Putin*"
    assert any("*trade*" in s for s in sections(msg)[1:])
    assert all("Vladimir Putin" in c for c in citations(msg))
    assert "quotebot_post" in buttons(msg)
    assert "quotebot_page_next" not in buttons(msg)


async def test_fact_bolds_the_quantity(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/fact", "trade kind:money"))
    assert msg["response_type"] == "ephemeral"
    assert any("*US$123 billion*" in s for s in sections(msg))
    assert "US$123 billion" in msg["text"]


async def test_fact_for_one_speaker(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/fact", "trade speaker:Xi --limit 2"))
    cites = citations(msg)
    assert len(cites) == 2 and all(c.startswith("Xi Jinping") for c in cites)


async def test_verify_reports_misattribution(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/verify", '"our mutual trade has increased by 31 percent" speaker:Xi'))
    assert sections(msg)[0] == "*Said by Vladimir Putin, not Xi Jinping*"
    assert "Vladimir Putin" in citations(msg)[0]
    assert msg["text"].startswith("Said by Vladimir Putin, not Xi Jinping — “")


async def test_context_shows_the_neighbouring_paragraphs(slack: SlackDriver) -> None:
    found = await slack.reply(await slack.command("/search", "belt of eternal peace"))
    quote_id = citations(found)[0].split("id `")[1].split("`")[0]
    msg = await slack.reply(await slack.command("/context", f"{quote_id} --before 1 --after 1"), 2)
    assert len(sections(msg)) == 3
    assert [s.startswith("▶ ") for s in sections(msg)] == [False, True, False]
    assert quote_id in msg["text"]


async def test_context_respects_the_50_block_limit_without_splitting_citations(slack: SlackDriver) -> None:
    found = await slack.reply(await slack.command("/search", "belt of eternal peace"))
    quote_id = citations(found)[0].split("id `")[1].split("`")[0]
    msg = await slack.reply(await slack.command("/context", f"{quote_id} --before 20 --after 20"), 2)
    blocks = msg["blocks"]
    assert len(blocks) <= 50
    assert "more not shown" in blocks[-2]["elements"][0]["text"]  # then the actions block
    for n, block in enumerate(blocks):
        if block["type"] == "section":
            assert blocks[n + 1]["type"] == "context"  # every passage keeps its citation


async def test_quotebot_runs_every_subcommand(slack: SlackDriver) -> None:
    direct = await slack.reply(await slack.command("/search", "trade"))
    via = await slack.reply(await slack.command("/quotebot", "search trade"), 2)
    assert via["blocks"] == direct["blocks"]
    for n, sub in enumerate(["quote trade", "fact trade", "verify Greetings", "facts", "check Greetings"], 3):
        msg = await slack.reply(await slack.command("/quotebot", sub), n)
        assert msg["blocks"], sub


async def test_quotebot_help_and_about(slack: SlackDriver) -> None:
    help_msg = await slack.reply(await slack.command("/quotebot", ""))
    assert "/search" in help_msg["text"] and help_msg["response_type"] == "ephemeral"
    assert "/daily set #channel HH:MM" in help_msg["text"] and "/reload" in help_msg["text"]
    about = await slack.reply(await slack.command("/quotebot", "about"), 2)
    assert "quotes" in about["text"] and about["blocks"][1]["fields"]


async def test_quotebot_gets_escaped_text_and_searches_what_was_typed(slack: SlackDriver) -> None:
    # /quotebot has should_escape on (for /quotebot daily #channel): Slack sends entities and <…> markup.
    direct = await slack.reply(await slack.command("/search", "lighthouse fund 5 & 6"))
    via = await slack.reply(await slack.command("/quotebot", "search lighthouse fund 5 &amp; 6"), 2)
    assert via["blocks"] == direct["blocks"] and "Nothing found" not in via["text"]
    linked = await slack.reply(await slack.command("/quotebot", "search <#C0123|harbour> wall"), 3)
    assert linked["blocks"] == (await slack.reply(await slack.command("/search", "#harbour wall"), 4))["blocks"]


async def test_nothing_found_stays_private(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/quote", "zebra"))
    assert msg["response_type"] == "ephemeral"
    assert "No quote about “zebra” found" in msg["text"]


def test_every_text_object_is_verbatim() -> None:
    from adapters.slack.blocks import note, section

    assert section("x")["text"]["verbatim"] is True
    assert note("x")["elements"][0]["verbatim"] is True


async def test_no_link_names_in_any_reply(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/search", "trade"))
    assert "link_names" not in msg and "parse" not in msg
    assert all(t for t in texts(msg))


async def test_about_and_help_are_commands_of_their_own(slack: SlackDriver) -> None:
    help_msg = await slack.reply(await slack.command("/help"))
    assert help_msg["response_type"] == "ephemeral" and "/fact [topic] [speaker:NAME] [kind:money]" in help_msg["text"]
    assert "Verify quote" in help_msg["text"]
    about = await slack.reply(await slack.command("/about"), 2)
    assert "quotes" in about["text"] and about["blocks"][1]["fields"]
async def test_quotebot_about_speakers(slack: SlackDriver) -> None:
    msg = await slack.reply(await slack.command("/quotebot", "about speakers"))
    assert msg["response_type"] == "ephemeral"
    assert "putin-xi-videoconference-2021-12.txt: Vladimir Putin (President of Russia) ×1" in msg["text"]
    assert any("Xi Jinping" in b["text"]["text"] for b in msg["blocks"] if b["type"] == "section")
