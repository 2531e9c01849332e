"""Each slash command, driven through the real tree, answered through the fake Discord API."""

from __future__ import annotations

import re

from bot.models import TRANSLATION_NOTE

from .conftest import Harness

DOCUMENT = "Putin conversation with China's Xi Jinping release"
QUOTE_ID = re.compile(r"id ([a-z2-7]{12})")


def quote_id(embed: dict) -> str:
    found = QUOTE_ID.search(embed["footer"]["text"])
    assert found, embed["footer"]["text"]
    return found.group(1)


async def test_commands_are_synced_with_described_options(bot: Harness) -> None:
    sync = next(c for c in bot.api.calls if c.method == "PUT")
    assert sync.path.endswith("/commands") and "/guilds/" not in sync.path
    assert {c["name"] for c in sync.body} == {"quote", "fact", "search", "verify", "context", "about", "help",
                                              "daily", "reload", "Verify quote"}
    assert next(c for c in sync.body if c["name"] == "Verify quote")["type"] == 3  # a message command
    for command in (c for c in sync.body if c["type"] == 1):
        assert 1 <= len(command["description"]) <= 100
        assert all(option["description"] for option in command["options"])


async def test_quote_is_public_with_speaker_role_and_full_citation(bot: Harness) -> None:
    answer = await bot.command("quote", topic="trade", speaker="Putin")
    embed = answer.embed
    assert not answer.ephemeral
    assert answer.callback.body["type"] == 4
    assert embed["author"]["name"] == "Vladimir Putin (President of Russia)"
    assert "**trade**" in embed["description"]
    footer = embed["footer"]["text"]
    assert DOCUMENT in footer and "2021-12" in footer and re.search(r"¶\d+", footer)
    assert quote_id(embed)
    assert TRANSLATION_NOTE not in footer


async def test_xi_is_marked_retranslated_and_coloured_apart(bot: Harness) -> None:
    xi = (await bot.command("quote", speaker="Xi Jinping")).embed
    putin = (await bot.command("quote", speaker="Vladimir Putin")).embed
    assert xi["author"]["name"].startswith("Xi Jinping")
    assert TRANSLATION_NOTE in xi["footer"]["text"]
    assert xi["color"] != putin["color"]


async def test_quote_about_nothing_known_is_a_short_private_answer(bot: Harness) -> None:
    answer = await bot.command("quote", topic="zeppelins")
    assert answer.ephemeral
    assert "No quote about “zeppelins”" in answer.reply["content"]


async def test_fact_shows_the_figure_its_subject_and_citation(bot: Harness) -> None:
    embed = (await bot.command("fact", topic="trade")).embed
    assert embed["title"]
    assert f"**{embed['title']}**" in embed["description"]
    assert embed["fields"][0]["name"] == "About"
    assert DOCUMENT in embed["footer"]["text"] and quote_id(embed)


async def test_verify_gives_the_verdict_first_then_the_cited_passage(bot: Harness) -> None:
    answer = await bot.command("verify", text="our mutual trade has increased by 45 percent to US$123 billion")
    embed = answer.embed
    assert answer.ephemeral
    assert embed["title"].startswith("Altered: 31 percent, not 45 percent")
    assert "**31 percent**" in embed["description"]
    assert embed["author"]["name"].startswith("Vladimir Putin")
    assert embed["fields"][0]["name"] == "Checked" and "45 percent" in embed["fields"][0]["value"]
    assert quote_id(embed)
    assert "Post to channel" in answer.buttons()


async def test_verify_names_who_really_said_it(bot: Harness) -> None:
    text = "We have beaten the record of the pre-pandemic year, 2019."
    embed = (await bot.command("verify", text=text, speaker="Xi Jinping")).embed
    assert embed["title"] == "Said by Vladimir Putin, not Xi Jinping"
    assert "attributed to Xi Jinping" in embed["fields"][0]["value"]


async def test_verify_exact_and_not_found(bot: Harness) -> None:
    exact = await bot.command("verify", text="We have beaten the record of the pre-pandemic year, 2019.")
    assert exact.embed["title"] == "Exact quote"
    missing = await bot.command("verify", text="Purple elephants will govern the moon by teatime")
    assert missing.embed["title"].startswith("Not found")


async def test_post_to_channel_shares_the_private_answer_publicly(bot: Harness) -> None:
    answer = await bot.command("verify", text="We have beaten the record of the pre-pandemic year, 2019.")
    shared = await bot.press(answer, "Post to channel")
    assert shared.callback.body["type"] == 4
    assert not shared.ephemeral
    assert shared.embed == answer.embed
    drop = [c for c in bot.api.calls_for(answer.payload["token"]) if c.method == "PATCH"]
    assert drop and drop[-1].body["components"] == []


async def test_context_shows_the_paragraphs_around_a_quote(bot: Harness) -> None:
    cited = (await bot.command("quote", topic="record pre-pandemic")).embed
    qid = quote_id(cited)
    answer = await bot.command("context", id=qid)
    embed = answer.embed
    assert answer.ephemeral
    assert embed["title"] == f"Context of quote {qid}"
    focus = [f for f in embed["fields"] if f["name"].startswith("▶")]
    assert len(focus) == 1 and focus[0]["value"].startswith("**")
    assert 2 <= len(embed["fields"]) <= 5
    assert f"id {qid}" in embed["footer"]["text"]


async def test_context_of_an_unknown_id_says_so(bot: Harness) -> None:
    answer = await bot.command("context", id="aaaaaaaaaaaa")
    assert answer.ephemeral and "No quote has the id aaaaaaaaaaaa" in answer.reply["content"]
    bad = await bot.command("context", id="not an id")
    assert bad.ephemeral and "not a quote id" in bad.reply["content"]


async def test_about_lists_counts_and_speakers(bot: Harness) -> None:
    embed = (await bot.command("about")).embed
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Documents"] == "2"
    speakers = next(v for k, v in fields.items() if k.startswith("Speakers"))
    assert "Vladimir Putin" in speakers and "Xi Jinping" in speakers
    assert "Last reload" in fields
    assert not any("q.db" in v for v in fields.values())  # no server paths


async def test_help_lists_every_command(bot: Harness) -> None:
    embed = (await bot.command("help")).embed
    names = {f["name"] for f in embed["fields"]}
    assert {"/quote", "/fact", "/search", "/verify", "/context", "/about", "/help"} <= names
    assert "Apps → Verify quote" in names  # the message command too


async def test_commands_work_in_direct_messages(bot: Harness) -> None:
    answer = await bot.command("quote", topic="trade", guild=False)
    assert answer.embed["author"]["name"]
    assert bot.api.messages[bot.api.created[answer.payload["token"]][0]]["channel_id"] == answer.payload["channel_id"]


async def test_fact_takes_speaker_kind_and_limit(bot: Harness) -> None:
    answer = await bot.command("fact", topic="trade", speaker="Xi Jinping", kind="money", limit=3)
    embeds = answer.reply["embeds"]
    assert 1 <= len(embeds) <= 3
    assert all(e["author"]["name"].startswith("Xi Jinping") for e in embeds)
    assert all(re.search(r"(US\$|dollar|yuan|rouble|billion)", e["title"], re.I) for e in embeds)


async def test_context_takes_before_and_after(bot: Harness) -> None:
    embed = (await bot.command("quote", topic="belt of eternal peace")).embed
    wide = (await bot.command("context", id=quote_id(embed), before=0, after=3)).embed
    assert len(wide["fields"]) == 4 and wide["fields"][0]["name"].startswith("▶")
async def test_about_speakers_lists_each_transcript(bot: Harness) -> None:
    embed = (await bot.command("about", show="speakers")).embed
    assert embed["title"] == "Speakers by transcript"
    assert "putin-xi-videoconference-2021-12.txt: Vladimir Putin (President of Russia) ×1" in embed["description"]
    one = await bot.command("about", show="speakers", document="nothing-here")
    assert one.ephemeral and "No transcript called “nothing-here”" in one.reply["content"]
