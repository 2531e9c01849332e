"""/daily over signed loopback HTTP: admins only, validated before saving, posted by chat.postMessage exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.service import QuoteService

from .slack_harness import FakeClock, FakeSlack, SlackDriver, channel_info
from .test_slack_safety import assert_inert

QUOTES = "<#C0QUOTES|quotes>"
NINE = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""09:00 in Europe/London on the test's first day (GMT, so also 09:00 UTC)."""


async def schedules(service: QuoteService, team: str = "T1") -> list[Any]:
    return await service.daily_commands.status("slack", team)


def posts(fake: FakeSlack) -> list[dict[str, Any]]:
    return [c.body for c in fake.api("chat.postMessage")]


async def test_admin_sets_a_daily_quote(slack: SlackDriver, clock: FakeClock, service: QuoteService) -> None:
    msg = await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 Europe/London speaker:Putin",
                                                user="ULISTED"))
    assert msg["response_type"] == "ephemeral"
    assert msg["text"] == ("Quote of the day set: <#C0QUOTES>: 09:00 Europe/London (speaker Putin) — "
                           "next 2025-01-06 09:00 GMT (09:00 UTC); no post yet")
    (status,) = await schedules(service)
    s = status.schedule
    assert (s.channel, s.workspace, s.set_by, s.speaker, s.enabled) == ("C0QUOTES", "T1", "ULISTED", "Putin", True)
    assert [c.body["channel"] for c in slack.fake.api("conversations.info")] == ["C0QUOTES"]
    assert not posts(slack.fake)  # setting a schedule posts nothing


@pytest.mark.parametrize("user", ["UADMIN", "UOWNER"])
async def test_workspace_admins_and_owners_may_set(slack: SlackDriver, clock: FakeClock, service: QuoteService,
                                                   user: str) -> None:
    msg = await slack.reply(await slack.command("/daily", f"set {QUOTES} 7:30 Asia/Tokyo", user=user))
    assert msg["text"].startswith("Quote of the day set: <#C0QUOTES>: 07:30 Asia/Tokyo")
    assert [st.schedule.set_by for st in await schedules(service)] == [user]


@pytest.mark.parametrize("user", ["UPLAIN", "UNKNOWN"])
@pytest.mark.parametrize("text", [f"set {QUOTES} 09:00 Europe/London", "off", "now", "status"])
async def test_non_admins_are_refused_and_nothing_happens(slack: SlackDriver, clock: FakeClock,
                                                          service: QuoteService, user: str, text: str) -> None:
    await service.daily_commands.set("slack", "T1", "C1", "10:00", "UTC")
    before = await schedules(service)
    msg = await slack.reply(await slack.command("/daily", text, user=user))
    assert msg["response_type"] == "ephemeral"
    assert msg["text"].startswith("Sorry, /daily is only for this workspace's admins and owners")
    assert await schedules(service) == before
    assert len(slack.fake.api("conversations.info")) == 1 and not posts(slack.fake)  # only the setup's check
    assert [c.body["user"] for c in slack.fake.api("users.info")] == [user]


@pytest.mark.parametrize(("text", "says"), [
    (f"set {QUOTES} 25:00 Europe/London", "“25:00” is not a time; use 24-hour HH:MM"),
    (f"set {QUOTES} 9am Europe/London", "“9am” is not a time"),
    (f"set {QUOTES} 09:00 Mars/Olympus", "“Mars/Olympus” is not a time zone I know"),
    (f"set {QUOTES} 09:00", "Usage: /daily set CHANNEL HH:MM TIME_ZONE"),
    (f"set {QUOTES} 09:00 UTC speaker:Napoleon", "No speaker called “Napoleon”"),
    ("set <#C0GONE|gone> 09:00 UTC", "I cannot post in that channel: the channel was not found"),
    ("set <#C0PUBLIC|public> 09:00 UTC", "I am not a member of that channel; invite me with /invite @quotebot"),
    ("set <#G0SECRET> 09:00 UTC", "I am not a member of that channel; invite me with /invite @quotebot"),
    ("set <#C0OLD|old> 09:00 UTC", "I cannot post in that channel: the channel is archived"),
    ("set #quotes 09:00 UTC", "Pick the channel from the # menu"),
    ("set <@U123|bob> 09:00 UTC", "I don't know the channel “@bob”"),
    ("weekly", "Usage: /daily set CHANNEL"),
])
async def test_bad_requests_get_a_clear_answer_and_save_nothing(
    slack: SlackDriver, clock: FakeClock, service: QuoteService, text: str, says: str
) -> None:
    msg = await slack.reply(await slack.command("/daily", text, user="ULISTED"))
    assert msg["response_type"] == "ephemeral" and says in msg["text"], msg["text"]
    assert await schedules(service) == []
    assert_inert(msg)


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel"])
async def test_conversations_info_errors_save_nothing(slack: SlackDriver, clock: FakeClock, service: QuoteService,
                                                      error: str) -> None:
    slack.fake.failures["conversations.info"] = [error]
    msg = await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC", user="ULISTED"))
    assert msg["text"].startswith("I cannot post in that channel:") and f"({error})" in msg["text"]
    assert "/invite @quotebot" in msg["text"]
    assert await schedules(service) == []


async def test_a_public_channel_is_fine_with_chat_write_public(slack: SlackDriver, clock: FakeClock,
                                                               service: QuoteService) -> None:
    slack.fake.scopes += ",chat:write.public"
    msg = await slack.reply(await slack.command("/daily", "set <#C0PUBLIC|public> 09:00 UTC", user="ULISTED"))
    assert msg["text"].startswith("Quote of the day set: <#C0PUBLIC>")


async def test_status_lists_this_workspace_with_local_and_utc_times(
    slack: SlackDriver, clock: FakeClock, service: QuoteService
) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 Europe/London", user="ULISTED"))
    await slack.reply(await slack.command("/daily", "set <#C0OTHER|other> 08:15 America/New_York trade",
                                          user="ULISTED"), 2)
    slack.fake.channels["C2ELSE"] = channel_info("C2ELSE", "elsewhere", team="T2")
    await service.daily_commands.set("slack", "T2", "C2ELSE", "10:00", "UTC")  # another workspace: not listed
    msg = await slack.reply(await slack.command("/daily", "status", user="ULISTED"), 3)
    assert msg["response_type"] == "ephemeral"
    lines = [b["text"]["text"] for b in msg["blocks"]]
    assert lines[0] == "*Quote of the day in this workspace* (2 channels)"
    assert "<#C0QUOTES>: 09:00 Europe/London — next 2025-01-06 09:00 GMT (09:00 UTC); no post yet" in lines
    assert any(x.startswith("<#C0OTHER>: 08:15 America/New_York (topic “trade”) — next 2025-01-06 08:15 EST "
                            "(13:15 UTC)") for x in lines)
    assert "<#C0QUOTES>" in msg["text"] and "T2" not in msg["text"]


async def test_status_with_nothing_set(slack: SlackDriver, clock: FakeClock) -> None:
    msg = await slack.reply(await slack.command("/daily", "status", user="UADMIN"))
    assert msg["text"].startswith("No quote of the day is set in this workspace.")


async def test_now_posts_cited_blocks_without_pings(slack: SlackDriver, clock: FakeClock,
                                                    service: QuoteService) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC lighthouse", user="ULISTED"))
    msg = await slack.reply(await slack.command("/daily", f"now {QUOTES}", user="ULISTED"), 2)
    (post,) = posts(slack.fake)
    quote_id = msg["text"].split("quote `")[1].split("`")[0]
    assert msg["text"] == f"Posted a quote of the day in <#C0QUOTES> (quote `{quote_id}`)."
    assert post["channel"] == "C0QUOTES"
    assert post["unfurl_links"] is False and post["unfurl_media"] is False
    assert "link_names" not in post and "parse" not in post
    header, passage, cite, actions = post["blocks"]
    assert [(b["action_id"], b["value"]) for b in actions["elements"]] == [("quotebot_context", quote_id)]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": "Quote of the day", "emoji": True}}
    assert "lighthouse" in passage["text"]["text"].lower() and passage["text"]["verbatim"] is True
    assert cite["elements"][0]["text"].startswith("John Roe · ") and f"id `{quote_id}`" in cite["elements"][0]["text"]
    assert post["text"].startswith("Quote of the day: “") and "— John Roe" in post["text"]
    assert f"id {quote_id}" in post["text"]  # the fallback carries the same citation
    assert "&lt;!channel&gt;" in passage["text"]["text"]  # the transcript's <!channel> is text, not a ping
    assert_inert(post)
    assert (await schedules(service))[0].last_post == ""  # an extra post does not use up the day


async def test_now_says_why_it_could_not_post(slack: SlackDriver, clock: FakeClock) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC", user="ULISTED"))
    slack.fake.failures["chat.postMessage"] = ["not_in_channel"]
    msg = await slack.reply(await slack.command("/daily", f"now {QUOTES}", user="ULISTED"), 2)
    assert msg["text"] == ("I could not post in that channel: I am not in the channel; invite me with "
                           "/invite @quotebot (not_in_channel)")


async def test_off_defaults_to_this_channel(slack: SlackDriver, clock: FakeClock, service: QuoteService) -> None:
    await slack.reply(await slack.command("/daily", "set <#C1|general> 09:00 UTC", user="ULISTED"))
    msg = await slack.reply(await slack.command("/daily", "off", user="ULISTED", channel="C1"), 2)
    assert msg["text"] == "The quote of the day is off in <#C1>. /daily set starts it again."
    assert not (await schedules(service))[0].schedule.enabled
    missing = await slack.reply(await slack.command("/daily", "now", user="ULISTED", channel="C0OTHER"), 3)
    assert missing["text"] == "That channel has no daily quote. Use /daily set to start one."
    assert not posts(slack.fake)


async def test_the_schedule_posts_once_at_its_time(slack: SlackDriver, clock: FakeClock,
                                                   service: QuoteService) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 Europe/London", user="ULISTED"))
    daily = service.daily
    for at in (NINE - timedelta(minutes=1), NINE, NINE + timedelta(minutes=5), NINE + timedelta(hours=5)):
        clock.t = at
        await daily.run_once()
    (first,) = posts(slack.fake)
    assert first["channel"] == "C0QUOTES" and first["blocks"][0]["text"]["text"] == "Quote of the day"
    clock.t = NINE + timedelta(days=1)
    await daily.run_once()
    await daily.run_once()
    first_post, second = posts(slack.fake)
    assert second["blocks"][2] != first_post["blocks"][2]  # a different quote: no repeats within a cycle
    msg = await slack.reply(await slack.command("/daily", "status", user="ULISTED"), 2)
    assert "next 2025-01-08 09:00 GMT (09:00 UTC); last post 2025-01-07 (quote " in msg["blocks"][1]["text"]["text"]


async def test_a_permanent_failure_pauses_with_the_reason_in_status(
    slack: SlackDriver, clock: FakeClock, service: QuoteService
) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC", user="ULISTED"))
    slack.fake.failures["chat.postMessage"] = ["channel_not_found"]
    clock.t = NINE
    await service.daily.run_once()
    clock.t = NINE + timedelta(hours=1)
    await service.daily.run_once()
    assert len(posts(slack.fake)) == 1  # tried once, then paused: no loop
    msg = await slack.reply(await slack.command("/daily", "status", user="ULISTED"), 2)
    line = msg["blocks"][1]["text"]["text"]
    assert line.startswith("<#C0QUOTES>: 09:00 UTC — paused: the channel was not found")
    assert "(channel_not_found). Set it again to resume." in line
    again = await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC", user="ULISTED"), 3)
    assert "paused" not in again["text"] and not (await schedules(service))[0].schedule.paused_reason


@pytest.mark.parametrize("failure", ["ratelimited", 500, 503, "internal_error"])
async def test_a_transient_failure_is_retried(slack: SlackDriver, clock: FakeClock, service: QuoteService,
                                              failure: str | int) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC", user="ULISTED"))
    slack.fake.failures["chat.postMessage"] = [failure]
    clock.t = NINE
    wait = await service.daily.run_once()
    assert 0 < wait <= 60 and len(posts(slack.fake)) == 1
    (status,) = await schedules(service)
    assert status.schedule.enabled and not status.schedule.paused_reason
    clock.t = NINE + timedelta(seconds=wait)
    await service.daily.run_once()
    clock.t = NINE + timedelta(hours=2)
    await service.daily.run_once()
    assert len(posts(slack.fake)) == 2  # the failed attempt and one that went through; not a third
    assert (await schedules(service))[0].last_post.startswith("2025-01-06 (quote ")


async def test_quotebot_daily_routes_the_same_way(slack: SlackDriver, clock: FakeClock,
                                                  service: QuoteService) -> None:
    via = await slack.reply(await slack.command("/quotebot", f"daily set {QUOTES} 09:00 UTC", user="ULISTED"))
    assert via["text"].startswith("Quote of the day set: <#C0QUOTES>: 09:00 UTC")
    direct = await slack.reply(await slack.command("/daily", "status", user="ULISTED"), 2)
    status = await slack.reply(await slack.command("/quotebot", "daily status", user="ULISTED"), 3)
    assert status["blocks"] == direct["blocks"]
    refused = await slack.reply(await slack.command("/quotebot", "daily off <#C0QUOTES|quotes>", user="UPLAIN"), 4)
    assert refused["text"].startswith("Sorry, /daily is only for")
    assert (await schedules(service))[0].schedule.enabled


async def test_what_users_type_comes_back_inert(slack: SlackDriver, clock: FakeClock, service: QuoteService) -> None:
    msg = await slack.reply(await slack.command("/daily", "set <#C0QUOTES|quotes> 09:00 UTC speaker:<!here> &lt;@U1&gt;",
                                                user="ULISTED"))
    assert msg["text"].startswith("No speaker called")
    assert_inert(msg)
    assert await schedules(service) == []


async def test_a_channel_of_another_workspace_is_refused(slack: SlackDriver, clock: FakeClock,
                                                        service: QuoteService) -> None:
    slack.fake.channels["C2ELSE"] = channel_info("C2ELSE", "elsewhere", team="T2")
    theirs = await service.daily_commands.set("slack", "T2", "C2ELSE", "07:00", "Asia/Tokyo", set_by="UTHEIRS")
    msg = await slack.reply(await slack.command("/daily", "set <#C2ELSE|elsewhere> 09:00 UTC", user="ULISTED"))
    assert "another workspace" in msg["text"]
    for n, action in enumerate(("now", "off"), start=2):
        answer = await slack.reply(await slack.command("/daily", f"{action} <#C2ELSE|elsewhere>", user="ULISTED"), n)
        assert "no daily quote" in answer["text"]
    assert [s.schedule for s in await service.daily_commands.status("slack", "T2")] == [theirs.schedule]
    assert await service.daily_commands.status("slack", "T1") == []
    assert not [c for c in slack.fake.api("chat.postMessage") if c.body.get("channel") == "C2ELSE"]


async def test_a_card_schedule_posts_the_text_then_uploads_the_card(slack: SlackDriver, clock: FakeClock,
                                                                     service: QuoteService) -> None:
    msg = await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC speaker:Putin card:true",
                                                user="ULISTED"))
    assert msg["text"].startswith("Quote of the day set: <#C0QUOTES>: 09:00 UTC (speaker Putin) as an image card — ")
    assert (await schedules(service))[0].schedule.card is True
    clock.t = NINE
    await service.daily.run_once()
    clock.t = NINE + timedelta(hours=1)
    await service.daily.run_once()
    (post,) = posts(slack.fake)  # the cited text, as without a card, and only once
    quote_id = post["blocks"][-1]["elements"][0]["value"]
    assert post["channel"] == "C0QUOTES" and f"id {quote_id}" in post["text"]
    (asked,) = [c.body for c in slack.fake.api("files.getUploadURLExternal")]
    excerpt = await service.excerpt(quote_id)
    assert asked["filename"] == f"quote-{quote_id}.png" and asked["alt_txt"].startswith(f"“{excerpt.text[:40]}")
    assert "Vladimir Putin" in asked["alt_txt"] and f"id {quote_id}" in asked["alt_txt"]
    (png,) = slack.fake.uploads.values()
    assert png.startswith(b"\x89PNG") and int(asked["length"]) == len(png)
    (done,) = [c.body for c in slack.fake.api("files.completeUploadExternal")]
    assert done["channel_id"] == "C0QUOTES"
    status = await slack.reply(await slack.command("/daily", "status", user="ULISTED"), 2)
    assert "as an image card" in status["text"] and f"last post 2025-01-06 (quote {quote_id})" in status["text"]


@pytest.mark.parametrize("failure", ["missing_scope", 500, "not_in_channel"])
async def test_a_card_that_cannot_be_uploaded_leaves_the_text_post_standing(
        slack: SlackDriver, clock: FakeClock, service: QuoteService, failure: str | int) -> None:
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC card:true", user="ULISTED"))
    slack.fake.failures["files.completeUploadExternal"] = [failure]
    clock.t = NINE
    await service.daily.run_once()
    clock.t = NINE + timedelta(hours=2)
    await service.daily.run_once()
    assert len(posts(slack.fake)) == 1  # the day is posted once: neither retried nor paused over its card
    (status,) = await schedules(service)
    assert status.last_post.startswith("2025-01-06 (quote ") and not status.schedule.paused_reason


async def test_a_card_that_cannot_be_drawn_falls_back_to_the_text_post(slack: SlackDriver, clock: FakeClock,
                                                                       service: QuoteService, monkeypatch,
                                                                       tmp_path) -> None:
    from adapters import cards

    (tmp_path / "broken.ttf").write_bytes(b"not a font")  # the shipped font damaged: Pillow cannot load it
    monkeypatch.setattr(cards, "REGULAR", tmp_path / "broken.ttf")
    await slack.reply(await slack.command("/daily", f"set {QUOTES} 09:00 UTC card:true", user="ULISTED"))
    clock.t = NINE
    await service.daily.run_once()
    assert len(posts(slack.fake)) == 1 and not slack.fake.api("files.getUploadURLExternal")
    assert (await schedules(service))[0].last_post.startswith("2025-01-06 (quote ")


async def test_a_bad_card_value_is_refused_inert_and_saves_nothing(slack: SlackDriver, clock: FakeClock,
                                                                    service: QuoteService) -> None:
    msg = await slack.reply(await slack.command("/daily", "set <#C0QUOTES|quotes> 09:00 UTC card:<!everyone>",
                                                user="ULISTED"))
    assert msg["text"].startswith("card: takes true or false, not")
    assert_inert(msg)
    assert await schedules(service) == []
