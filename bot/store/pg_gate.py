"""The start gate on PostgreSQL: a session advisory lock per bucket, held ``hold`` seconds after passing.

A process that dies while holding it loses its session, and PostgreSQL frees the lock at once.
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg

_log = logging.getLogger(__name__)
_GATE = 0x69640000  # advisory lock class "id": Discord IDENTIFY buckets


class PgStartGate:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self._holding: set[asyncio.Task[None]] = set()

    async def pass_through(self, bucket: int, hold: float) -> None:
        conn = await self.pool.acquire()
        try:
            await conn.execute("SELECT pg_advisory_lock($1, $2)", _GATE, bucket)
        except BaseException:
            await self.pool.release(conn)
            raise
        task = asyncio.ensure_future(self._release_after(conn, bucket, hold))
        self._holding.add(task)
        task.add_done_callback(self._holding.discard)

    async def _release_after(self, conn: asyncpg.Connection, bucket: int, hold: float) -> None:
        try:
            await asyncio.sleep(hold)
            await conn.execute("SELECT pg_advisory_unlock($1, $2)", _GATE, bucket)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            _log.warning("releasing the identify gate %d: %s (PostgreSQL frees it with the session)", bucket, exc)
        finally:
            await self.pool.release(conn)

    async def close(self) -> None:
        """Leaving: give the held buckets back now rather than after their hold."""
        for task in list(self._holding):
            task.cancel()
        if self._holding:
            await asyncio.wait(list(self._holding))
