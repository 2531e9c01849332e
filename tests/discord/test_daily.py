"""/daily through the real tree, and the scheduler posting through DiscordPublisher to the fake API."""

from __future__ import annotations

import asyncio
import re
import types
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest

from adapters.discord.publisher import classify
from bot.daily.models import ScheduleStatus
from bot.daily.ports import DeliveryError
from bot.models import Excerpt

from . import payloads
from .conftest import ADMIN_ID, Exchange, FakeClock, Harness
from .fake_api import EMBED_LINKS, READ_HISTORY, SEND_MESSAGES, VIEW_CHANNEL
from .payloads import CHANNEL_ID, GUILD_ID, LOCKED_ID, MANAGE_GUILD, QUOTES_ID

MISSING_ID = 1_000_000_000_000_000_666
CATEGORY_ID = 1_000_000_000_000_000_777
QUOTE_ID = re.compile(r"id ([a-z2-7]{12})")


def channel(channel_id: int = QUOTES_ID) -> dict[str, dict[str, Any]]:
    return {"channel": payloads.channel(channel_id, f"channel-{channel_id % 1000}")}


async def daily(bot: Harness, name: str, *, channel_id: int | None = None, permissions: int = MANAGE_GUILD,
                **options: Any) -> Exchange:
    chosen = channel(channel_id) if channel_id else None
    return await bot.subcommand("daily", name, channels=chosen, permissions=permissions, **options)


async def set_daily(bot: Harness, channel_id: int = QUOTES_ID, time: str = "09:00", timezone: str = "UTC",
                    **options: Any) -> Exchange:
    return await daily(bot, "set", channel_id=channel_id, time=time, timezone=timezone, **options)


async def schedules(bot: Harness) -> list[ScheduleStatus]:
    return await bot.client.service.daily_commands.status("discord", str(GUILD_ID))


def quote_of_the_day(bot: Harness, channel_id: int = QUOTES_ID) -> list[str]:
    """The quote ids of the quote-of-the-day embeds posted in a channel, oldest first."""
    posts = bot.api.posts(channel_id)
    assert all(p["embeds"][0]["title"] == "Quote of the day" for p in posts)
    return [QUOTE_ID.findall(p["embeds"][0]["footer"]["text"])[0] for p in posts]


# -- the commands ----------------------------------------------------------------------------


async def test_daily_and_reload_are_synced_for_server_admins_in_servers_only(bot: Harness) -> None:
    synced = {c["name"]: c for c in next(c for c in bot.api.calls if c.method == "PUT").body}
    for name in ("daily", "reload"):
        assert int(synced[name]["default_member_permissions"]) == MANAGE_GUILD
        assert synced[name]["contexts"] == [0]  # servers only, never DMs
    subcommands = {o["name"]: o for o in synced["daily"]["options"]}
    assert set(subcommands) == {"set", "off", "now", "status"}
    options = {o["name"]: o for o in subcommands["set"]["options"]}
    assert options["channel"]["type"] == 7 and options["channel"]["channel_types"] == [0, 5]
    assert options["timezone"]["autocomplete"] and options["speaker"]["autocomplete"]
    assert [o["name"] for o in subcommands["set"]["options"] if o["required"]] == ["channel", "time", "timezone"]


async def test_set_saves_the_schedule_and_answers_privately(bot: Harness, clock: FakeClock) -> None:
    answer = await set_daily(bot, time="9:30", timezone="Europe/Moscow", speaker="Putin")
    assert answer.ephemeral
    assert answer.embed["title"] == "Quote of the day set"
    field = answer.embed["fields"][0]
    assert field["name"] == "09:30 Europe/Moscow"
    # 08:00 UTC is 11:00 in Moscow: today's 09:30 has passed, so the next post is tomorrow
    assert f"<#{QUOTES_ID}> · speaker Putin" in field["value"]
    assert "Next post: 2025-03-04 09:30 MSK (06:30 UTC)" in field["value"]
    (saved,) = await schedules(bot)
    s = saved.schedule
    assert (s.channel, s.workspace, s.speaker, s.set_by) == (str(QUOTES_ID), str(GUILD_ID), "Putin", str(bot.owner))
    assert [c.path for c in bot.api.calls if c.method == "GET" and "/channels/" in c.path]  # the bot checked it


@pytest.mark.parametrize(("channel_id", "time", "zone", "said"), [
    (QUOTES_ID, "25:00", "UTC", "“25:00” is not a time; use 24-hour HH:MM"),
    (QUOTES_ID, "09:00", "Mars/Olympus", "“Mars/Olympus” is not a time zone I know"),
    (LOCKED_ID, "09:00", "UTC", "I cannot post in that channel: the bot lacks Send Messages and Embed Links there"),
    (MISSING_ID, "09:00", "UTC", "I cannot post in that channel: the channel does not exist"),
])
async def test_bad_input_gets_a_short_private_answer_and_saves_nothing(bot: Harness, clock: FakeClock, channel_id: int,
                                                                      time: str, zone: str, said: str) -> None:
    answer = await set_daily(bot, channel_id, time, zone)
    assert answer.ephemeral and said in answer.reply["content"]
    assert len(answer.reply["content"]) < 200
    assert await schedules(bot) == []


async def test_a_speaker_nobody_is_is_refused(bot: Harness, clock: FakeClock) -> None:
    answer = await set_daily(bot, speaker="Napoleon")
    assert answer.ephemeral and "Napoleon" in answer.reply["content"]
    assert await schedules(bot) == []


async def test_time_zones_are_suggested_from_memory(bot: Harness) -> None:
    before = len(bot.api.calls)
    answer = await bot.subcommand("daily", "set", focused="timezone", permissions=MANAGE_GUILD, timezone="new york")
    choices = answer.callback.body["data"]["choices"]
    assert choices[0]["value"] == "America/New_York"
    empty = await bot.subcommand("daily", "set", focused="timezone", permissions=MANAGE_GUILD, timezone="")
    assert "UTC" in [c["value"] for c in empty.callback.body["data"]["choices"]]
    many = await bot.subcommand("daily", "set", focused="timezone", permissions=MANAGE_GUILD, timezone="a")
    assert len(many.callback.body["data"]["choices"]) == 25
    assert len(bot.api.calls) - before == 3  # the three answers, nothing else asked of Discord


async def test_status_shows_every_schedule_of_this_server(bot: Harness, clock: FakeClock) -> None:
    await set_daily(bot, time="09:00", timezone="Europe/London")
    await set_daily(bot, CHANNEL_ID, time="18:15", timezone="Asia/Tokyo", topic="trade")
    answer = await daily(bot, "status")
    assert answer.ephemeral and answer.embed["title"] == "Quote of the day in this server"
    fields = {f["name"]: f["value"] for f in answer.embed["fields"]}
    assert set(fields) == {"09:00 Europe/London", "18:15 Asia/Tokyo"}
    london = fields["09:00 Europe/London"]
    assert f"<#{QUOTES_ID}>" in london and "Next post: 2025-03-03 09:00 GMT (09:00 UTC)" in london
    assert "No post yet." in london and f"Set by <@{bot.owner}>" in london
    tokyo = fields["18:15 Asia/Tokyo"]  # 08:00 UTC is 17:00 in Tokyo
    assert "topic “trade”" in tokyo and "Next post: 2025-03-03 18:15 JST (09:15 UTC)" in tokyo


async def test_status_with_nothing_set_says_how_to_start(bot: Harness, clock: FakeClock) -> None:
    answer = await daily(bot, "status")
    assert answer.ephemeral and "/daily set" in answer.reply["content"]


async def test_now_posts_a_quote_of_the_day_in_the_channel(bot: Harness, clock: FakeClock) -> None:
    await set_daily(bot)
    answer = await daily(bot, "now", channel_id=QUOTES_ID)
    (posted,) = quote_of_the_day(bot)
    assert answer.ephemeral and answer.reply["content"] == f"Posted a quote of the day in <#{QUOTES_ID}> " \
                                                           f"(quote `{posted}`)."
    (message,) = [c for c in bot.api.calls if c.method == "POST" and c.path == f"/channels/{QUOTES_ID}/messages"]
    assert message.body["allowed_mentions"] == {"parse": []}
    embed = message.body["embeds"][0]
    assert embed["author"]["name"] and embed["description"].startswith("“")
    assert (await bot.client.service.excerpt(posted)) is not None
    (context,) = [b for row in message.body["components"] for b in row["components"]]
    assert context["label"] == "Context" and context["custom_id"] == f"quotebot:context:{posted}"


async def test_now_where_the_bot_may_not_post_says_why(bot: Harness, clock: FakeClock) -> None:
    await set_daily(bot)
    bot.api.post_status = 403
    answer = await daily(bot, "now", channel_id=QUOTES_ID)
    assert answer.ephemeral
    assert answer.reply["content"] == "Could not post the quote: the bot is not allowed to post there " \
                                      "(Missing Permissions)."


async def test_off_and_now_default_to_the_current_channel(bot: Harness, clock: FakeClock) -> None:
    await set_daily(bot, CHANNEL_ID)
    await daily(bot, "now")
    assert len(quote_of_the_day(bot, CHANNEL_ID)) == 1
    off = await daily(bot, "off")
    assert off.ephemeral and off.reply["content"].startswith(f"The quote of the day in <#{CHANNEL_ID}> is off")
    (status,) = await schedules(bot)
    assert not status.schedule.enabled
    assert "Off; /daily set starts it again." in (await daily(bot, "status")).embed["fields"][0]["value"]


async def test_off_where_nothing_is_set_says_so(bot: Harness, clock: FakeClock) -> None:
    answer = await daily(bot, "off", channel_id=QUOTES_ID)
    assert answer.ephemeral and "no daily quote" in answer.reply["content"]


async def test_a_member_without_manage_server_is_refused_and_nothing_happens(bot: Harness, clock: FakeClock) -> None:
    before = len(bot.api.calls)
    refused = await set_daily(bot, permissions=payloads.MEMBER_PERMISSIONS)
    assert refused.ephemeral and refused.reply["content"].startswith("Only server admins")
    assert len(bot.api.calls) - before == 1  # the refusal; the channel was never even looked at
    assert await schedules(bot) == []
    listed = await bot.subcommand("daily", "set", user_id=ADMIN_ID, channels=channel(), time="09:00", timezone="UTC")
    assert listed.embed["title"] == "Quote of the day set"  # QUOTEBOT_ADMINS may, without Manage Server


async def test_daily_refuses_in_direct_messages(bot: Harness, clock: FakeClock) -> None:
    answer = await bot.subcommand("daily", "status", user_id=ADMIN_ID, guild=False)
    assert answer.ephemeral
    assert answer.reply["content"] == "That command only works in a server, not in direct messages."


# -- the scheduler, posting through DiscordPublisher -------------------------------------------


async def test_the_scheduler_posts_once_at_the_local_time(bot: Harness, clock: FakeClock) -> None:
    daily_loop = bot.client.service.daily
    await set_daily(bot, time="09:00", timezone="Europe/London")
    clock.t = datetime(2025, 3, 3, 8, 59, tzinfo=UTC)
    await daily_loop.run_once()
    assert quote_of_the_day(bot) == []
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    await daily_loop.run_once()
    first = quote_of_the_day(bot)
    assert len(first) == 1
    clock.t = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    await daily_loop.run_once()
    assert quote_of_the_day(bot) == first  # the same day posts nothing more
    clock.t = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    await daily_loop.run_once()
    days = quote_of_the_day(bot)
    assert len(days) == 2 and days[0] != days[1]
    status = (await daily(bot, "status")).embed["fields"][0]["value"]
    assert f"Last post: 2025-03-04 (quote {days[1]})" in status


@pytest.mark.parametrize(("status", "reason"), [
    (403, "the bot is not allowed to post there (Missing Permissions)"),
    (404, "the channel is gone, or the bot was removed from the server"),
])
async def test_a_refused_post_pauses_the_schedule_and_status_says_why(bot: Harness, clock: FakeClock, status: int,
                                                                      reason: str) -> None:
    await set_daily(bot)
    bot.api.post_status = status
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    await bot.client.service.daily.run_once()
    clock.t += timedelta(hours=1)
    await bot.client.service.daily.run_once()
    assert bot.api.attempts(QUOTES_ID) == 1  # paused: not retried
    (saved,) = await schedules(bot)
    assert saved.schedule.paused_reason == reason
    field = (await daily(bot, "status")).embed["fields"][0]
    assert field["name"].endswith("· paused") and f"Paused: {reason}" in field["value"]


async def test_a_deleted_channel_pauses_the_schedule(bot: Harness, clock: FakeClock) -> None:
    await set_daily(bot)
    del bot.api.guild_channels[QUOTES_ID]
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    await bot.client.service.daily.run_once()
    (saved,) = await schedules(bot)
    assert "the channel is gone" in saved.schedule.paused_reason


class _NoWait(types.ModuleType):
    """asyncio as discord.http sees it, minus the 1–9 s naps between its own retries of a 500."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(0, result)


async def test_a_server_error_is_retried_with_the_claim_kept(bot: Harness, clock: FakeClock, monkeypatch) -> None:
    monkeypatch.setattr(discord.http, "asyncio", _NoWait("asyncio"))
    await set_daily(bot)
    bot.api.post_status = 500
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    wait = await bot.client.service.daily.run_once()
    assert bot.api.attempts(QUOTES_ID) == 5 and quote_of_the_day(bot) == []  # discord.py's own five tries
    assert 0 < wait <= 60
    (saved,) = await schedules(bot)
    assert saved.schedule.enabled and not saved.schedule.paused_reason
    bot.api.post_status = None
    clock.t += timedelta(seconds=wait)
    await bot.client.service.daily.run_once()
    await bot.client.service.daily.run_once()
    assert len(quote_of_the_day(bot)) == 1


# -- wiring ------------------------------------------------------------------------------------


def daily_tasks() -> list[asyncio.Task[Any]]:
    return [t for t in asyncio.all_tasks() if t.get_name() == "quotebot-daily" and not t.done()]


class OtherPublisher:
    """What a second adapter in the same process (Slack) registers."""

    platform = "slack"

    async def check(self, channel: str) -> None: ...

    def owns(self, workspace: str) -> bool:
        return True

    async def post(self, channel: str, excerpt: Excerpt, title: str) -> None: ...


async def test_one_scheduler_per_process_shared_with_another_adapter(bot: Harness) -> None:
    scheduler = bot.client.service.daily
    assert scheduler.publishers["discord"] is bot.client.publisher
    assert len(daily_tasks()) == 1
    scheduler.register(OtherPublisher())
    scheduler.start()  # the second adapter starts it too: still one loop
    assert len(daily_tasks()) == 1
    await bot.client.close()
    assert "discord" not in scheduler.publishers
    assert len(daily_tasks()) == 1  # the other adapter still posts through it


async def test_closing_the_bot_stops_the_scheduler(bot: Harness) -> None:
    assert len(daily_tasks()) == 1
    await bot.client.close()
    assert daily_tasks() == [] and bot.client.service.daily.publishers == {}


# -- DiscordPublisher on its own ---------------------------------------------------------------


class _Response:
    def __init__(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason


@pytest.mark.parametrize(("error", "permanent"), [
    (discord.Forbidden(_Response(403, "Forbidden"), {"code": 50013, "message": "Missing Permissions"}), True),
    (discord.NotFound(_Response(404, "Not Found"), {"code": 10003, "message": "Unknown Channel"}), True),
    (discord.HTTPException(_Response(400, "Bad Request"), {"code": 50008, "message": "Cannot send here"}), True),
    (discord.HTTPException(_Response(429, "Too Many Requests"), {"code": 0, "message": "rate limited"}), False),
    (discord.DiscordServerError(_Response(503, "Service Unavailable"), ""), False),
    (discord.RateLimited(120.0), False),
    (aiohttp.ClientConnectionError("connection reset"), False),
    (TimeoutError(), False),
    (OSError("network is unreachable"), False),
])
def test_failures_are_sorted_into_permanent_and_transient(error: Exception, permanent: bool) -> None:
    failure = classify(error)
    assert failure.permanent is permanent and str(failure)


async def test_with_the_server_in_the_cache_the_check_asks_discord_nothing(bot: Harness, clock: FakeClock) -> None:
    bot.api.add_channel(GUILD_ID, CATEGORY_ID, "topics", kind=4)
    guild = bot.api.guilds[GUILD_ID] | {
        "channels": [c for c in bot.api.guild_channels.values() if c["guild_id"] == str(GUILD_ID)],
        "members": [{"user": bot.api.bot_user(), "roles": [], "joined_at": "2024-01-01T00:00:00+00:00",
                     "deaf": False, "mute": False, "flags": 0}],
        "member_count": 2, "threads": [], "unavailable": False}
    bot.client._connection._add_guild_from_data(guild)  # what the gateway's GUILD_CREATE does
    before = len(bot.api.calls)
    locked = await set_daily(bot, LOCKED_ID)
    assert "the bot lacks Send Messages and Embed Links there" in locked.reply["content"]
    assert (await set_daily(bot)).embed["title"] == "Quote of the day set"
    assert [c.path for c in bot.api.calls[before:] if not c.path.startswith("/interactions/")] == []
    with pytest.raises(DeliveryError, match="not a text channel") as caught:
        await bot.client.publisher.check(str(CATEGORY_ID))
    assert caught.value.permanent
    excerpt = await bot.client.service.quote()
    assert excerpt is not None
    with pytest.raises(DeliveryError, match="does not take messages"):
        await bot.client.publisher.post(str(CATEGORY_ID), excerpt, "Quote of the day")
    assert [c.path for c in bot.api.calls[before:] if not c.path.startswith("/interactions/")] == []


# -- one server's admin and another server's channels ---------------------------------------

OTHER_GUILD_ID = 1_000_000_000_000_000_888
OTHER_CHANNEL_ID = 1_000_000_000_000_000_999


async def test_an_admin_cannot_take_another_servers_channel(bot: Harness, clock: FakeClock) -> None:
    bot.api.add_guild(OTHER_GUILD_ID, everyone=VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_HISTORY)
    bot.api.add_channel(OTHER_GUILD_ID, OTHER_CHANNEL_ID, "their-quotes")
    cmds = bot.client.service.daily_commands
    theirs = await cmds.set("discord", str(OTHER_GUILD_ID), str(OTHER_CHANNEL_ID), "07:00", "Asia/Tokyo",
                            set_by="their-admin")
    answer = await set_daily(bot, OTHER_CHANNEL_ID, "09:00", "UTC")  # an admin of GUILD_ID names B's channel id
    assert answer.ephemeral and "another server" in answer.reply["content"]
    now = await daily(bot, "now", channel_id=OTHER_CHANNEL_ID)
    off = await daily(bot, "off", channel_id=OTHER_CHANNEL_ID)
    assert "no daily quote" in now.reply["content"] and "no daily quote" in off.reply["content"]
    assert [s.schedule for s in await cmds.status("discord", str(OTHER_GUILD_ID))] == [theirs.schedule]
    assert await schedules(bot) == []
    assert bot.api.posts(OTHER_CHANNEL_ID) == []


# -- exactly once: a slow or rate-limited Discord never outlives the claim's lease --------------


async def _claim_row(bot: Harness) -> tuple[str | None, int, str, str]:
    (saved,) = await schedules(bot)
    async with bot.client.service.db.execute(
            "SELECT sent_at, attempts, last_error, owner FROM daily_posts WHERE schedule_id = ?",
            (saved.schedule.id,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    return row[0], int(row[1]), str(row[2]), str(row[3])


async def test_a_slow_post_is_cut_off_inside_the_lease_and_retried_once(bot: Harness, clock: FakeClock) -> None:
    from bot.daily.scheduler import LEASE_SECONDS, DailyScheduler

    loop = bot.client.service.daily
    assert loop.post_timeout < LEASE_SECONDS / 2
    loop.post_timeout = 0.3  # the real bound is 45 s; the fake API is made slower than this one
    await set_daily(bot)
    bot.api.post_delay = 1.5
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    started = asyncio.get_running_loop().time()
    wait = await asyncio.wait_for(loop.run_once(), 3)
    assert asyncio.get_running_loop().time() - started < 1.2
    sent_at, attempts, error, owner = await _claim_row(bot)
    assert sent_at is None and attempts == 1 and "took over" in error and owner == loop.owner
    other = DailyScheduler(loop.service, loop.store, clock)  # another process on the same file, within the lease
    other.register(bot.client.publisher)
    await other.run_once()
    assert bot.api.attempts(QUOTES_ID) == 1
    bot.api.post_delay = 0.0
    clock.t += timedelta(seconds=wait)
    await loop.run_once()
    sent_at, attempts, error, _ = await _claim_row(bot)
    assert sent_at and attempts == 2 and error == "" and len(quote_of_the_day(bot)) == 1


async def test_a_post_cut_off_here_but_made_by_discord_is_not_made_again_on_the_retry(bot: Harness,
                                                                                      clock: FakeClock) -> None:
    loop = bot.client.service.daily
    loop.post_timeout = 0.3
    await set_daily(bot)
    bot.api.post_delay = 0.8  # Discord is slow, and makes the message after the scheduler has given up on it
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    wait = await loop.run_once()
    while not bot.api.posts(QUOTES_ID):
        await asyncio.sleep(0.05)
    bot.api.post_delay = 0.0
    clock.t += timedelta(seconds=wait)
    await loop.run_once()  # the retry is a new send, with the same nonce: Discord answers with the message it made
    tries = [c.body for c in bot.api.calls if c.method == "POST" and c.path == f"/channels/{QUOTES_ID}/messages"]
    assert len(tries) == 2 and tries[0]["nonce"] == tries[1]["nonce"] and tries[1]["enforce_nonce"] is True
    assert len(quote_of_the_day(bot)) == 1
    sent_at, attempts, error, _ = await _claim_row(bot)
    assert sent_at and attempts == 2 and error == ""


async def test_a_long_rate_limit_fails_fast_instead_of_being_waited_out(bot: Harness, clock: FakeClock) -> None:
    assert bot.client.http.max_ratelimit_timeout is not None
    assert bot.client.http.max_ratelimit_timeout < bot.client.service.daily.post_timeout
    await set_daily(bot)
    bot.api.retry_after = 600.0
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    wait = await asyncio.wait_for(bot.client.service.daily.run_once(), 10)
    sent_at, attempts, error, _ = await _claim_row(bot)
    assert sent_at is None and attempts == 1 and "rate limiting" in error and 0 < wait <= 60
    (saved,) = await schedules(bot)
    assert not saved.schedule.paused_reason  # transient: retried, not paused


# -- the daily card ----------------------------------------------------------------------------


def _daily_posts(bot: Harness, channel_id: int = QUOTES_ID) -> list[Any]:
    return [c for c in bot.api.calls if c.method == "POST" and c.path == f"/channels/{channel_id}/messages"]


async def test_set_with_card_posts_the_card_with_the_cited_embed(bot: Harness, clock: FakeClock) -> None:
    answer = await set_daily(bot, speaker="Putin", card=True)
    assert "as an image card" in answer.embed["fields"][0]["value"]
    (saved,) = await schedules(bot)
    assert saved.schedule.card is True
    assert "as an image card" in (await daily(bot, "status")).embed["fields"][0]["value"]
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    await bot.client.service.daily.run_once()
    (call,) = _daily_posts(bot)
    (posted,) = quote_of_the_day(bot)  # the cited embed, as a text post has it
    ((name, png),) = call.files.items()
    assert name == f"quote-{posted}.png" and png.startswith(b"\x89PNG") and len(png) > 10_000
    (attachment,) = call.body["attachments"]
    excerpt = await bot.client.service.excerpt(posted)
    assert attachment["filename"] == name and attachment["description"].startswith(f"“{excerpt.text[:40]}")
    assert "Vladimir Putin" in attachment["description"] and f"id {posted}" in attachment["description"]
    assert call.body["allowed_mentions"] == {"parse": []}
    assert [b["label"] for row in call.body["components"] for b in row["components"]][0] == "Context"
    clock.t += timedelta(hours=3)
    await bot.client.service.daily.run_once()
    assert len(_daily_posts(bot)) == 1  # still once a day


async def test_without_card_the_daily_post_has_no_attachment(bot: Harness, clock: FakeClock) -> None:
    await set_daily(bot)
    await daily(bot, "now", channel_id=QUOTES_ID)
    (call,) = _daily_posts(bot)
    assert not call.files and not call.body.get("attachments") and call.body["embeds"]


async def test_a_card_that_cannot_be_drawn_falls_back_to_the_text_post(bot: Harness, clock: FakeClock,
                                                                       monkeypatch, tmp_path) -> None:
    from adapters import cards

    (tmp_path / "broken.ttf").write_bytes(b"not a font")  # the shipped font damaged: Pillow cannot load it
    monkeypatch.setattr(cards, "REGULAR", tmp_path / "broken.ttf")
    await set_daily(bot, card=True)
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    await bot.client.service.daily.run_once()
    (call,) = _daily_posts(bot)
    assert not call.files and not call.body.get("attachments") and len(quote_of_the_day(bot)) == 1
    (saved,) = await schedules(bot)
    assert saved.last_post.startswith("2025-03-03") and not saved.schedule.paused_reason


async def test_a_channel_that_refuses_attachments_gets_the_embed_alone(bot: Harness, clock: FakeClock) -> None:
    from .fake_api import ATTACH_FILES

    await set_daily(bot, card=True)
    bot.api.add_channel(GUILD_ID, QUOTES_ID, "quotes", deny=ATTACH_FILES)  # Attach Files taken away afterwards
    clock.t = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    await bot.client.service.daily.run_once()
    refused, posted = _daily_posts(bot)
    assert refused.files and refused.response is None and not posted.files and posted.body["embeds"]
    (saved,) = await schedules(bot)
    assert saved.last_post.startswith("2025-03-03") and not saved.schedule.paused_reason
