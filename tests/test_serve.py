"""The chat bots run together and stop together: one failing stops the other before the database closes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from adapters.cli import _serve
from bot.config import load_settings
from bot.errors import UsageError
from bot.service import QuoteService
from tests.discord.fake_api import FakeDiscord
from tests.slack.slack_harness import BOT_TOKEN, SECRET, FakeSlack, free_port


@pytest.fixture
async def fakes(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[FakeDiscord, FakeSlack]]:
    fake_discord, fake_slack = FakeDiscord(), FakeSlack()
    monkeypatch.setattr(discord.http.Route, "BASE", await fake_discord.start())
    await fake_slack.start()
    yield fake_discord, fake_slack
    await fake_slack.stop()
    await fake_discord.close()


async def _listening(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


async def test_one_adapter_failing_stops_the_other_first(fakes: tuple[FakeDiscord, FakeSlack], seed_dir: Path,
                                                         tmp_path: Path) -> None:
    fake_discord, fake_slack = fakes
    fake_discord.login_gate = asyncio.Event()  # Discord answers the login only once Slack is serving
    base = load_settings(seeds=str(seed_dir), db=str(tmp_path / "serve.db"), env_file=False)
    settings = replace(base, discord_token="not-the-bot-token", slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                       slack_port=free_port(), slack_api_url=fake_slack.url + "/api/")
    service = await QuoteService.open(settings)
    try:
        serving = asyncio.create_task(_serve(service, settings, "run"))
        for _ in range(500):
            if await _listening(settings.slack_port):
                break
            assert not serving.done(), serving
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("Slack never started listening")
        fake_discord.login_gate.set()  # now Discord refuses the token
        with pytest.raises(UsageError, match="DISCORD_TOKEN"):
            await asyncio.wait_for(serving, 10)
        # Slack was stopped, and had finished stopping, before _serve returned (the caller closes the database next)
        assert not await _listening(settings.slack_port)
        assert service.daily.publishers == {}
    finally:
        await service.close()
