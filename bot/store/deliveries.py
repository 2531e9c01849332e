"""Deliveries already seen, in the SQLite file: a platform that redelivers what it thinks was lost (Slack's
Events API retries an event that was not acknowledged in 3 s) gets it handled once, by id.

The first sighting of an id records it and wins; every repeat, in any process sharing the database, loses.
Ids are kept for ``KEEP_SECONDS`` (Slack's last retry comes about five minutes after the first delivery);
older rows are pruned now and then by whichever process records an id.
"""

from __future__ import annotations

import time
from typing import Protocol

import aiosqlite

from .schema import connect_with

KEEP_SECONDS = 3600.0
PRUNE_EVERY = 60.0
"""At most one prune a minute per process: a delete of the old rows, never on every delivery."""
_TABLES = ("CREATE TABLE IF NOT EXISTS seen_deliveries (platform TEXT NOT NULL, id TEXT NOT NULL, "
           "seen_at REAL NOT NULL, PRIMARY KEY (platform, id))",
           "CREATE INDEX IF NOT EXISTS seen_deliveries_age ON seen_deliveries (seen_at)")


class Deliveries(Protocol):
    async def first(self, platform: str, delivery_id: str, now: float | None = None) -> bool:
        """True the first time ``delivery_id`` is seen (it is recorded), False for every repeat."""
        ...

    async def close(self) -> None: ...


class Pruning:
    """When this process last pruned: the first delivery after ``PRUNE_EVERY`` seconds prunes again."""

    def __init__(self) -> None:
        self.last = float("-inf")

    def due(self, now: float) -> bool:
        if now - self.last < PRUNE_EVERY:
            return False
        self.last = now
        return True


class SqliteDeliveries:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self.pruning = Pruning()

    @classmethod
    async def open(cls, path: str) -> SqliteDeliveries:
        return cls(await connect_with(path, _TABLES))

    async def close(self) -> None:
        await self.db.close()

    async def first(self, platform: str, delivery_id: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        if self.pruning.due(now):
            await self.db.execute("DELETE FROM seen_deliveries WHERE seen_at < ?", (now - KEEP_SECONDS,))
        async with self.db.execute("INSERT OR IGNORE INTO seen_deliveries VALUES (?, ?, ?)",
                                   (platform, delivery_id, now)) as cur:
            added = cur.rowcount == 1
        await self.db.commit()
        return added
