"""The store of deliveries already seen, the same tests on the SQLite file and on a real PostgreSQL: the first
sighting of an id wins, in whichever process (connection) it comes; old ids are pruned."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.store.deliveries import KEEP_SECONDS, PRUNE_EVERY, Deliveries, SqliteDeliveries

from . import pg

Opener = Callable[[], Awaitable[Deliveries]]


@pytest.fixture(params=["sqlite", "postgresql"])
async def opener(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Opener]:
    """Opens a store on one database, as another process would: its own connection (or pool)."""
    opened: list[Deliveries] = []
    pools = []
    url = ""
    if request.param == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = await pg.fresh_database(server)

    async def open_one() -> Deliveries:
        store: Deliveries
        if not url:
            store = await SqliteDeliveries.open(str(tmp_path / "q.db"))
        else:
            from bot.store.pg import open_pool
            from bot.store.pg_deliveries import PgDeliveries

            pool = await open_pool(url)
            pools.append(pool)
            store = PgDeliveries(pool)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        await store.close()
    for pool in pools:
        await pool.close()
    if url:
        await pg.drop_database(request.getfixturevalue("pg_server"), url)


async def test_the_first_sighting_wins_and_every_repeat_loses(opener: Opener) -> None:
    store = await opener()
    assert await store.first("slack", "Ev1") is True
    assert await store.first("slack", "Ev1") is False
    assert await store.first("slack", "Ev1") is False
    assert await store.first("slack", "Ev2") is True
    assert await store.first("discord", "Ev1") is True  # ids are per platform


async def test_a_repeat_seen_by_another_process_loses(opener: Opener) -> None:
    one, two = await opener(), await opener()
    assert await one.first("slack", "Ev1") is True
    assert await two.first("slack", "Ev1") is False
    assert await two.first("slack", "Ev2") is True
    assert await one.first("slack", "Ev2") is False


async def test_of_deliveries_at_once_exactly_one_wins(opener: Opener) -> None:
    stores = [await opener() for _ in range(3)]
    results = await asyncio.gather(*(s.first("slack", "EvRace") for s in stores for _ in range(3)))
    assert sorted(results) == [False] * 8 + [True]


async def test_old_ids_are_pruned_now_and_then(opener: Opener) -> None:
    store = await opener()
    start = time.time()
    assert await store.first("slack", "EvOld", now=start)  # the first call prunes (nothing yet), then records
    assert not await store.first("slack", "EvOld", now=start + PRUNE_EVERY / 2)
    assert await store.first("slack", "EvMid", now=start + KEEP_SECONDS / 2)  # a prune here keeps EvOld
    assert not await store.first("slack", "EvOld", now=start + KEEP_SECONDS / 2 + 1)
    later = start + KEEP_SECONDS + PRUNE_EVERY
    assert await store.first("slack", "EvNew", now=later)  # prunes: EvOld is over an hour old, EvMid is not
    assert await store.first("slack", "EvOld", now=later + 1)  # so EvOld is new again
    assert not await store.first("slack", "EvMid", now=later + 2)
