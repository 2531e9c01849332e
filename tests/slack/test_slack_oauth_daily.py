"""The quote of the day for installs in many workspaces: two workspaces installed through the OAuth flow, a
schedule in each, each post made once and with its own workspace's bot token; an uninstalled workspace's schedule
pauses with the reason, and a reinstall's new token is used once /daily set resumes it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from adapters.slack.publisher import NOT_INSTALLED
from bot.service import QuoteService
from bot.store.installs import SqliteInstalls

from .slack_harness import FakeClock, FakeSlack, SlackDriver, channel_info
from .test_slack_oauth import event, install

NINE = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def posted(fake: FakeSlack) -> list[tuple[str, str]]:
    """(channel, token) of every chat.postMessage, in order."""
    return [(c.body["channel"], c.token) for c in fake.api("chat.postMessage")]


async def uninstalled(service: QuoteService, team: str) -> None:
    installs = await SqliteInstalls.open(str(service.settings.db))
    try:
        for _ in range(250):
            if await installs.find("slack", "", team) is None:
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"{team} is still installed")
    finally:
        await installs.close()


async def test_each_installed_workspace_posts_with_its_own_token(installable: SlackDriver,
                                                                 service: QuoteService) -> None:
    fake = installable.fake
    await service.daily.stop()  # only the test's run_once posts, on the test's clock
    clock = FakeClock(NINE - timedelta(hours=3))
    service.daily.clock = clock
    fake.users = {"UADMIN": {"id": "UADMIN", "is_admin": True}}
    fake.channels = {"C0A": channel_info("C0A", "quotes", team="TA"), "C0B": channel_info("C0B", "quotes", team="TB")}
    assert "200" in await install(installable, "TA", "xoxb-team-a")
    assert "200" in await install(installable, "TB", "xoxb-team-b")
    for n, (team, channel) in enumerate((("TA", "C0A"), ("TB", "C0B")), 1):
        said = await installable.reply(await installable.command("/daily", f"set <#{channel}|quotes> 09:00 UTC",
                                                                 user="UADMIN", team=team), n)
        assert said["text"].startswith(f"Quote of the day set: <#{channel}>: 09:00 UTC"), said
    # the channel check asks Slack with the token of the workspace the command came from
    assert [(c.body["channel"], c.token) for c in fake.api("conversations.info")] == \
        [("C0A", "xoxb-team-a"), ("C0B", "xoxb-team-b")]
    refused = await installable.reply(await installable.command("/daily", "set <#C0B|quotes> 09:00 UTC",
                                                                user="UADMIN", team="TA"), 3)
    assert "that channel belongs to another workspace" in refused["text"]

    clock.t = NINE
    await service.daily.run_once()
    await service.daily.run_once()  # the day is posted: nothing more
    assert sorted(posted(fake)) == [("C0A", "xoxb-team-a"), ("C0B", "xoxb-team-b")]

    # /daily now, too, goes out with the workspace's own token
    now = await installable.reply(await installable.command("/daily", "now <#C0B|quotes>", user="UADMIN",
                                                            team="TB"), 4)
    assert now["text"].startswith("Posted a quote of the day in <#C0B>")
    assert posted(fake)[-1] == ("C0B", "xoxb-team-b")

    # TB uninstalls: its schedule pauses, saying why, and Slack gets no call with the dead token; TA goes on.
    fake.revoked.add("xoxb-team-b")
    assert await event(installable, "TB", "app_uninstalled") == 200
    await uninstalled(service, "TB")
    clock.t = NINE + timedelta(days=1)
    await service.daily.run_once()
    await service.daily.run_once()
    assert posted(fake)[3:] == [("C0A", "xoxb-team-a")]
    (b,) = await service.daily_commands.status("slack", "TB")
    assert b.schedule.paused_reason == NOT_INSTALLED
    assert b.describe().endswith(f"paused: {NOT_INSTALLED}. Set it again to resume.")

    # A reinstall gets a new token; /daily set resumes the schedule, and the next day's post uses that token.
    assert "200" in await install(installable, "TB", "xoxb-team-b2")
    again = await installable.reply(await installable.command("/daily", "set <#C0B|quotes> 09:00 UTC",
                                                              user="UADMIN", team="TB"), 5)
    assert "paused" not in again["text"]
    clock.t = NINE + timedelta(days=2)
    await service.daily.run_once()
    assert sorted(posted(fake)[4:]) == [("C0A", "xoxb-team-a"), ("C0B", "xoxb-team-b2")]
    assert posted(fake).count(("C0B", "xoxb-team-b")) == 2  # the first day and /daily now, before the uninstall
