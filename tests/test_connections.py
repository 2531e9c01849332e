"""Answers have a connection of their own: a long statement of the daily store or a write never queues them."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

SLOW = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c"


async def test_a_search_does_not_wait_for_the_daily_store(service) -> None:
    await service.search("trade")  # the snapshot is loaded
    t0 = time.perf_counter()
    slow = asyncio.create_task(service.daily.store.db.execute_fetchall(SLOW))
    await asyncio.sleep(0.05)
    t1 = time.perf_counter()
    assert (await service.search("trade")).results
    searched = time.perf_counter() - t1
    await slow
    claimed = time.perf_counter() - t0
    assert searched < claimed / 3, (searched, claimed)


async def test_answers_flow_while_another_connection_holds_the_write_lock(service, tmp_path: Path) -> None:
    writer = sqlite3.connect(tmp_path / "index.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO meta VALUES ('held', '1')")
    try:
        t0 = time.perf_counter()
        assert (await service.search("trade")).results and (await service.stats()).quotes
        assert time.perf_counter() - t0 < 2
    finally:
        writer.execute("ROLLBACK")
        writer.close()


async def test_a_running_service_reloads_changed_seeds_in_the_background(open_service, seed_dir: Path) -> None:
    service = await open_service(seed_dir)
    (seed_dir / "late.txt").write_text("Late\n\nAda Lovelace: The engine weaves algebraic patterns.\n")
    assert await service.staleness()
    service.watch_seeds(every=0.05)
    for _ in range(200):
        if (await service.search("algebraic")).results:
            break
        await asyncio.sleep(0.05)
    assert (await service.search("algebraic")).results and await service.staleness() is None
