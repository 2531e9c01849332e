"""Daily claims per second and command latency: 3 processes on one PostgreSQL versus 1 process on SQLite.

    python benchmarks/shared_state.py [--schedules 200] [--days 5] [--url postgresql://…]

Every process opens the bot as it runs (its own local index of the bundled seeds) and races the others
to claim every (schedule, day), answering a /search between claims; without --url a throwaway
PostgreSQL is started from the installed binaries (tests/pg.py).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bot.config import load_settings  # noqa: E402
from bot.service import QuoteService  # noqa: E402


async def _work(db: str, url: str, n: int, schedules: int, days: int, owner: str) -> tuple[int, float, list[float]]:
    settings = replace(load_settings(seeds=str(HERE.parent / "seeds"), db=db, env_file=False), database_url=url)
    service = await QuoteService.open(settings)
    try:
        store = service.daily.store
        ids = [(await store.upsert("console", "bench", f"#c{k}", "09:00", "UTC", "", "", "b")).id for k in range(schedules)]
        pool = await service.eligible("", "")
        now = datetime(2025, 1, 1, 9, tzinfo=UTC)
        won, latencies = 0, []
        started = time.perf_counter()
        for day in range(days):
            for k, sid in enumerate(ids):
                if await store.claim(sid, f"2025-01-{day + 1:02d}", pool, owner=owner, now=now, lease=120):
                    won += 1
                if k % 10 == n:
                    t = time.perf_counter()
                    await service.search("economic cooperation")
                    latencies.append((time.perf_counter() - t) * 1000)
        return won, time.perf_counter() - started, latencies
    finally:
        await service.close()


def _process(args: tuple[str, str, int, int, int]) -> tuple[int, float, list[float]]:
    db, url, n, schedules, days = args
    return asyncio.run(_work(db, url, n, schedules, days, f"p{n}"))


def _report(label: str, results: list[tuple[int, float, list[float]]], expected: int) -> None:
    won = sum(r[0] for r in results)
    wall = max(r[1] for r in results)
    lat = sorted(x for r in results for x in r[2])
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"{label}: {won} claims won of {expected} (each exactly once: {won == expected}), "
          f"{won / wall:.0f} claims/s; /search p50 {statistics.median(lat):.2f} ms, p99 {p99:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedules", type=int, default=200)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--url", default="")
    a = parser.parse_args()
    expected = a.schedules * a.days
    server = None
    url = a.url
    if not url:
        from tests import pg

        server = pg.start()
        url = server.url
    try:
        with tempfile.TemporaryDirectory() as tmp:
            _report("1 process, SQLite", [_process((f"{tmp}/solo.db", "", 0, a.schedules, a.days))], expected)
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(3) as workers:
                results = workers.map(_process, [(f"{tmp}/p{n}.db", url, n, a.schedules, a.days) for n in range(3)])
            _report("3 processes, PostgreSQL", results, expected)
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
