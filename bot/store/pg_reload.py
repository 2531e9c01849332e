"""Reload requests on PostgreSQL: a row per request plus NOTIFY; each process LISTENs on a connection of its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

from ..models import ProcessVersion

_log = logging.getLogger(__name__)
CHANNEL = "quotebot_reload"
RECONNECT_SECONDS = 2.0


class PgReloadChannel:
    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.url = url
        self._listener: asyncpg.Connection | None = None
        self._on_request: Callable[[int], None] | None = None
        self._reconnect: asyncio.Task[None] | None = None
        self._closed = False

    async def request(self, by: str) -> int:
        async with self.pool.acquire() as conn, conn.transaction():  # the notification leaves with the commit
            request = int(await conn.fetchval("INSERT INTO reload_requests (requested_by) VALUES ($1) RETURNING id", by))
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, str(request))
        return request

    async def listen(self, on_request: Callable[[int], None]) -> None:
        self._on_request = on_request
        conn = await asyncpg.connect(self.url)
        await conn.add_listener(CHANNEL, self._notified)
        conn.add_termination_listener(self._lost)
        self._listener = conn

    def _notified(self, conn: object, pid: int, channel: str, payload: str) -> None:
        if self._on_request and payload.isdigit():
            self._on_request(int(payload))

    def _lost(self, conn: object) -> None:
        if not self._closed:
            _log.warning("lost the PostgreSQL connection that listens for reloads; reconnecting")
            self._reconnect = asyncio.ensure_future(self._listen_again())

    async def _listen_again(self) -> None:
        """Listen again; a request made while the connection was down is followed now, not lost."""
        while not self._closed and self._on_request:
            try:
                await self.listen(self._on_request)
                latest = await self.pool.fetchval("SELECT max(id) FROM reload_requests")
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await asyncio.sleep(RECONNECT_SECONDS)
                continue
            if latest is not None:
                self._on_request(int(latest))
            return

    async def report(self, process: str, version: str, request: int) -> None:
        await self.pool.execute("INSERT INTO index_versions (process, version, request_id, at) VALUES ($1,$2,$3,now()) "
                                "ON CONFLICT (process) DO UPDATE SET version = excluded.version, "
                                "request_id = excluded.request_id, at = excluded.at", process, version, request)

    async def versions(self) -> list[ProcessVersion]:
        rows = await self.pool.fetch("SELECT process, version, request_id, at FROM index_versions ORDER BY process")
        return [ProcessVersion(r[0], r[1], int(r[2]), r[3].isoformat(timespec="seconds")) for r in rows]

    async def forget(self, process: str) -> None:
        try:
            await self.pool.execute("DELETE FROM index_versions WHERE process = $1", process)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:  # leaving anyway: its line shows its age
            _log.warning("could not take this process off the shared list of processes: %s", exc)

    async def close(self) -> None:
        self._closed = True
        if self._reconnect:
            self._reconnect.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconnect
        if self._listener is not None:
            with contextlib.suppress(OSError, asyncpg.InterfaceError):
                await self._listener.close()
