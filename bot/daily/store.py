"""Schedules, claims and shuffled cycles in the SQLite file, shared by every process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import aiosqlite

from .models import Schedule
from .ports import Pool

_DRAW_BATCH = 32
"""Cycle entries checked against the pool at once when drawing: stale ones are dropped in batches."""
_COLUMNS = ("id, platform, workspace, channel, local_time, timezone, speaker, topic, enabled, paused_reason, set_by, "
            "set_at, card")


def _schedule(row: tuple) -> Schedule:
    return Schedule(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]), row[9],
                    row[10], row[11], bool(row[12]))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DailyStore:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self._writing = asyncio.Lock()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[None]:
        """One write transaction at a time: the connection is shared by every coroutine, and a statement
        run inside another coroutine's transaction would fail on its BEGIN or be committed with it."""
        async with self._writing:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.db.rollback()
                raise
            await self.db.commit()

    async def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        async with self.db.execute(sql, params) as cur:
            return [tuple(row) for row in await cur.fetchall()]

    async def upsert(self, platform: str, workspace: str, channel: str, local_time: str, tz: str,
                     speaker: str, topic: str, set_by: str, card: bool = False) -> Schedule:
        async with self._write():
            await self.db.execute(
                "INSERT INTO schedules (platform, workspace, channel, local_time, timezone, speaker, topic, enabled, "
                "paused_reason, set_by, set_at, card) VALUES (?,?,?,?,?,?,?,1,'',?,?,?) "
                "ON CONFLICT (platform, workspace, channel) DO UPDATE SET local_time=excluded.local_time, "
                "timezone=excluded.timezone, speaker=excluded.speaker, topic=excluded.topic, enabled=1, "
                "paused_reason='', set_by=excluded.set_by, set_at=excluded.set_at, card=excluded.card",
                (platform, workspace, channel, local_time, tz, speaker, topic, set_by, _now(), int(card)))
        found = await self.get(platform, workspace, channel)
        assert found is not None
        return found

    async def get(self, platform: str, workspace: str, channel: str) -> Schedule | None:
        rows = await self._all(f"SELECT {_COLUMNS} FROM schedules WHERE platform = ? AND workspace = ? AND channel = ?",
                               (platform, workspace, channel))
        return _schedule(rows[0]) if rows else None

    async def list(self, platform: str | None = None, workspace: str | None = None) -> list[Schedule]:
        sql, params = f"SELECT {_COLUMNS} FROM schedules WHERE 1", tuple[str, ...]()
        if platform:
            sql, params = sql + " AND platform = ?", (*params, platform)
        if workspace:
            sql, params = sql + " AND workspace = ?", (*params, workspace)
        return [_schedule(r) for r in await self._all(sql + " ORDER BY platform, workspace, channel", params)]

    async def set_enabled(self, schedule_id: int, enabled: bool) -> None:
        async with self._write():
            await self.db.execute("UPDATE schedules SET enabled = ? WHERE id = ?", (int(enabled), schedule_id))

    async def pause(self, schedule_id: int, reason: str) -> None:
        async with self._write():
            await self.db.execute("UPDATE schedules SET paused_reason = ? WHERE id = ?", (reason[:200], schedule_id))

    async def last_post(self, schedule_id: int, today: str | None = None) -> tuple[str, str] | None:
        """The last post made on or before ``today`` (a clock set back must not show a post from the future)."""
        rows = await self._all("SELECT local_date, quote_id FROM daily_posts WHERE schedule_id = ? AND sent_at IS NOT NULL "
                               "AND local_date <= ? ORDER BY local_date DESC LIMIT 1", (schedule_id, today or "9999-12-31"))
        return (rows[0][0], rows[0][1]) if rows else None

    async def post_state(self, schedule_id: int, local_date: str) -> tuple[str, bool, int] | None:
        """(quote id, sent, attempts) of the day's claim, if any."""
        rows = await self._all("SELECT quote_id, sent_at IS NOT NULL, attempts FROM daily_posts "
                               "WHERE schedule_id = ? AND local_date = ?", (schedule_id, local_date))
        return (rows[0][0], bool(rows[0][1]), int(rows[0][2])) if rows else None

    async def claim(self, schedule_id: int, local_date: str, pool: Pool, *, owner: str, now: datetime,
                    lease: float) -> str | None:
        """In one transaction: if the day is unclaimed, pick the next quote of the cycle and claim the day.

        Returns the claimed quote id, or None when the day is posted, another process holds a fresh
        claim on it, or nothing matches the filter. A claim never sent (a crash between claim and
        send) is taken over once its lease has run out.
        """
        async with self._write():
            rows = await self._all("SELECT quote_id, sent_at, owner, claimed_at FROM daily_posts "
                                   "WHERE schedule_id = ? AND local_date = ?", (schedule_id, local_date))
            if rows:
                quote_id, sent_at, holder, claimed_at = rows[0]
                age = (now - datetime.fromisoformat(claimed_at)).total_seconds()
                mine = not sent_at and (holder == owner or age >= lease)
                if mine:
                    await self.db.execute("UPDATE daily_posts SET owner = ?, claimed_at = ? WHERE schedule_id = ? "
                                          "AND local_date = ?", (owner, now.isoformat(), schedule_id, local_date))
                return str(quote_id) if mine else None
            quote_id = await self._next_in_cycle(schedule_id, pool)
            if quote_id is not None:
                await self.db.execute("INSERT INTO daily_posts (schedule_id, local_date, quote_id, claimed_at, owner) "
                                      "VALUES (?,?,?,?,?)", (schedule_id, local_date, quote_id, now.isoformat(), owner))
            return quote_id

    async def release(self, schedule_id: int, local_date: str) -> None:
        """Drop an unsent claim whose quote a reload removed, so the day can claim another."""
        async with self._write():
            await self.db.execute("DELETE FROM daily_posts WHERE schedule_id = ? AND local_date = ? AND sent_at IS NULL",
                                  (schedule_id, local_date))

    async def take_next(self, schedule_id: int, pool: Pool) -> str | None:
        """The next quote of the cycle, for an unscheduled post (``/daily now``)."""
        async with self._write():
            return await self._next_in_cycle(schedule_id, pool)

    async def _next_in_cycle(self, schedule_id: int, pool: Pool) -> str | None:
        """Take the next quote of the shuffled cycle; start a new shuffle when it is spent.

        The cycle is filled from the pool only when the index or the filter changed since it was
        last filled; quotes a reload removed are dropped when they come up, not looked for.
        """
        await self._fill(schedule_id, pool)
        for _ in range(2):
            found = await self._draw(schedule_id, pool)
            if found is not None:
                return found
            reshuffled = await self.db.execute("UPDATE daily_cycle SET used = 0, position = abs(random()) "
                                               "WHERE schedule_id = ?", (schedule_id,))
            if reshuffled.rowcount == 0:
                return None
        return None

    async def _fill(self, schedule_id: int, pool: Pool) -> None:
        rows = await self._all("SELECT filter, version FROM daily_cycle_sync WHERE schedule_id = ?", (schedule_id,))
        if rows and tuple(rows[0]) == (pool.filter_key, pool.version):
            return
        if rows and rows[0][0] != pool.filter_key:  # a new filter starts a new cycle
            await self.db.execute("DELETE FROM daily_cycle WHERE schedule_id = ?", (schedule_id,))
        # New quotes join the current cycle at random places; those already in it keep theirs.
        await self.db.execute(f"INSERT OR IGNORE INTO daily_cycle (schedule_id, quote_id, position, used) "
                              f"SELECT ?, id, abs(random()), 0 FROM ({pool.query})", (schedule_id, *pool.params))
        await self.db.execute("INSERT INTO daily_cycle_sync (schedule_id, filter, version) VALUES (?,?,?) "
                              "ON CONFLICT (schedule_id) DO UPDATE SET filter = excluded.filter, "
                              "version = excluded.version", (schedule_id, pool.filter_key, pool.version))

    async def _draw(self, schedule_id: int, pool: Pool) -> str | None:
        """The first unused quote of the cycle that the pool still holds, marked used; stale ones are dropped."""
        while True:
            ids = [str(r[0]) for r in await self._all(
                "SELECT quote_id FROM daily_cycle WHERE schedule_id = ? AND used = 0 ORDER BY position LIMIT ?",
                (schedule_id, _DRAW_BATCH))]
            if not ids:
                return None
            marks = ",".join("?" * len(ids))
            alive = {str(r[0]) for r in await self._all(f"SELECT id FROM ({pool.query}) WHERE id IN ({marks})",
                                                         (*pool.params, *ids))}
            stale = ids[: next((n for n, i in enumerate(ids) if i in alive), len(ids))]
            if stale:
                await self.db.execute(f"DELETE FROM daily_cycle WHERE schedule_id = ? AND quote_id IN "
                                      f"({','.join('?' * len(stale))})", (schedule_id, *stale))
            if len(stale) < len(ids):
                chosen = ids[len(stale)]
                await self.db.execute("UPDATE daily_cycle SET used = 1 WHERE schedule_id = ? AND quote_id = ?",
                                      (schedule_id, chosen))
                return chosen

    async def mark_sent(self, schedule_id: int, local_date: str, owner: str) -> bool:
        """Record the post in its claim row; False when the claim was no longer ours (its lease ran out)."""
        async with self._write():
            done = await self.db.execute("UPDATE daily_posts SET sent_at = ?, attempts = attempts + 1, last_error = '' "
                                         "WHERE schedule_id = ? AND local_date = ? AND owner = ? AND sent_at IS NULL",
                                         (_now(), schedule_id, local_date, owner))
        return done.rowcount == 1

    async def mark_failed(self, schedule_id: int, local_date: str, error: str, owner: str = "") -> int:
        """Record a failed attempt in the claim row; returns the attempts made so far."""
        async with self._write():
            await self.db.execute("UPDATE daily_posts SET attempts = attempts + 1, last_error = ? "
                                  "WHERE schedule_id = ? AND local_date = ? AND sent_at IS NULL AND (? = '' OR owner = ?)",
                                  (error[:200], schedule_id, local_date, owner, owner))
        state = await self.post_state(schedule_id, local_date)
        return state[2] if state else 0
