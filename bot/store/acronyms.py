"""The per-generation table of acronyms the transcripts teach (see bot/text/acronyms.py)."""

from __future__ import annotations

import aiosqlite

from ..text.acronyms import definitions
from ..text.terms import index_text

TABLE = "acronyms"
BATCH = 5_000


async def prepare(db: aiosqlite.Connection, g: int) -> None:
    """Learn generation ``g``'s acronyms once, from its quotes (short and long forms as index words)."""
    async with db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (f"g{g}_{TABLE}",)) as cur:
        if await cur.fetchone():
            return
    await db.execute(f"CREATE TABLE g{g}_{TABLE} (short TEXT NOT NULL, long TEXT NOT NULL, PRIMARY KEY (short, long)) "
                     "WITHOUT ROWID")
    last = 0
    while True:
        async with db.execute(f"SELECT rowid, text FROM g{g}_quotes WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, BATCH)) as cur:
            rows = list(await cur.fetchall())
        if not rows:
            break
        last = rows[-1][0]
        pairs = {(index_text(short), index_text(long)) for _, text in rows for short, long in definitions(text)}
        await db.executemany(f"INSERT OR IGNORE INTO g{g}_{TABLE} (short, long) VALUES (?, ?)", sorted(pairs))
    await db.commit()


async def learn(db: aiosqlite.Connection, g: int, texts: list[str]) -> None:
    """Add the acronyms new quotes define (an update in place), inside the caller's transaction; learned
    only where the generation's table exists (``prepare`` makes it after a build)."""
    async with db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (f"g{g}_{TABLE}",)) as cur:
        if not await cur.fetchone():
            return
    pairs = {(index_text(short), index_text(long)) for text in texts for short, long in definitions(text)}
    await db.executemany(f"INSERT OR IGNORE INTO g{g}_{TABLE} (short, long) VALUES (?, ?)", sorted(pairs))


async def expansions(db: aiosqlite.Connection, g: int, shorts: list[str]) -> dict[str, tuple[str, ...]]:
    """Long forms of these acronyms (index words), where the transcripts give any."""
    if not shorts:
        return {}
    out: dict[str, list[str]] = {}
    try:
        async with db.execute(f"SELECT short, long FROM g{g}_{TABLE} WHERE short IN ({','.join('?' * len(shorts))})",
                              tuple(shorts)) as cur:
            for short, long in await cur.fetchall():
                out.setdefault(short, []).append(long)
    except aiosqlite.OperationalError:  # built before acronyms were learned: none known
        return {}
    return {k: tuple(v) for k, v in out.items()}
