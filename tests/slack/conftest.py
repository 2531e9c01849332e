"""Fixtures: a service over the bundled and a test transcript, a fake Slack, and the real app in HTTP mode."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from adapters.slack import run_slack
from bot.config import Settings, load_settings
from bot.service import QuoteService

from .slack_harness import (
    BOT_TOKEN,
    BUNDLED,
    CLIENT_ID,
    CLIENT_SECRET,
    SECRET,
    FakeClock,
    FakeSlack,
    SlackDriver,
    channel_info,
    free_port,
    harbour_transcript,
    wait_listening,
)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / BUNDLED.name)
    (folder / "harbour-council-2022-03.txt").write_text(harbour_transcript(), encoding="utf-8")
    return folder


@pytest.fixture
async def service(seeds: Path, tmp_path: Path) -> AsyncIterator[QuoteService]:
    settings = load_settings(seeds=str(seeds), db=str(tmp_path / "q.db"), env_file=False)
    svc = await QuoteService.open(settings)
    yield svc
    await svc.close()


@pytest.fixture
def slack_settings(service: QuoteService, fake_slack: FakeSlack) -> Settings:
    return replace(service.settings, slack_bot_token=BOT_TOKEN, slack_app_token="", slack_signing_secret=SECRET,
                   slack_port=free_port(), slack_api_url=fake_slack.url + "/api/", admins=frozenset({"ULISTED"}))


@pytest.fixture
async def slack(service: QuoteService, fake_slack: FakeSlack, slack_settings: Settings) -> AsyncIterator[SlackDriver]:
    task = asyncio.create_task(run_slack(service, slack_settings, host="127.0.0.1"))
    port = slack_settings.slack_port
    await wait_listening(port, task)
    async with aiohttp.ClientSession() as session:
        yield SlackDriver(f"http://127.0.0.1:{port}/slack/events", fake_slack, session)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.fixture
def workspace(fake_slack: FakeSlack) -> FakeSlack:
    """Users of every kind and channels of every kind, as users.info and conversations.info describe them."""
    fake_slack.users = {"UADMIN": {"id": "UADMIN", "is_admin": True}, "UOWNER": {"id": "UOWNER", "is_owner": True},
                        "UPLAIN": {"id": "UPLAIN", "is_admin": False, "is_owner": False}}
    fake_slack.channels = {
        "C1": channel_info("C1", "general"),
        "C0QUOTES": channel_info("C0QUOTES", "quotes"),
        "C0OTHER": channel_info("C0OTHER", "other"),
        "C0PUBLIC": channel_info("C0PUBLIC", "public", member=False),
        "G0SECRET": channel_info("G0SECRET", "secret", member=False, private=True),
        "C0OLD": channel_info("C0OLD", "old", archived=True),
        "D0DIRECT": channel_info("D0DIRECT", "", im=True),
    }
    return fake_slack


@pytest.fixture
async def clock(service: QuoteService, slack: SlackDriver, workspace: FakeSlack) -> FakeClock:
    """The app is up, the clock is fake (06:00 UTC on Monday 6 January 2025), and the scheduler loop is
    stopped, so only the test's own ``run_once`` calls post and nothing depends on the wall clock."""
    await service.daily.stop()
    fake = FakeClock(datetime(2025, 1, 6, 6, 0, tzinfo=UTC))
    service.daily.clock = fake
    return fake


@pytest.fixture
async def installable(service: QuoteService, fake_slack: FakeSlack) -> AsyncIterator[SlackDriver]:
    """The app in HTTP mode with a client id and secret and no bot token: nothing installed yet."""
    settings = replace(service.settings, slack_bot_token="", slack_app_token="", slack_signing_secret=SECRET,
                       slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET, slack_port=free_port(),
                       slack_api_url=fake_slack.url + "/api/")
    task = asyncio.create_task(run_slack(service, settings, host="127.0.0.1"))
    await wait_listening(settings.slack_port, task)
    async with aiohttp.ClientSession() as session:
        yield SlackDriver(f"http://127.0.0.1:{settings.slack_port}/slack/events", fake_slack, session)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
