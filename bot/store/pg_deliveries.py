"""Deliveries already seen, in PostgreSQL (table in pg.SCHEMA): a retry sent to another worker is still a repeat."""

from __future__ import annotations

import time

import asyncpg

from .deliveries import KEEP_SECONDS, Pruning


class PgDeliveries:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.pruning = Pruning()

    async def close(self) -> None:
        """The pool belongs to the shared state, which closes it."""

    async def first(self, platform: str, delivery_id: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        if self.pruning.due(now):
            await self.pool.execute("DELETE FROM seen_deliveries WHERE seen_at < $1", now - KEEP_SECONDS)
        # Of two workers given the same id at once, the row's primary key lets exactly one insert it.
        done = await self.pool.execute("INSERT INTO seen_deliveries VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                       platform, delivery_id, now)
        return bool(done == "INSERT 0 1")
