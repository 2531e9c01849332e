"""Which quotes state a given quantity: the facts table looked up by normalised value."""

from __future__ import annotations

import aiosqlite


async def prepare(db: aiosqlite.Connection, g: int) -> None:
    """An index on the facts' values, so a query's numbers find their sentences without a scan."""
    await db.execute(f"CREATE INDEX IF NOT EXISTS g{g}_facts_value ON g{g}_facts (value)")
    await db.commit()


async def quotes_stating(db: aiosqlite.Connection, g: int, values: tuple[float, ...], limit: int = 200) -> set[str]:
    """Ids of quotes with a fact of one of these values (within rounding)."""
    if not values:
        return set()
    clause = " OR ".join("x.value BETWEEN ? AND ?" for _ in values)
    params = tuple(b for v in values for b in (v - 1e-6 * max(1.0, abs(v)), v + 1e-6 * max(1.0, abs(v))))
    async with db.execute(f"SELECT DISTINCT x.quote FROM g{g}_facts x WHERE {clause} LIMIT ?", (*params, limit)) as cur:
        return {r[0] for r in await cur.fetchall()}


async def kinds_stated(db: aiosqlite.Connection, g: int, ids: list[str]) -> dict[str, set[str]]:
    """The fact kinds each of these quotes states."""
    if not ids:
        return {}
    out: dict[str, set[str]] = {}
    sql = f"SELECT quote, kind FROM g{g}_facts WHERE quote IN ({','.join('?' * len(ids))})"
    async with db.execute(sql, tuple(ids)) as cur:
        for quote, kind in await cur.fetchall():
            out.setdefault(quote, set()).add(kind)
    return out
