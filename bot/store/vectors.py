"""The per-generation tables of sentence vectors: one int8 vector per quote, keyed by quote id.

Keyed by the quote's stable id (not its rowid), so vectors survive any way a generation is
rebuilt: copied from the serving generation for quotes that still exist, encoded for new ones,
dropped for quotes that are gone. The table is filled after the generation goes live, so the
words index serves first; answers use whatever vectors are present. Each sentence model has a table
of its own (``g7_vectors_mpnet``), so switching models never reads one model's vectors as another's.
"""

from __future__ import annotations

import aiosqlite

from .reader import QUOTE_COLUMNS, QuoteRow, _quote
from .schema import vector_tables

TABLE = "vectors"
"""The prefix of every vectors table's name (``schema.vector_tables`` finds them all)."""
DONE = ""
"""The id of the row that marks a generation's vectors complete (no quote id is empty), so a start
need not look for quotes without vectors among millions."""


def table(g: int, model: str) -> str:
    return f"g{g}_{TABLE}_{model}"


def ddl(g: int, model: str) -> str:
    return f"CREATE TABLE IF NOT EXISTS {table(g, model)} (id TEXT PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID"


async def _exists(db: aiosqlite.Connection, name: str) -> bool:
    async with db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) as cur:
        return await cur.fetchone() is not None


async def prepare(db: aiosqlite.Connection, g: int, model: str, previous: int | None) -> None:
    """Create the table, carry over the vectors of quotes ``previous`` already had, drop stale ones."""
    await db.execute(ddl(g, model))
    if previous is not None and previous != g:
        if await _exists(db, table(previous, model)):
            await db.execute(f"INSERT OR IGNORE INTO {table(g, model)} (id, vec) SELECT v.id, v.vec FROM {table(previous, model)} v "
                             f"JOIN g{g}_quotes q ON q.id = v.id")
        await db.execute(f"DELETE FROM {table(g, model)} WHERE id NOT IN (SELECT id FROM g{g}_quotes) AND id != ?", (DONE,))
    await db.commit()


async def _newest_quote(db: aiosqlite.Connection, g: int) -> bytes:
    async with db.execute(f"SELECT coalesce(max(rowid), 0) FROM g{g}_quotes") as cur:
        row = await cur.fetchone()
    return str(row[0] if row else 0).encode()


async def complete(db: aiosqlite.Connection, g: int, model: str) -> bool:
    """Whether every quote had a vector when the fill last finished, and no quote was added since
    (a quote added in place gets a higher rowid than the newest the mark records)."""
    if not await _exists(db, table(g, model)):
        return False
    async with db.execute(f"SELECT vec FROM {table(g, model)} WHERE id = ?", (DONE,)) as cur:
        row = await cur.fetchone()
    return row is not None and bytes(row[0]) == await _newest_quote(db, g)


async def mark_complete(db: aiosqlite.Connection, g: int, model: str) -> None:
    await db.execute(f"INSERT OR REPLACE INTO {table(g, model)} (id, vec) VALUES (?, ?)", (DONE, await _newest_quote(db, g)))
    await db.commit()


async def missing(db: aiosqlite.Connection, g: int, model: str, limit: int) -> list[tuple[str, str]]:
    """(id, text) of quotes that have no vector yet."""
    sql = (f"SELECT q.id, q.text FROM g{g}_quotes q WHERE NOT EXISTS "
           f"(SELECT 1 FROM {table(g, model)} v WHERE v.id = q.id) ORDER BY q.rowid LIMIT ?")
    async with db.execute(sql, (limit,)) as cur:
        return [(r[0], r[1]) for r in await cur.fetchall()]


async def missing_count(db: aiosqlite.Connection, g: int, model: str, cap: int) -> int:
    """How many quotes have no vector yet, counting no further than ``cap``."""
    sql = (f"SELECT count(*) FROM (SELECT 1 FROM g{g}_quotes q WHERE NOT EXISTS "
           f"(SELECT 1 FROM {table(g, model)} v WHERE v.id = q.id) LIMIT ?)")
    async with db.execute(sql, (cap,)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def write(db: aiosqlite.Connection, g: int, model: str, rows: list[tuple[str, bytes]]) -> None:
    await db.executemany(f"INSERT OR REPLACE INTO {table(g, model)} (id, vec) VALUES (?, ?)", rows)
    await db.commit()


async def count(db: aiosqlite.Connection, g: int, model: str) -> int:
    if not await _exists(db, table(g, model)):
        return 0
    async with db.execute(f"SELECT count(*) FROM {table(g, model)} WHERE id != ''") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def load(db: aiosqlite.Connection, g: int, model: str) -> list[tuple[str, bytes]]:
    """(quote id, vector bytes) of every quote with a vector, in id order."""
    if not await _exists(db, table(g, model)):
        return []
    async with db.execute(f"SELECT id, vec FROM {table(g, model)} WHERE id != '' ORDER BY id") as cur:
        return [(r[0], bytes(r[1])) for r in await cur.fetchall()]


async def of(db: aiosqlite.Connection, g: int, model: str, ids: list[str]) -> list[tuple[str, bytes]]:
    """(quote id, vector bytes) of these quotes that have a vector, in id order."""
    if not ids:
        return []
    sql = f"SELECT id, vec FROM {table(g, model)} WHERE id != '' AND id IN ({','.join('?' * len(ids))}) ORDER BY id"
    async with db.execute(sql, tuple(ids)) as cur:
        return [(r[0], bytes(r[1])) for r in await cur.fetchall()]


async def quotes_by_id(db: aiosqlite.Connection, g: int, ids: list[str]) -> dict[str, QuoteRow]:
    """Quote rows for the dense list's candidates (rank left at 0: they carry no BM25 score)."""
    if not ids:
        return {}
    p = f"g{g}_"
    sql = (f"SELECT {QUOTE_COLUMNS} FROM {p}quotes q JOIN {p}paragraphs p ON p.doc = q.doc AND p.n = q.paragraph "
           f"WHERE q.id IN ({','.join('?' * len(ids))})")
    async with db.execute(sql, tuple(ids)) as cur:
        return {r[0]: _quote(tuple(r)) for r in await cur.fetchall()}


async def forget(db: aiosqlite.Connection, g: int, ids: set[str]) -> None:
    """Drop the vectors of quotes an update in place removed, from every model's table, inside the caller's
    transaction."""
    if not ids:
        return
    for name in await vector_tables(db, g):
        await db.executemany(f"DELETE FROM {name} WHERE id = ?", [(i,) for i in sorted(ids)])
