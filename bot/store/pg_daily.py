"""Schedules, claims and shuffled cycles on PostgreSQL: the daily state shared by every process on every machine.

The same contract as ``bot.daily.store.DailyStore`` (the SQLite one). The quote pool is a subquery of the
local SQLite index (each process has its own, built from the same seeds, with the same content-derived
ids), so the pool's ids are read there and only the cycle itself lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import aiosqlite
import asyncpg

from ..daily.models import Schedule
from ..daily.ports import Pool

_DRAW_BATCH = 32
_COLUMNS = ("id, platform, workspace, channel, local_time, timezone, speaker, topic, enabled, paused_reason, set_by, "
            "set_at, card")
_CLAIM_LOCK = 0x64617931  # advisory lock class for "day1": one claim at a time per schedule


def _schedule(row: asyncpg.Record) -> Schedule:
    return Schedule(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]), row[9],
                    row[10], row[11], bool(row[12]))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PgDailyStore:
    def __init__(self, pool: asyncpg.Pool, index: aiosqlite.Connection) -> None:
        self.pool = pool
        self.index = index

    async def upsert(self, platform: str, workspace: str, channel: str, local_time: str, tz: str,
                     speaker: str, topic: str, set_by: str, card: bool = False) -> Schedule:
        row = await self.pool.fetchrow(
            f"INSERT INTO daily_schedules (platform, workspace, channel, local_time, timezone, speaker, topic, enabled, "
            f"paused_reason, set_by, set_at, card) VALUES ($1,$2,$3,$4,$5,$6,$7,true,'',$8,$9,$10) "
            f"ON CONFLICT (platform, workspace, channel) DO UPDATE SET local_time=excluded.local_time, "
            f"timezone=excluded.timezone, speaker=excluded.speaker, topic=excluded.topic, enabled=true, "
            f"paused_reason='', set_by=excluded.set_by, set_at=excluded.set_at, card=excluded.card RETURNING {_COLUMNS}",
            platform, workspace, channel, local_time, tz, speaker, topic, set_by, _now(), card)
        return _schedule(row)

    async def get(self, platform: str, workspace: str, channel: str) -> Schedule | None:
        row = await self.pool.fetchrow(f"SELECT {_COLUMNS} FROM daily_schedules WHERE platform = $1 AND workspace = $2 "
                                       f"AND channel = $3", platform, workspace, channel)
        return _schedule(row) if row else None

    async def list(self, platform: str | None = None, workspace: str | None = None) -> list[Schedule]:
        rows = await self.pool.fetch(f"SELECT {_COLUMNS} FROM daily_schedules WHERE ($1::text IS NULL OR platform = $1) "
                                     f"AND ($2::text IS NULL OR workspace = $2) ORDER BY platform, workspace, channel",
                                     platform or None, workspace or None)
        return [_schedule(r) for r in rows]

    async def set_enabled(self, schedule_id: int, enabled: bool) -> None:
        await self.pool.execute("UPDATE daily_schedules SET enabled = $1 WHERE id = $2", enabled, schedule_id)

    async def pause(self, schedule_id: int, reason: str) -> None:
        await self.pool.execute("UPDATE daily_schedules SET paused_reason = $1 WHERE id = $2", reason[:200], schedule_id)

    async def last_post(self, schedule_id: int, today: str | None = None) -> tuple[str, str] | None:
        row = await self.pool.fetchrow("SELECT local_date, quote_id FROM daily_posts WHERE schedule_id = $1 AND sent_at "
                                       "IS NOT NULL AND local_date <= $2 ORDER BY local_date DESC LIMIT 1",
                                       schedule_id, today or "9999-12-31")
        return (row[0], row[1]) if row else None

    async def post_state(self, schedule_id: int, local_date: str) -> tuple[str, bool, int] | None:
        row = await self.pool.fetchrow("SELECT quote_id, sent_at IS NOT NULL, attempts FROM daily_posts "
                                       "WHERE schedule_id = $1 AND local_date = $2", schedule_id, local_date)
        return (row[0], bool(row[1]), int(row[2])) if row else None

    async def claim(self, schedule_id: int, local_date: str, pool: Pool, *, owner: str, now: datetime,
                    lease: float) -> str | None:
        """The day's claim is a unique row taken with INSERT … ON CONFLICT DO NOTHING: of any number of
        processes, one gets it. An unsent claim whose lease ran out is taken over in one UPDATE."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _CLAIM_LOCK, schedule_id)
            taken = await conn.fetchrow("UPDATE daily_posts SET owner = $3, claimed_at = $4 WHERE schedule_id = $1 "
                                        "AND local_date = $2 AND sent_at IS NULL AND (owner = $3 OR claimed_at <= $5) "
                                        "RETURNING quote_id", schedule_id, local_date, owner, now,
                                        now - timedelta(seconds=lease))
            if taken:
                return str(taken[0])
            if await conn.fetchval("SELECT 1 FROM daily_posts WHERE schedule_id = $1 AND local_date = $2",
                                   schedule_id, local_date):
                return None
            quote_id = await self._next_in_cycle(conn, schedule_id, pool)
            if quote_id is None:
                return None
            won = await conn.fetchval("INSERT INTO daily_posts (schedule_id, local_date, quote_id, claimed_at, owner) "
                                      "VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING RETURNING quote_id",
                                      schedule_id, local_date, quote_id, now, owner)
            return str(won) if won else None

    async def release(self, schedule_id: int, local_date: str) -> None:
        await self.pool.execute("DELETE FROM daily_posts WHERE schedule_id = $1 AND local_date = $2 AND sent_at IS NULL",
                                schedule_id, local_date)

    async def take_next(self, schedule_id: int, pool: Pool) -> str | None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _CLAIM_LOCK, schedule_id)
            return await self._next_in_cycle(conn, schedule_id, pool)

    async def _next_in_cycle(self, conn: asyncpg.Connection, schedule_id: int, pool: Pool) -> str | None:
        await self._fill(conn, schedule_id, pool)
        for _ in range(2):
            found = await self._draw(conn, schedule_id, pool)
            if found is not None:
                return found
            reshuffled = await conn.execute("UPDATE daily_cycle SET used = false, position = random() "
                                            "WHERE schedule_id = $1", schedule_id)
            if reshuffled == "UPDATE 0":
                return None
        return None

    async def _local_ids(self, pool: Pool, among: Sequence[str] | None = None) -> Sequence[str]:
        """The pool's quote ids as the local index has them (all, or those of ``among`` still there)."""
        sql, params = f"SELECT id FROM ({pool.query})", pool.params
        if among is not None:
            sql, params = sql + f" WHERE id IN ({','.join('?' * len(among))})", (*params, *among)
        async with self.index.execute(sql, params) as cur:
            return [str(r[0]) for r in await cur.fetchall()]

    async def _fill(self, conn: asyncpg.Connection, schedule_id: int, pool: Pool) -> None:
        synced = await conn.fetchrow("SELECT filter, version FROM daily_cycle_sync WHERE schedule_id = $1", schedule_id)
        if synced and (synced[0], synced[1]) == (pool.filter_key, pool.version):
            return
        if synced and synced[0] != pool.filter_key:  # a new filter starts a new cycle
            await conn.execute("DELETE FROM daily_cycle WHERE schedule_id = $1", schedule_id)
        await conn.execute("INSERT INTO daily_cycle (schedule_id, quote_id, position, used) "
                           "SELECT $1, q, random(), false FROM unnest($2::text[]) AS q ON CONFLICT DO NOTHING",
                           schedule_id, await self._local_ids(pool))
        await conn.execute("INSERT INTO daily_cycle_sync (schedule_id, filter, version) VALUES ($1,$2,$3) "
                           "ON CONFLICT (schedule_id) DO UPDATE SET filter = excluded.filter, version = excluded.version",
                           schedule_id, pool.filter_key, pool.version)

    async def _draw(self, conn: asyncpg.Connection, schedule_id: int, pool: Pool) -> str | None:
        while True:
            ids = [str(r[0]) for r in await conn.fetch("SELECT quote_id FROM daily_cycle WHERE schedule_id = $1 AND "
                                                        "NOT used ORDER BY position LIMIT $2", schedule_id, _DRAW_BATCH)]
            if not ids:
                return None
            alive = set(await self._local_ids(pool, ids))
            stale = ids[: next((n for n, i in enumerate(ids) if i in alive), len(ids))]
            if stale:
                await conn.execute("DELETE FROM daily_cycle WHERE schedule_id = $1 AND quote_id = ANY($2::text[])",
                                   schedule_id, stale)
            if len(stale) < len(ids):
                chosen = ids[len(stale)]
                await conn.execute("UPDATE daily_cycle SET used = true WHERE schedule_id = $1 AND quote_id = $2",
                                   schedule_id, chosen)
                return chosen

    async def mark_sent(self, schedule_id: int, local_date: str, owner: str) -> bool:
        done = await self.pool.execute("UPDATE daily_posts SET sent_at = $1, attempts = attempts + 1, last_error = '' "
                                       "WHERE schedule_id = $2 AND local_date = $3 AND owner = $4 AND sent_at IS NULL",
                                       _now(), schedule_id, local_date, owner)
        return str(done) == "UPDATE 1"

    async def mark_failed(self, schedule_id: int, local_date: str, error: str, owner: str = "") -> int:
        attempts = await self.pool.fetchval("UPDATE daily_posts SET attempts = attempts + 1, last_error = $1 WHERE "
                                            "schedule_id = $2 AND local_date = $3 AND sent_at IS NULL AND ($4 = '' OR "
                                            "owner = $4) RETURNING attempts", error[:200], schedule_id, local_date, owner)
        if attempts is None:
            state = await self.post_state(schedule_id, local_date)
            return state[2] if state else 0
        return int(attempts)
