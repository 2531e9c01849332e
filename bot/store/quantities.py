"""Which quotes state a given quantity: the facts table looked up by normalised value."""

from __future__ import annotations

import aiosqlite

from .reader import _QUOTE_WIDTH, QUOTE_COLUMNS, QuoteRow, _quote


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


async def facts_of(db: aiosqlite.Connection, g: int, ids: list[str], kinds: tuple[str, ...] = ()) -> list[tuple[QuoteRow, tuple]]:
    """Every fact these quotes state, as ``IndexReader.search_facts`` returns them (rank 0)."""
    if not ids:
        return []
    p = f"g{g}_"
    where = f" AND x.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    sql = (f"SELECT {QUOTE_COLUMNS}, 0.0, x.kind, x.value, x.unit, x.quantity, x.subject FROM {p}facts x "
           f"JOIN {p}quotes q ON q.id = x.quote JOIN {p}paragraphs p ON p.doc = q.doc AND p.n = q.paragraph "
           f"WHERE x.quote IN ({','.join('?' * len(ids))}){where} ORDER BY x.rowid")
    async with db.execute(sql, (*ids, *kinds)) as cur:
        return [(_quote(tuple(r[:_QUOTE_WIDTH + 1])), tuple(r[_QUOTE_WIDTH + 1:])) for r in await cur.fetchall()]


async def commonness(db: aiosqlite.Connection, g: int, facts: list[tuple[str, float]], cap: int = 1000) -> dict[tuple[str, float], int]:
    """How many facts of the index state each (kind, value), counted up to ``cap``: "the first time" is everywhere."""
    out: dict[tuple[str, float], int] = {}
    for kind, value in dict.fromkeys(facts):
        sql = (f"SELECT count(*) FROM (SELECT 1 FROM g{g}_facts WHERE value BETWEEN ? AND ? AND kind = ? LIMIT ?)")
        d = 1e-6 * max(1.0, abs(value))
        async with db.execute(sql, (value - d, value + d, kind, cap)) as cur:
            row = await cur.fetchone()
        out[(kind, value)] = int(row[0]) if row else 0
    return out
