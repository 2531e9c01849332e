"""The SQLite schema: versioned migrations for lasting tables, and one set of tables per
index generation so that a rebuild is swapped in atomically by changing one pointer."""

from __future__ import annotations

import aiosqlite

TOKENIZER = "porter unicode61 remove_diacritics 2"

# Each entry upgrades the schema from its index to index + 1. Append; never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS generations (
        id INTEGER PRIMARY KEY, seeds TEXT NOT NULL, started_at TEXT NOT NULL,
        built_at TEXT, state TEXT NOT NULL CHECK (state IN ('building', 'live', 'retired', 'failed'))
    );
    """,
    """
    CREATE TABLE IF NOT EXISTS schedules (
        id INTEGER PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL,
        local_time TEXT NOT NULL, timezone TEXT NOT NULL, speaker TEXT NOT NULL, topic TEXT NOT NULL,
        enabled INTEGER NOT NULL, paused_reason TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL,
        UNIQUE (platform, channel)
    );
    CREATE TABLE IF NOT EXISTS daily_posts (
        schedule_id INTEGER NOT NULL, local_date TEXT NOT NULL, quote_id TEXT NOT NULL, claimed_at TEXT NOT NULL,
        sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '', PRIMARY KEY (schedule_id, local_date)
    );
    CREATE TABLE IF NOT EXISTS daily_cycle (
        schedule_id INTEGER NOT NULL, quote_id TEXT NOT NULL, position INTEGER NOT NULL, used INTEGER NOT NULL,
        PRIMARY KEY (schedule_id, quote_id)
    );
    CREATE INDEX IF NOT EXISTS daily_cycle_next ON daily_cycle (schedule_id, used, position);
    """,
)


def generation_ddl(g: int) -> str:
    p = f"g{g}_"
    return f"""
    CREATE TABLE {p}documents (
        key TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, url TEXT NOT NULL,
        source_name TEXT NOT NULL, attribution TEXT NOT NULL, description TEXT NOT NULL,
        hash TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        paragraphs INTEGER NOT NULL, warnings TEXT NOT NULL
    );
    CREATE TABLE {p}paragraphs (
        doc TEXT NOT NULL, n INTEGER NOT NULL, speaker TEXT NOT NULL, role TEXT NOT NULL,
        retranslated INTEGER NOT NULL, text TEXT NOT NULL, line INTEGER NOT NULL, notes TEXT NOT NULL,
        PRIMARY KEY (doc, n)
    ) WITHOUT ROWID;
    CREATE TABLE {p}quotes (
        rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL,
        paragraph INTEGER NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL, quotable REAL NOT NULL
    );
    CREATE INDEX {p}quotes_para ON {p}quotes (doc, paragraph);
    CREATE INDEX {p}quotes_speaker ON {p}quotes (speaker);
    CREATE VIRTUAL TABLE {p}quotes_fts USING fts5 (body, who, content='', tokenize='{TOKENIZER}');
    INSERT INTO {p}quotes_fts ({p}quotes_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)');
    CREATE TABLE {p}speakers (speaker TEXT NOT NULL, role TEXT NOT NULL, quotes INTEGER NOT NULL);
    CREATE TABLE {p}facts (
        rowid INTEGER PRIMARY KEY, quote TEXT NOT NULL, kind TEXT NOT NULL, value REAL NOT NULL,
        unit TEXT NOT NULL, quantity TEXT NOT NULL, subject TEXT NOT NULL, sentence TEXT NOT NULL
    );
    CREATE INDEX {p}facts_quote ON {p}facts (quote);
    CREATE VIRTUAL TABLE {p}facts_fts USING fts5 (subject, sentence, content='', tokenize='{TOKENIZER}');
    CREATE TABLE {p}errors (source TEXT NOT NULL, line INTEGER NOT NULL, message TEXT NOT NULL,
                            fatal INTEGER NOT NULL);
    """


GENERATION_TABLES = ("documents", "paragraphs", "quotes", "quotes_fts", "facts", "facts_fts", "errors", "speakers", "vectors", "acronyms")
INDEX_FORMAT = "2"
"""Bumped when generation tables change shape; a live generation of another format is rebuilt."""


async def connect(path: str) -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, timeout=30)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    await db.execute("PRAGMA busy_timeout=30000")
    return db


async def migrate(db: aiosqlite.Connection) -> int:
    """Bring the lasting tables up to date; returns the schema version."""
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    version = int(row[0]) if row else 0
    for target in range(version, len(MIGRATIONS)):
        await db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[target]} PRAGMA user_version = {target + 1}; COMMIT;")
    return len(MIGRATIONS)


async def drop_generation(db: aiosqlite.Connection, g: int) -> None:
    for table in GENERATION_TABLES:
        await db.execute(f"DROP TABLE IF EXISTS g{g}_{table}")
    await db.execute("DELETE FROM generations WHERE id = ?", (g,))
    await db.commit()
