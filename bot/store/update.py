"""Apply a change of a few files to the live generation in place, in one write transaction.

FTS5 re-tokenises whatever is inserted, so copying unchanged rows into a new generation costs
as much as building it. Here only the changed documents' rows are deleted and inserted; readers
in WAL mode see the index before the commit or after it, never half of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from dataclasses import dataclass, field

import aiosqlite

from ..transcripts.scan import SeedFile
from . import acronyms, vectors
from .progress import Progress
from .writer import Extracted, Rows, add_rows, bump_version, extract_all, fact_terms, insert_rows, now, quote_terms

_KEYS = "(SELECT value FROM json_each(?))"
"""A list of keys passed as one JSON parameter: any number of documents in one statement."""


@dataclass(slots=True)
class UpdateResult:
    applied: bool
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)
    quotes_added: int = 0
    quotes_removed: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class _Old:
    """What deleting the replaced documents needs: the full-text values they were indexed with."""

    quote_ids: set[str]
    speakers: set[str]
    quotes_fts: list[tuple]
    facts_fts: list[tuple]


async def _all(db: aiosqlite.Connection, sql: str, params: tuple = ()) -> list[tuple]:
    async with db.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


def _old_terms(quotes: list[tuple], facts: list[tuple]) -> _Old:
    """Recompute the indexed values from the stored rows (CPU work: run in a thread)."""
    return _Old({q[1] for q in quotes}, {q[3] for q in quotes},
                [(rowid, *quote_terms(text, speaker)) for rowid, _, text, speaker in quotes],
                [(rowid, *fact_terms(subject, unit, sentence)) for rowid, subject, unit, sentence in facts])


async def _read_old(db: aiosqlite.Connection, p: str, replaced: str) -> _Old:
    quotes = await _all(db, f"SELECT rowid, id, text, speaker FROM {p}quotes WHERE doc IN {_KEYS}", (replaced,))
    facts = await _all(db, f"SELECT f.rowid, f.subject, f.unit, f.sentence FROM {p}facts f JOIN {p}quotes q "
                           f"ON q.id = f.quote WHERE q.doc IN {_KEYS}", (replaced,))
    return await asyncio.to_thread(_old_terms, quotes, facts)


def _new_rows(extracted: list[Extracted], next_quote: int, next_fact: int) -> Rows:
    rows = Rows()
    for ex in extracted:
        next_quote, next_fact = add_rows(ex, rows, next_quote, next_fact)
    return rows


async def _delete(db: aiosqlite.Connection, p: str, replaced: str, old: _Old) -> None:
    await db.executemany(f"INSERT INTO {p}quotes_fts ({p}quotes_fts, rowid, body, who) VALUES ('delete', ?, ?, ?)",
                         old.quotes_fts)
    await db.executemany(f"INSERT INTO {p}facts_fts ({p}facts_fts, rowid, subject, sentence) "
                         f"VALUES ('delete', ?, ?, ?)", old.facts_fts)
    await db.execute(f"DELETE FROM {p}facts WHERE quote IN (SELECT id FROM {p}quotes WHERE doc IN {_KEYS})",
                     (replaced,))
    for table, column in (("quotes", "doc"), ("paragraphs", "doc"), ("documents", "key")):
        await db.execute(f"DELETE FROM {p}{table} WHERE {column} IN {_KEYS}", (replaced,))


async def _errors(db: aiosqlite.Connection, p: str, present: set[str], touched: list[str],
                  warnings: list[tuple[str, int, str]]) -> None:
    """The changed files' warnings replace their old ones; problems of files no longer there go."""
    sources = {r[0] for r in await _all(db, f"SELECT DISTINCT source FROM {p}errors")}
    gone = sorted(s for s in sources if s not in present) + touched
    await db.execute(f"DELETE FROM {p}errors WHERE source IN {_KEYS}", (json.dumps(gone),))
    await db.executemany(f"INSERT INTO {p}errors VALUES (?,?,?,0)", warnings)


async def _speakers(db: aiosqlite.Connection, p: str, names: set[str]) -> None:
    """Recount only the speakers whose quotes changed."""
    keys = json.dumps(sorted(names))
    await db.execute(f"DELETE FROM {p}speakers WHERE speaker IN {_KEYS}", (keys,))
    await db.execute(f"INSERT INTO {p}speakers SELECT q.speaker, p.role, count(*) FROM {p}quotes q "
                     f"JOIN {p}paragraphs p ON p.doc = q.doc AND p.n = q.paragraph "
                     f"WHERE q.speaker IN {_KEYS} GROUP BY q.speaker, p.role", (keys,))


async def _max_rowid(db: aiosqlite.Connection, table: str) -> int:
    return int((await _all(db, f"SELECT coalesce(max(rowid), 0) FROM {table}"))[0][0])


async def update_in_place(db: aiosqlite.Connection, g: int, changed: list[SeedFile], removed: tuple[str, ...],
                          present: set[str], progress: Progress | None = None) -> UpdateResult:
    """Replace the rows of ``changed`` files and drop those of ``removed`` ones in generation ``g``.

    Every file is parsed (in worker processes or a thread) before the write transaction begins; the
    transaction is rolled back, leaving the index as it was, if a file fails, no quote would remain or
    an id would repeat.
    """
    started = time.perf_counter()
    extracted: list[Extracted] = []
    paragraphs = 0
    async with contextlib.aclosing(extract_all(changed)) as results:
        async for ex in results:
            extracted.append(ex)
            paragraphs += len(ex.paragraphs)
            if progress:
                progress(len(extracted), len(changed), paragraphs)
    result = UpdateResult(False, errors=[(ex.key, 0, ex.error) for ex in extracted if ex.error],
                          warnings=[(ex.key, 0, w) for ex in extracted for w in ex.warnings])
    if result.errors:
        return result
    p = f"g{g}_"
    touched = sorted({f.key for f in changed} | set(removed))
    replaced = json.dumps(touched)
    await db.execute("BEGIN IMMEDIATE")
    try:
        old = await _read_old(db, p, replaced)
        rows = await asyncio.to_thread(_new_rows, extracted, await _max_rowid(db, f"{p}quotes") + 1,
                                       await _max_rowid(db, f"{p}facts") + 1)
        await _delete(db, p, replaced, old)
        await insert_rows(db, g, rows)
        await _errors(db, p, present, touched, result.warnings)
        await _speakers(db, p, old.speakers | {q[4] for q in rows.quotes})
        # What is derived from the quotes follows them: vectors of quotes gone, acronyms new ones define
        # (the new quotes' vectors are encoded by the next fill: they are missing, so it finds them).
        await vectors.forget(db, g, old.quote_ids - {q[1] for q in rows.quotes})
        await acronyms.learn(db, g, [q[5] for q in rows.quotes])
        if not await _all(db, f"SELECT 1 FROM {p}quotes LIMIT 1"):
            await db.rollback()
            result.errors.append(("", 0, "no quotes would remain; keeping the current index"))
            return result
        await bump_version(db)
        await db.execute("UPDATE generations SET built_at = ? WHERE id = ?", (now(), g))
        await db.commit()
    except sqlite3.IntegrityError as exc:
        await db.rollback()
        result.errors.append(("", 0, f"two quotes would share an id ({exc}); keeping the current index"))
        return result
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # on a full disk the rollback can fail too; SQLite undoes it then
            await db.rollback()
        raise
    new_ids = {q[1] for q in rows.quotes}
    result.applied = True
    result.quotes_added = len(new_ids - old.quote_ids)
    result.quotes_removed = len(old.quote_ids - new_ids)
    result.seconds = time.perf_counter() - started
    return result


async def record_mtimes(db: aiosqlite.Connection, g: int, touched: list[tuple[str, int]]) -> None:
    """Files whose mtime moved but whose bytes did not: remember the new mtime, so they stop looking changed."""
    if touched:
        await db.execute("BEGIN IMMEDIATE")
        await db.executemany(f"UPDATE g{g}_documents SET mtime_ns = ? WHERE key = ?", [(m, k) for k, m in touched])
        await bump_version(db)
        await db.commit()
