"""Logging in, syncing the tree, and what a bad token or server id turns into."""

from __future__ import annotations

from dataclasses import replace

import discord
import pytest

from adapters.discord import QuoteClient, run_discord
from bot.config import Settings
from bot.errors import UsageError
from bot.service import QuoteService

from .fake_api import FakeDiscord
from .payloads import GUILD_ID


async def test_no_privileged_intents_and_no_mentions(service: QuoteService, settings: Settings) -> None:
    client = QuoteClient(service, settings)
    assert not (client.intents.members or client.intents.presences or client.intents.message_content)
    assert client.allowed_mentions is not None and client.allowed_mentions.to_dict() == {"parse": []}
    await client.close()


async def test_with_a_server_id_commands_sync_to_that_server_only(service, settings, api: FakeDiscord) -> None:
    client = QuoteClient(service, replace(settings, discord_guild_id=GUILD_ID))
    try:
        await client.login(settings.discord_token)
    finally:
        await client.close()
    puts = [c for c in api.calls if c.method == "PUT"]
    assert [c.path for c in puts] == [f"/applications/{client.application_id}/guilds/{GUILD_ID}/commands"]
    assert "quote" in {c["name"] for c in puts[0].body}


async def test_a_server_the_bot_is_not_in_says_what_to_do(service, settings, api: FakeDiscord) -> None:
    api.guild_forbidden = True
    client = QuoteClient(service, replace(settings, discord_guild_id=GUILD_ID))
    with pytest.raises(UsageError, match="DISCORD_GUILD_ID"):
        try:
            await client.login(settings.discord_token)
        finally:
            await client.close()


async def test_a_missing_token_is_a_usage_error(service, settings) -> None:
    with pytest.raises(UsageError, match="DISCORD_TOKEN"):
        await run_discord(service, replace(settings, discord_token=""))


async def test_an_invalid_token_is_a_usage_error_not_a_traceback(service, settings, api: FakeDiscord) -> None:
    with pytest.raises(UsageError, match="DISCORD_TOKEN is invalid") as caught:
        await run_discord(service, replace(settings, discord_token="not-the-token"))
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert [c.path for c in api.calls] == ["/users/@me"]
    assert not isinstance(caught.value, discord.DiscordException)


async def test_unreachable_discord_is_one_clear_line(service, settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    with pytest.raises(UsageError, match="Cannot reach Discord"):
        await run_discord(service, settings)
