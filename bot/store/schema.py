"""The SQLite schema: versioned migrations for lasting tables, and one set of tables per
index generation so that a rebuild is swapped in atomically by changing one pointer."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

import aiosqlite

from ..errors import StoreError

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
    # Schedules are keyed by (platform, workspace, channel): a channel id given in another server or
    # workspace is another schedule, never a takeover of this one. Ids are kept (daily_posts uses them).
    """
    CREATE TABLE schedules_by_workspace (
        id INTEGER PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL,
        local_time TEXT NOT NULL, timezone TEXT NOT NULL, speaker TEXT NOT NULL, topic TEXT NOT NULL,
        enabled INTEGER NOT NULL, paused_reason TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL,
        UNIQUE (platform, workspace, channel)
    );
    INSERT INTO schedules_by_workspace SELECT id, platform, workspace, channel, local_time, timezone, speaker, topic,
        enabled, paused_reason, set_by, set_at FROM schedules;
    DROP TABLE schedules;
    ALTER TABLE schedules_by_workspace RENAME TO schedules;
    """,
    # What each schedule's cycle was last filled from (the filter, and the index version it was read in),
    # so a claim only fills the cycle again after a reload or a new filter, instead of on every claim.
    """
    CREATE TABLE IF NOT EXISTS daily_cycle_sync (
        schedule_id INTEGER PRIMARY KEY, filter TEXT NOT NULL, version TEXT NOT NULL
    );
    """,
    # Whether a schedule posts its quote as an image card too (/daily set … card:true); existing ones post text.
    """
    ALTER TABLE schedules ADD COLUMN card INTEGER NOT NULL DEFAULT 0;
    """,
)


def generation_ddl(g: int) -> str:
    p = f"g{g}_"
    return f"""
    CREATE TABLE {p}documents (
        key TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, url TEXT NOT NULL,
        source_name TEXT NOT NULL, attribution TEXT NOT NULL, description TEXT NOT NULL,
        hash TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        paragraphs INTEGER NOT NULL, warnings TEXT NOT NULL, media TEXT NOT NULL, quotes INTEGER NOT NULL,
        facts INTEGER NOT NULL
    );
    CREATE TABLE {p}paragraphs (
        doc TEXT NOT NULL, n INTEGER NOT NULL, speaker TEXT NOT NULL, role TEXT NOT NULL,
        retranslated INTEGER NOT NULL, text TEXT NOT NULL, line INTEGER NOT NULL, notes TEXT NOT NULL,
        start_at REAL, end_at REAL, page INTEGER, marks TEXT NOT NULL,
        PRIMARY KEY (doc, n)
    ) WITHOUT ROWID;
    CREATE TABLE {p}quotes (
        rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL,
        paragraph INTEGER NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL, quotable REAL NOT NULL,
        start_at REAL, end_at REAL, page INTEGER, line INTEGER
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


GENERATION_TABLES = ("documents", "paragraphs", "quotes", "quotes_fts", "facts", "facts_fts", "errors", "speakers")
DERIVED_TABLES = ("acronyms",)
"""Made from the others after a generation goes live (bot/store/acronyms.py, and the vectors tables that
``vector_tables`` finds): dropped with it, never required for it to serve."""
INDEX_FORMAT = "5"
"""Bumped when generation tables change shape; an older live generation is rebuilt, a newer one refused."""


def describe(exc: BaseException, path: str) -> str:
    """One line for a failure of the database file itself."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"the database {path} is damaged or not a quotebot database ({text}); move it aside or pass another --db"
    if "full" in text or "disk I/O" in text or isinstance(exc, OSError):
        return f"cannot write the database {path} ({text}: is the disk full or the file read-only?)"
    return f"the database {path} failed: {text}"


async def connect(path: str) -> aiosqlite.Connection:
    """A connection in WAL mode; closed again (its thread too) if the file is not a usable database."""
    if os.path.exists(path) and not os.path.isfile(path):
        raise StoreError(f"the database {path} is not a regular file; pass a file path with --db")
    db = await aiosqlite.connect(path, timeout=30)
    try:
        async with db.execute("PRAGMA journal_mode=WAL") as cur:
            row = await cur.fetchone()
        if not row or str(row[0]).lower() != "wal":  # /dev/null and the like take no write-ahead log
            raise StoreError(f"the database {path} is not a regular file that SQLite can keep a log beside")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA busy_timeout=30000")
        # Reads page 1, so a text file fails here. The cursor is closed: a statement left open would hold a read
        # snapshot, and a later BEGIN IMMEDIATE on this connection would fail at once with 'database is locked'.
        async with db.execute("SELECT count(*) FROM sqlite_master") as cur:
            await cur.fetchall()
    except (sqlite3.Error, OSError) as exc:
        await db.close()
        raise StoreError(describe(exc, path)) from None
    except BaseException:
        await db.close()
        raise
    return db


async def connect_with(path: str, tables: tuple[str, ...]) -> aiosqlite.Connection:
    """A connection (see ``connect``) with ``tables`` created where missing; closed again if that fails."""
    db = await connect(path)
    try:
        for table in tables:
            await db.execute(table)
        await db.commit()
    except BaseException:
        await db.close()
        raise
    return db


async def migrate(db: aiosqlite.Connection) -> int:
    """Bring the lasting tables up to date; returns the schema version. A newer schema is refused, never touched."""
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise StoreError(f"this database was written by a newer quotebot (schema {version}, this one knows "
                         f"{len(MIGRATIONS)}); upgrade quotebot or pass another --db")
    for target in range(version, len(MIGRATIONS)):
        await db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[target]} PRAGMA user_version = {target + 1}; COMMIT;")
    return len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class IndexState:
    """Where answers come from: the live generation, its table format, and a counter that every
    change to it (a swap, or an update in place) moves on, so readers know to refresh."""

    live: int | None
    format: str
    version: str
    terms: str = ""
    """fingerprint of the term code the live generation was built with (see writer.terms_fingerprint)"""

    @property
    def newer(self) -> bool:
        return self.live is not None and _format_number(self.format) > _format_number(INDEX_FORMAT)

    @property
    def current(self) -> bool:
        return self.live is not None and self.format == INDEX_FORMAT


def _format_number(value: str) -> int:
    return int(value) if value.isdigit() else 0


async def index_state(db: aiosqlite.Connection) -> IndexState:
    async with db.execute("SELECT key, value FROM meta WHERE key IN "
                          "('live', 'index_format', 'index_version', 'index_terms')") as cur:
        values = {k: v for k, v in await cur.fetchall()}
    live = values.get("live")
    return IndexState(int(live) if live else None, values.get("index_format", ""), values.get("index_version", ""),
                      values.get("index_terms", ""))


def refuse_newer(state: IndexState) -> None:
    if state.newer:
        raise StoreError(f"this index was built by a newer quotebot (index format {state.format}, this one writes "
                         f"{INDEX_FORMAT}); upgrade quotebot or pass another --db")


async def missing_tables(db: aiosqlite.Connection, g: int) -> list[str]:
    names = [f"g{g}_{t}" for t in GENERATION_TABLES]
    async with db.execute(f"SELECT name FROM sqlite_master WHERE name IN ({','.join('?' * len(names))})",
                          names) as cur:
        found = {r[0] for r in await cur.fetchall()}
    return [n for n in names if n not in found]


async def serving_complete(db: aiosqlite.Connection, state: IndexState) -> bool:
    """Whether the live generation is of this format with every table there. Not so after a crash or race of an
    older quotebot, whose live pointer could name a dropped generation: such an index is rebuilt, not served."""
    return state.current and state.live is not None and not await missing_tables(db, state.live)


async def vector_tables(db: aiosqlite.Connection, g: int) -> list[str]:
    """Generation ``g``'s vectors tables: one per sentence model (bot/store/vectors.py), and ``g7_vectors`` of an
    index made before there was one per model."""
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '!'",
                          (f"g{g}!_vectors%",)) as cur:
        return [r[0] for r in await cur.fetchall()]


async def drop_generation(db: aiosqlite.Connection, g: int) -> None:
    for name in [f"g{g}_{table}" for table in GENERATION_TABLES + DERIVED_TABLES] + await vector_tables(db, g):
        await db.execute(f"DROP TABLE IF EXISTS {name}")
    await db.execute("DELETE FROM generations WHERE id = ?", (g,))
    await db.commit()


async def drop_unused(db: aiosqlite.Connection, keep: tuple[int | None, ...]) -> None:
    """Drop generations nobody can be using. Called only under the build lock, so a 'building'
    generation found then was left by a builder that died; 'live' and ``keep`` are never dropped."""
    async with db.execute("SELECT value FROM meta WHERE key = 'live'") as cur:
        row = await cur.fetchone()
    live = int(row[0]) if row else None
    async with db.execute("SELECT id FROM generations WHERE state IN ('retired', 'failed', 'building')") as cur:
        ids = [int(r[0]) for r in await cur.fetchall()]
    for g in ids:
        if g != live and g not in keep:
            await drop_generation(db, g)


async def quote_delta(db: aiosqlite.Connection, old: int | None, new: int) -> tuple[int, int]:
    """(quote ids only in ``new``, quote ids only in ``old``)."""
    counts = []
    for a, b in ((new, old), (old, new)):
        if a is None:
            counts.append(0)
            continue
        sql = f"SELECT count(*) FROM g{a}_quotes" + (f" WHERE id NOT IN (SELECT id FROM g{b}_quotes)" if b else "")
        async with db.execute(sql) as cur:
            row = await cur.fetchone()
        counts.append(int(row[0]) if row else 0)
    return counts[0], counts[1]
