"""Shards: each process runs the shards it is given, owns their servers' dailies, syncs commands once, and
IDENTIFYs through a gate shared by every process on the PostgreSQL database."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from adapters.discord import client as client_module
from adapters.discord.client import ShardedQuoteClient, make_client
from adapters.discord.shards import owns, shard_of
from bot.config import Settings
from bot.service import QuoteService

from .fake_api import TOKEN, FakeDiscord


def test_each_process_owns_the_servers_of_its_shards(settings: Settings) -> None:
    guilds = [(k << 22) | 4321 for k in range(8)]  # the shard is in the id's timestamp bits: guild k is on shard k % 4
    two_of_four = replace(settings, discord_shard_count=4, discord_shard_ids=(0, 2))
    assert [g for g in guilds if owns(two_of_four, str(g))] == [guilds[0], guilds[2], guilds[4], guilds[6]]
    assert shard_of(81384788765712384, 4) == (81384788765712384 >> 22) % 4
    assert owns(settings, str(guilds[1])) and not owns(two_of_four, "not-a-server")


async def test_only_the_process_running_shard_0_syncs_the_commands(service: QuoteService, settings: Settings,
                                                                  api: FakeDiscord) -> None:
    api.max_concurrency = 4
    for ids, syncs in (((1, 3), False), ((0, 2), True)):
        client = make_client(service, replace(settings, discord_shard_count=4, discord_shard_ids=ids))
        api.calls.clear()
        try:
            await client.login(TOKEN)
        finally:
            await client.close()
        assert isinstance(client, discord.AutoShardedClient) and client.shard_ids == list(ids)
        assert client.max_concurrency == 4
        assert any(c.method == "PUT" and c.path.endswith("/commands") for c in api.calls) is syncs


async def test_identifies_are_serialised_across_processes_per_bucket(pg_url: str, settings: Settings, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "IDENTIFY_HOLD", 1.0)  # Discord's 5 s, shortened for the test
    services = [await QuoteService.open(replace(settings, db=tmp_path / f"p{n}.db", database_url=pg_url)) for n in range(2)]
    clients = [ShardedQuoteClient(svc, replace(svc.settings, discord_shard_count=4, discord_shard_ids=ids))
               for svc, ids in zip(services, ((0, 1), (2, 3)), strict=True)]

    async def identify(client: ShardedQuoteClient, shard: int) -> float:
        await client.before_identify_hook(shard, initial=True)
        return time.perf_counter()

    try:
        for c in clients:
            await c.__aenter__()  # what `async with client` in run_discord does before logging in
        a, b = await asyncio.gather(identify(clients[0], 0), identify(clients[1], 2))  # one bucket (max_concurrency 1)
        assert abs(a - b) >= 0.95
        await asyncio.sleep(1.1)
        for c in clients:
            c.max_concurrency = 2
        a, b = await asyncio.gather(identify(clients[0], 1), identify(clients[1], 2))  # buckets 1 and 0: together
        assert abs(a - b) < 0.5
    finally:
        for c in clients:
            await c.__aexit__(None, None, None)
        for svc in services:
            await svc.close()
