"""Build one index generation: parse changed files, copy unchanged ones, then swap it live."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import AsyncGenerator, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from ..errors import SeedsError, StoreError
from ..extract.facts import extract_facts
from ..extract.quotes import quotes_of
from ..text.terms import index_text
from ..transcripts.formats.cues import Unreadable
from ..transcripts.load import load_document
from ..transcripts.moments import encode, span_moment
from ..transcripts.scan import SeedFile
from .progress import Progress
from .schema import INDEX_FORMAT, drop_generation, generation_ddl, missing_tables

_log = logging.getLogger(__name__)

BATCH_PARAGRAPHS = 5_000
POOL_FILES = 64
POOL_BYTES = 2_000_000
"""Parse in worker processes when there is enough text to repay starting them; this also keeps
long parsing off the event loop's process, so answers keep flowing during a reload."""


@dataclass(slots=True)
class Rows:
    documents: list[tuple] = field(default_factory=list)
    paragraphs: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    quotes_fts: list[tuple] = field(default_factory=list)
    facts: list[tuple] = field(default_factory=list)
    facts_fts: list[tuple] = field(default_factory=list)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class Extracted:
    """One document's rows, without rowids (those are given out in order by the writer)."""

    key: str
    document: tuple | None = None
    paragraphs: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    """(id, doc, paragraph, speaker, text, quotable, start, end, page, line, text's index terms, speaker's index terms)"""
    facts: list[tuple] = field(default_factory=list)
    """(quote id, kind, value, unit, quantity, subject, sentence, subject index text, sentence index text)"""
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def quote_terms(text: str, speaker: str) -> tuple[str, str]:
    """A quote's full-text columns: its words, and its speaker's."""
    return index_text(text), index_text(speaker)


def subject_terms(subject: str, unit: str) -> str:
    """A fact's first full-text column: the words around the quantity, and its unit (the second is its sentence)."""
    return index_text(subject + " " + unit)


def terms_fingerprint() -> str:
    """A hash of the code that turns text into index terms. Deleting a row from a contentless FTS5 table needs
    the very terms it was inserted with, recomputed from its stored text; an update in place is only safe while
    this code is the one that built the index (else the reload builds a new generation)."""
    from ..text import fold, terms

    digest = hashlib.sha256()
    for module in (terms, fold):
        with contextlib.suppress(OSError, TypeError):
            digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def fact_terms(subject: str, unit: str, sentence: str) -> tuple[str, str]:
    """A fact's full-text columns, recomputed from its stored row: what deleting it from the contentless
    index must be given, and what ``extract`` inserted (a one-sentence quote's words are its sentence's)."""
    return subject_terms(subject, unit), index_text(sentence)


def extract(seed: SeedFile) -> Extracted:
    """Parse one file into rows. Pure and picklable, so it runs in worker processes."""
    out = Extracted(seed.key)
    try:
        doc = load_document(seed.path, seed.key)
    except Unreadable as exc:  # not a transcript we can read: skipped, and said so, but never fatal
        out.warnings = [str(exc).removeprefix(f"{seed.key}: ") + "; skipped"]
        # A row without paragraphs or hash (not counted as a document), so the next reload sees the file
        # unchanged and copies it.
        out.document = (seed.key, seed.key, "", "", "", "", "", "", seed.size, seed.mtime_ns, 0,
                        json.dumps(out.warnings), "", 0, 0)
        return out
    except SeedsError as exc:
        out.error = str(exc).removeprefix(f"{seed.key}: ")
        return out
    out.warnings = doc.warnings
    seen: Counter[str] = Counter()
    for p in doc.paragraphs:
        out.paragraphs.append((doc.key, p.n, p.speaker, p.role, int(p.retranslated), p.text, p.line,
                               json.dumps(list(p.notes)), p.start, p.end, p.page, encode(p.times, p.lines)))
        who = index_text(p.speaker)
        for q in quotes_of(doc.key, p.text, seen):
            body = index_text(q.text)
            moment = span_moment(p.start, p.page, p.times, p.lines, q.start, q.end)
            out.quotes.append((q.id, doc.key, p.n, p.speaker, q.text, q.quotable, *moment, body, who))
            for a, b in q.sentences:
                sentence = p.text[a:b]
                facts = extract_facts(sentence, doc.date)
                if not facts:
                    continue
                # A one-sentence quote is its sentence: its words are already indexed (see fact_terms).
                sentence_terms = body if len(q.sentences) == 1 else index_text(sentence)
                for f in facts:
                    out.facts.append((q.id, f.kind, f.value, f.unit, f.quantity, f.subject, sentence,
                                      subject_terms(f.subject, f.unit), sentence_terms))
    out.document = (doc.key, doc.title, doc.date, doc.url, doc.source_name, doc.attribution, doc.description,
                    doc.content_hash, seed.size, seed.mtime_ns, len(doc.paragraphs), json.dumps(doc.warnings), doc.media,
                    len(out.quotes), len(out.facts))
    return out


def add_rows(ex: Extracted, rows: Rows, next_quote: int, next_fact: int) -> tuple[int, int]:
    """Append an extracted document's rows; returns the next free quote and fact rowids."""
    if ex.document is None:
        return next_quote, next_fact
    rows.documents.append(ex.document)
    rows.paragraphs.extend(ex.paragraphs)
    for *quote, body, who in ex.quotes:
        rows.quotes.append((next_quote, *quote))
        rows.quotes_fts.append((next_quote, body, who))
        next_quote += 1
    for *fact, subject_terms, sentence_terms in ex.facts:
        rows.facts.append((next_fact, *fact))
        rows.facts_fts.append((next_fact, subject_terms, sentence_terms))
        next_fact += 1
    return next_quote, next_fact


def _worker_init(parent: int) -> None:
    """Workers run at a lower priority, so the bot answering beside them keeps the CPU it needs, and end
    with their parent: a ``kill -9`` of the bot mid-build must not leave them running."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)
    _die_with(parent)


def _die_with(parent: int) -> None:
    with contextlib.suppress(OSError, AttributeError):  # Linux: the kernel signals us when the parent dies
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above ran
        os._exit(1)
    # Elsewhere, and as a second line: a thread notices that the parent is gone.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 1.0


IN_FLIGHT = 256
"""Most files extracted ahead of the writer: enough to keep workers busy while a batch is written,
few enough that results waiting their turn stay small."""


async def extract_all(files: list[SeedFile]) -> AsyncGenerator[Extracted, None]:
    """Extract files in order: in worker processes when there are many, else in a thread."""
    if len(files) < POOL_FILES and sum(f.size for f in files) < POOL_BYTES:
        for seed in files:
            yield await asyncio.to_thread(extract, seed)
        return
    loop = asyncio.get_running_loop()
    workers = max(1, min(os.cpu_count() or 1, 8))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init,
                             initargs=(os.getpid(),)) as pool:
        feed = iter(files)
        pending: deque[asyncio.Future[Extracted]] = deque(
            loop.run_in_executor(pool, extract, seed) for seed in itertools.islice(feed, min(workers * 64, IN_FLIGHT)))
        try:
            while pending:
                yield await pending.popleft()
                nxt = next(feed, None)
                if nxt is not None:
                    pending.append(loop.run_in_executor(pool, extract, nxt))
        finally:  # stopped early (a failed write, a cancelled reload): wait for the running files only
            pool.shutdown(wait=False, cancel_futures=True)


async def insert_rows(db: aiosqlite.Connection, g: int, rows: Rows) -> None:
    """Insert a batch of rows, inside whatever transaction the caller has open."""
    p = f"g{g}_"
    await db.executemany(f"INSERT INTO {p}documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows.documents)
    await db.executemany(f"INSERT INTO {p}paragraphs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.paragraphs)
    await db.executemany(f"INSERT INTO {p}quotes VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows.quotes)
    await db.executemany(f"INSERT INTO {p}quotes_fts (rowid, body, who) VALUES (?,?,?)", rows.quotes_fts)
    await db.executemany(f"INSERT INTO {p}facts VALUES (?,?,?,?,?,?,?,?)", rows.facts)
    await db.executemany(f"INSERT INTO {p}facts_fts (rowid, subject, sentence) VALUES (?,?,?)", rows.facts_fts)


async def _flush(db: aiosqlite.Connection, g: int, rows: Rows) -> None:
    await insert_rows(db, g, rows)
    await db.commit()


async def bump_version(db: aiosqlite.Connection) -> None:
    """Move the index's change counter on, inside the caller's transaction: readers refresh what they cache."""
    await db.execute("INSERT INTO meta VALUES ('index_version', '1') ON CONFLICT (key) "
                     "DO UPDATE SET value = CAST(value AS INTEGER) + 1")


async def _max_rowid(db: aiosqlite.Connection, table: str) -> int:
    async with db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _copy_document(db: aiosqlite.Connection, old: int, g: int, key: str, next_quote: int,
                         next_fact: int) -> tuple[int, int]:
    """Carry an unchanged document's rows over from the serving generation; returns the next free rowids."""
    o, n = f"g{old}_", f"g{g}_"
    await db.execute(f"INSERT INTO {n}documents SELECT * FROM {o}documents WHERE key = ?", (key,))
    await db.execute(f"INSERT INTO {n}paragraphs SELECT * FROM {o}paragraphs WHERE doc = ?", (key,))
    await db.execute(f"INSERT INTO {n}errors SELECT * FROM {o}errors WHERE source = ?", (key,))  # its warnings too
    async with db.execute(f"SELECT id, doc, paragraph, speaker, text, quotable, start_at, end_at, page, line "
                          f"FROM {o}quotes WHERE doc = ? ORDER BY rowid", (key,)) as cur:
        quotes = list(await cur.fetchall())
    await db.executemany(f"INSERT INTO {n}quotes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         [(next_quote + i, *r) for i, r in enumerate(quotes)])
    await db.executemany(f"INSERT INTO {n}quotes_fts (rowid, body, who) VALUES (?,?,?)",
                         [(next_quote + i, *quote_terms(r[4], r[3])) for i, r in enumerate(quotes)])
    async with db.execute(f"SELECT f.quote, f.kind, f.value, f.unit, f.quantity, f.subject, f.sentence FROM {o}facts f "
                          f"JOIN {o}quotes q ON q.id = f.quote WHERE q.doc = ? ORDER BY f.rowid", (key,)) as cur:
        facts = list(await cur.fetchall())
    await db.executemany(f"INSERT INTO {n}facts VALUES (?,?,?,?,?,?,?,?)",
                         [(next_fact + i, *r) for i, r in enumerate(facts)])
    await db.executemany(f"INSERT INTO {n}facts_fts (rowid, subject, sentence) VALUES (?,?,?)",
                         [(next_fact + i, *fact_terms(r[5], r[3], r[6])) for i, r in enumerate(facts)])
    return next_quote + len(quotes), next_fact + len(facts)


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
    to_parse = [f for f in files if serving is None or f.key not in reuse]
    try:
        if serving is not None:
            for seed in files:
                if seed.key in reuse:
                    next_quote, next_fact = await _copy_document(db, serving, g, seed.key, next_quote, next_fact)
            await db.commit()
        done = len(files) - len(to_parse)
        async with contextlib.aclosing(extract_all(to_parse)) as extracted:
            async for ex in extracted:
                done += 1
                if ex.error:
                    errors.append((ex.key, 0, ex.error))
                    continue
                warnings.extend((ex.key, 0, w) for w in ex.warnings)
                next_quote, next_fact = add_rows(ex, rows, next_quote, next_fact)
                paragraphs_done += len(ex.paragraphs)
                if len(rows.paragraphs) >= BATCH_PARAGRAPHS:
                    await _flush(db, g, rows)
                    rows = Rows()
                if progress:
                    progress(done, len(files), paragraphs_done)
        await _flush(db, g, rows)
        await db.executemany(f"INSERT INTO g{g}_errors VALUES (?,?,?,?)",
                             [(*e, 1) for e in errors] + [(*w, 0) for w in warnings])
        await db.execute(f"INSERT INTO g{g}_speakers SELECT q.speaker, p.role, count(*) FROM g{g}_quotes q "
                         f"JOIN g{g}_paragraphs p ON p.doc = q.doc AND p.n = q.paragraph GROUP BY q.speaker, p.role")
        await db.execute(f"INSERT INTO g{g}_quotes_fts(g{g}_quotes_fts) VALUES ('optimize')")
        await db.commit()
    except BaseException:
        await _abandon(db, g)
        raise
    quotes = await _max_rowid(db, f"g{g}_quotes")
    return BuildResult(g, errors, warnings, quotes, time.perf_counter() - started)


async def _abandon(db: aiosqlite.Connection, g: int) -> None:
    """Undo a failed build. On a full disk even the drop can fail: the generation stays 'building' and the
    next build (which holds the build lock, so knows its builder is gone) drops it."""
    try:
        await db.rollback()
        await drop_generation(db, g)
    except sqlite3.Error as exc:
        _log.info("could not drop the unfinished index generation %d yet: %s", g, exc)


async def swap_live(db: aiosqlite.Connection, g: int) -> int | None:
    """Make generation ``g`` the serving one in one transaction; returns the one it replaced.

    Refused unless ``g`` is still a complete generation being built: its row says 'building' and every table exists.
    """
    await db.execute("BEGIN IMMEDIATE")
    try:
        async with db.execute("SELECT state FROM generations WHERE id = ?", (g,)) as cur:
            row = await cur.fetchone()
        missing = await missing_tables(db, g)
        if not row or row[0] != "building" or missing:
            raise StoreError(f"index generation {g} is incomplete ({', '.join(missing) or 'not being built'}); "
                             "the serving index was kept")
        async with db.execute("SELECT value FROM meta WHERE key = 'live'") as cur:
            row = await cur.fetchone()
    except BaseException:
        await db.rollback()
        raise
    old = int(row[0]) if row else None
    await bump_version(db)
    await db.execute("INSERT OR REPLACE INTO meta VALUES ('live', ?)", (str(g),))
    await db.execute("INSERT OR REPLACE INTO meta VALUES ('index_format', ?)", (INDEX_FORMAT,))
    await db.execute("INSERT OR REPLACE INTO meta VALUES ('index_terms', ?)", (terms_fingerprint(),))
    await db.execute("UPDATE generations SET state = 'live', built_at = ? WHERE id = ?", (now(), g))
    if old is not None:
        await db.execute("UPDATE generations SET state = 'retired' WHERE id = ?", (old,))
    await db.commit()
    return old
