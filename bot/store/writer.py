"""Build one index generation: parse changed files, copy unchanged ones, then swap it live."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import aiosqlite

from ..errors import SeedsError
from ..extract.facts import extract_facts
from ..extract.quotes import quotes_of
from ..text.sentences import split_spans
from ..text.terms import index_text
from ..transcripts.model import Document
from ..transcripts.parser import parse_document
from ..transcripts.reader import read_transcript
from ..transcripts.scan import SeedFile
from .schema import drop_generation, generation_ddl

_log = logging.getLogger(__name__)
BATCH_PARAGRAPHS = 5_000

Progress = Callable[[int, int, int], None]
"""Called with (documents done, documents in all, paragraphs done)."""


@dataclass(slots=True)
class Rows:
    documents: list[tuple] = field(default_factory=list)
    paragraphs: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    quotes_fts: list[tuple] = field(default_factory=list)
    facts: list[tuple] = field(default_factory=list)
    facts_fts: list[tuple] = field(default_factory=list)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def document_rows(doc: Document, seed: SeedFile, rows: Rows, next_quote: int, next_fact: int) -> tuple[int, int]:
    """Append a parsed document's rows; returns the next free quote and fact rowids."""
    rows.documents.append((doc.key, doc.title, doc.date, doc.url, doc.source_name, doc.attribution,
                           doc.description, doc.content_hash, seed.size, seed.mtime_ns,
                           len(doc.paragraphs), json.dumps(doc.warnings)))
    seen: Counter[str] = Counter()
    for p in doc.paragraphs:
        rows.paragraphs.append((doc.key, p.n, p.speaker, p.role, int(p.retranslated), p.text, p.line,
                                json.dumps(list(p.notes))))
        for q in quotes_of(doc.key, p.text, seen):
            rows.quotes.append((next_quote, q.id, doc.key, p.n, p.speaker, q.text, q.quotable))
            rows.quotes_fts.append((next_quote, index_text(q.text)))
            next_quote += 1
            for a, b in split_spans(q.text):
                sentence = q.text[a:b]
                for f in extract_facts(sentence, doc.date):
                    rows.facts.append((next_fact, q.id, f.kind, f.value, f.unit, f.quantity, f.subject, sentence))
                    rows.facts_fts.append((next_fact, index_text(f.subject + " " + f.unit), index_text(sentence)))
                    next_fact += 1
    return next_quote, next_fact


def parse_seed(seed: SeedFile) -> Document:
    return parse_document(read_transcript(seed.path, seed.key), seed.key)


async def _flush(db: aiosqlite.Connection, g: int, rows: Rows) -> None:
    p = f"g{g}_"
    await db.executemany(f"INSERT INTO {p}documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.documents)
    await db.executemany(f"INSERT INTO {p}paragraphs VALUES (?,?,?,?,?,?,?,?)", rows.paragraphs)
    await db.executemany(f"INSERT INTO {p}quotes VALUES (?,?,?,?,?,?,?)", rows.quotes)
    await db.executemany(f"INSERT INTO {p}quotes_fts (rowid, body) VALUES (?,?)", rows.quotes_fts)
    await db.executemany(f"INSERT INTO {p}facts VALUES (?,?,?,?,?,?,?,?)", rows.facts)
    await db.executemany(f"INSERT INTO {p}facts_fts (rowid, subject, sentence) VALUES (?,?,?)", rows.facts_fts)
    await db.commit()


async def _max_rowid(db: aiosqlite.Connection, table: str) -> int:
    async with db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _copy_document(db: aiosqlite.Connection, old: int, g: int, key: str) -> None:
    """Carry an unchanged document's rows over from the serving generation."""
    o, n = f"g{old}_", f"g{g}_"
    q_off = await _max_rowid(db, f"{n}quotes")
    f_off = await _max_rowid(db, f"{n}facts")
    await db.execute(f"INSERT INTO {n}documents SELECT * FROM {o}documents WHERE key = ?", (key,))
    await db.execute(f"INSERT INTO {n}paragraphs SELECT * FROM {o}paragraphs WHERE doc = ?", (key,))
    async with db.execute(f"SELECT rowid, id, doc, paragraph, speaker, text, quotable FROM {o}quotes WHERE doc = ? ORDER BY rowid", (key,)) as cur:
        quotes = await cur.fetchall()
    mapping = {row[1]: q_off + i + 1 for i, row in enumerate(quotes)}
    await db.executemany(f"INSERT INTO {n}quotes VALUES (?,?,?,?,?,?,?)",
                         [(mapping[r[1]], *r[1:]) for r in quotes])
    await db.executemany(f"INSERT INTO {n}quotes_fts (rowid, body) VALUES (?,?)",
                         [(mapping[r[1]], index_text(r[5])) for r in quotes])
    async with db.execute(f"SELECT f.quote, f.kind, f.value, f.unit, f.quantity, f.subject, f.sentence FROM {o}facts f "
                          f"JOIN {o}quotes q ON q.id = f.quote WHERE q.doc = ? ORDER BY f.rowid", (key,)) as cur:
        facts = await cur.fetchall()
    await db.executemany(f"INSERT INTO {n}facts VALUES (?,?,?,?,?,?,?,?)",
                         [(f_off + i + 1, *r) for i, r in enumerate(facts)])
    await db.executemany(f"INSERT INTO {n}facts_fts (rowid, subject, sentence) VALUES (?,?,?)",
                         [(f_off + i + 1, index_text(r[5] + " " + r[3]), index_text(r[6])) for i, r in enumerate(facts)])


@dataclass(slots=True)
class BuildResult:
    generation: int
    errors: list[tuple[str, int, str]]
    warnings: list[tuple[str, int, str]]
    quotes: int
    seconds: float


async def build_generation(
    db: aiosqlite.Connection,
    seeds_label: str,
    files: Iterable[SeedFile],
    *,
    reuse: dict[str, str],
    serving: int | None,
    progress: Progress | None = None,
) -> BuildResult:
    """Write a new generation beside the serving one. ``reuse`` maps key -> hash of unchanged files."""
    started = time.perf_counter()
    files = list(files)
    async with db.execute("INSERT INTO generations (seeds, started_at, state) VALUES (?, ?, 'building')",
                          (seeds_label, now())) as cur:
        g = int(cur.lastrowid or 0)
    await db.executescript(f"BEGIN; {generation_ddl(g)} COMMIT;")
    errors: list[tuple[str, int, str]] = []
    warnings: list[tuple[str, int, str]] = []
    rows = Rows()
    next_quote, next_fact, paragraphs_done = 1, 1, 0
    try:
        for i, seed in enumerate(files, start=1):
            if serving is not None and seed.key in reuse:
                await _flush(db, g, rows)
                rows = Rows()
                await _copy_document(db, serving, g, seed.key)
                next_quote = await _max_rowid(db, f"g{g}_quotes") + 1
                next_fact = await _max_rowid(db, f"g{g}_facts") + 1
            else:
                try:
                    doc = await asyncio.to_thread(parse_seed, seed)
                except SeedsError as exc:
                    errors.append((seed.key, 0, str(exc).removeprefix(f"{seed.key}: ")))
                    continue
                warnings.extend((seed.key, 0, w) for w in doc.warnings)
                next_quote, next_fact = await asyncio.to_thread(document_rows, doc, seed, rows, next_quote, next_fact)
                paragraphs_done += len(doc.paragraphs)
            if len(rows.paragraphs) >= BATCH_PARAGRAPHS:
                await _flush(db, g, rows)
                rows = Rows()
            if progress:
                progress(i, len(files), paragraphs_done)
        await _flush(db, g, rows)
        await db.executemany(f"INSERT INTO g{g}_errors VALUES (?,?,?,?)",
                             [(*e, 1) for e in errors] + [(*w, 0) for w in warnings])
        await db.execute(f"INSERT INTO g{g}_quotes_fts(g{g}_quotes_fts) VALUES ('optimize')")
        await db.commit()
    except BaseException:
        await db.rollback()
        await drop_generation(db, g)
        raise
    quotes = await _max_rowid(db, f"g{g}_quotes")
    return BuildResult(g, errors, warnings, quotes, time.perf_counter() - started)


async def swap_live(db: aiosqlite.Connection, g: int) -> int | None:
    """Make generation ``g`` the serving one in one transaction; returns the one it replaced."""
    await db.execute("BEGIN IMMEDIATE")
    async with db.execute("SELECT value FROM meta WHERE key = 'live'") as cur:
        row = await cur.fetchone()
    old = int(row[0]) if row else None
    await db.execute("INSERT OR REPLACE INTO meta VALUES ('live', ?)", (str(g),))
    await db.execute("UPDATE generations SET state = 'live', built_at = ? WHERE id = ?", (now(), g))
    if old is not None:
        await db.execute("UPDATE generations SET state = 'retired' WHERE id = ?", (old,))
    await db.commit()
    return old
