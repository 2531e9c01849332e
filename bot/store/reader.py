"""Read queries against the serving generation. Every method reads one consistent snapshot."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

import aiosqlite

from ..errors import StoreError
from ..text.terms import fts_string, index_text
from .schema import describe

CAP = 1000
"""Most matches a capped query scores: the frequent-term strategy (see bot/search/pruning.py)."""

QUOTE_COLUMNS = "q.id, q.doc, q.paragraph, q.speaker, p.role, p.retranslated, q.text, q.quotable, q.start_at, q.end_at, q.page, q.line"
_QUOTE_WIDTH = QUOTE_COLUMNS.count(",") + 1


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    doc: str
    paragraph: int
    speaker: str
    role: str
    retranslated: bool
    text: str
    quotable: float
    rank: float = 0.0
    start: float | None = None
    """Seconds into the recording where the quote's first word is spoken; None when not timed."""
    end: float | None = None
    page: int | None = None
    line: int | None = None


class DocumentRow(NamedTuple):
    """A tuple, not a dataclass: every document's row is loaded when an index is first read."""

    key: str
    title: str
    date: str
    url: str
    source_name: str
    attribution: str
    hash: str
    size: int
    mtime_ns: int
    paragraphs: int
    media: str = ""


def _quote(row: tuple) -> QuoteRow:
    w = _QUOTE_WIDTH
    return QuoteRow(row[0], row[1], int(row[2]), row[3], row[4], bool(row[5]), row[6], float(row[7]),
                    float(row[w]) if len(row) > w else 0.0, row[8], row[9], row[10], row[11])


class IndexReader:
    """Queries for one generation ``g``; the service makes a new one when the live pointer moves."""

    cap = CAP

    def __init__(self, db: aiosqlite.Connection, g: int, path: str = "") -> None:
        self.db = db
        self.g = g
        self.p = f"g{g}_"
        self.path = path

    async def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            async with self.db.execute(sql, params) as cur:
                return [tuple(row) for row in await cur.fetchall()]
        except sqlite3.DatabaseError as exc:  # a damaged file: one line for the user, not a traceback
            raise StoreError(describe(exc, self.path or "file")) from None

    async def built_at(self) -> str:
        rows = await self._all("SELECT coalesce(built_at, started_at) FROM generations WHERE id = ?", (self.g,))
        return str(rows[0][0]) if rows else ""

    async def documents(self) -> dict[str, DocumentRow]:
        rows = await self._all(f"SELECT key, title, date, url, source_name, attribution, hash, size, mtime_ns, paragraphs, media "
                               f"FROM {self.p}documents")
        return {r[0]: DocumentRow._make(r) for r in rows}

    async def speakers(self) -> list[tuple[str, str, int]]:
        """(speaker, role, quotes) for every speaker and role pairing, counted when the index was built."""
        return await self._all(f"SELECT speaker, role, quotes FROM {self.p}speakers")

    def _speaker_clause(self, speakers: tuple[str, ...] | None) -> tuple[str, tuple]:
        if not speakers:
            return "", ()
        return f" AND q.speaker IN ({','.join('?' * len(speakers))})", tuple(speakers)

    @staticmethod
    def scoped(match: str, speakers: tuple[str, ...] | None) -> str:
        """Words in the quote's text; speakers through the index's own speaker column."""
        expr = f"body : ({match})"
        if speakers:
            expr += " AND who : (" + " OR ".join(fts_string(index_text(s)) for s in speakers) + ")"
        return expr

    def _best(self, table: str, capped: bool, limit: int) -> str:
        """The best ``limit`` rows of a MATCH by BM25, as (rowid, rank); joins come after, on these rows only.

        ``capped`` scores only the newest ``cap`` matches, for words so frequent that scoring all is slow.
        """
        source = f"SELECT rowid, rank FROM {self.p}{table} WHERE {self.p}{table} MATCH ?"
        if capped:
            source = f"SELECT rowid, rank FROM ({source} ORDER BY rowid DESC LIMIT {self.cap})"
        return f"({source} ORDER BY rank LIMIT {int(limit)})"

    async def count_matches(self, match: str, cap: int, table: str = "quotes_fts") -> int:
        """How many rows match (a quote's words, or a fact's), counting no further than ``cap``."""
        if table == "quotes_fts":
            match = self.scoped(match, None)
        rows = await self._all(f"SELECT count(*) FROM (SELECT rowid FROM {self.p}{table} WHERE {self.p}{table} "
                               f"MATCH ? LIMIT ?)", (match, cap))
        return int(rows[0][0])

    async def search_quotes(self, match: str, speakers: tuple[str, ...] | None, limit: int,
                            capped: bool = False) -> list[QuoteRow]:
        """Best quotes by BM25."""
        clause, params = self._speaker_clause(speakers)
        sql = (
            f"SELECT {QUOTE_COLUMNS}, f.rank FROM {self._best('quotes_fts', capped, limit * 3 if speakers else limit)} f "
            f"JOIN {self.p}quotes q ON q.rowid = f.rowid "
            f"JOIN {self.p}paragraphs p ON p.doc = q.doc AND p.n = q.paragraph "
            f"WHERE 1{clause} ORDER BY f.rank LIMIT ?"
        )
        return [_quote(r) for r in await self._all(sql, (self.scoped(match, speakers), *params, limit))]

    async def search_passages(self, match: str, limit: int, capped: bool = False) -> list[tuple[str, int, str, str]]:
        """(doc, paragraph, speaker, paragraph text) of the best-matching quotes' paragraphs, best first."""
        sql = (
            f"SELECT p.doc, p.n, p.speaker, p.text FROM "
            f"(SELECT q.doc, q.paragraph, min(f.rank) AS best FROM {self._best('quotes_fts', capped, limit * 3)} f "
            f"JOIN {self.p}quotes q ON q.rowid = f.rowid "
            f"GROUP BY q.doc, q.paragraph ORDER BY best LIMIT ?) AS hit "
            f"JOIN {self.p}paragraphs p ON p.doc = hit.doc AND p.n = hit.paragraph ORDER BY hit.best"
        )
        return [(r[0], int(r[1]), r[2], r[3]) for r in await self._all(sql, (self.scoped(match, None), limit))]

    def eligible_sql(self, speakers: tuple[str, ...] | None, match: str | None, min_quotable: float) -> tuple[str, tuple]:
        """A subquery of the quote ids a daily schedule may post."""
        clause, params = self._speaker_clause(speakers)
        if match:
            return (f"SELECT q.id FROM {self.p}quotes_fts f JOIN {self.p}quotes q ON q.rowid = f.rowid "
                    f"WHERE {self.p}quotes_fts MATCH ? AND q.quotable >= ?{clause}",
                    (self.scoped(match, None), min_quotable, *params))
        return f"SELECT q.id FROM {self.p}quotes q WHERE q.quotable >= ?{clause}", (min_quotable, *params)

    async def exists(self, sql: str, params: tuple) -> bool:
        return bool(await self._all(f"SELECT 1 FROM ({sql}) LIMIT 1", params))

    async def has_term(self, match: str) -> bool:
        return await self.count_matches(match, 1) > 0

    async def quote(self, quote_id: str) -> QuoteRow | None:
        rows = await self._all(
            f"SELECT {QUOTE_COLUMNS} FROM {self.p}quotes q JOIN {self.p}paragraphs p "
            f"ON p.doc = q.doc AND p.n = q.paragraph WHERE q.id = ?", (quote_id,)
        )
        return _quote(rows[0]) if rows else None

    async def random_quote(self, speakers: tuple[str, ...] | None, min_quotable: float, seed: int) -> QuoteRow | None:
        clause, params = self._speaker_clause(speakers)
        base = (f"SELECT {QUOTE_COLUMNS} FROM {self.p}quotes q JOIN {self.p}paragraphs p "
                f"ON p.doc = q.doc AND p.n = q.paragraph WHERE q.quotable >= ?{clause}")
        top = await self._all(f"SELECT coalesce(max(rowid), 0) FROM {self.p}quotes")
        start = seed % max(1, int(top[0][0])) + 1
        for sql, args in ((base + " AND q.rowid >= ? ORDER BY q.rowid LIMIT 1", (min_quotable, *params, start)),
                          (base + " ORDER BY q.rowid LIMIT 1", (min_quotable, *params))):
            rows = await self._all(sql, args)
            if rows:
                return _quote(rows[0])
        return None

    async def quotes_in(self, doc: str, first: int, last: int) -> list[QuoteRow]:
        return [_quote(r) for r in await self._all(
            f"SELECT {QUOTE_COLUMNS} FROM {self.p}quotes q JOIN {self.p}paragraphs p "
            f"ON p.doc = q.doc AND p.n = q.paragraph WHERE q.doc = ? AND q.paragraph BETWEEN ? AND ? "
            f"ORDER BY q.rowid", (doc, first, last))]

    async def sentence_order(self, places: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, ...]]:
        """The quote ids of each (document, paragraph) in reading order."""
        out: dict[tuple[str, int], list[str]] = {}
        for at in range(0, len(places), 200):
            chunk = list(dict.fromkeys(places[at : at + 200]))
            if not chunk:
                continue
            values = ",".join("(?, ?)" for _ in chunk)
            rows = await self._all(
                f"WITH want(doc, n) AS (VALUES {values}) SELECT q.doc, q.paragraph, q.id FROM want "
                f"JOIN {self.p}quotes q ON q.doc = want.doc AND q.paragraph = want.n ORDER BY q.rowid",
                tuple(x for place in chunk for x in place))
            for doc, n, qid in rows:
                out.setdefault((doc, int(n)), []).append(qid)
        return {k: tuple(v) for k, v in out.items()}

    async def paragraphs(self, doc: str, first: int, last: int) -> list[tuple[int, str, str, bool, str, float | None,
                                                                            float | None, int | None, int]]:
        """(n, speaker, role, retranslated, text, start, end, page, line) of each paragraph in the range."""
        rows = await self._all(
            f"SELECT n, speaker, role, retranslated, text, start_at, end_at, page, line FROM {self.p}paragraphs "
            f"WHERE doc = ? AND n BETWEEN ? AND ? ORDER BY n", (doc, first, last))
        return [(int(r[0]), r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], int(r[8])) for r in rows]

    async def marks(self, doc: str, n: int) -> str:
        """The paragraph's time and line marks (see bot/transcripts/moments.py), "" when it has none."""
        rows = await self._all(f"SELECT marks FROM {self.p}paragraphs WHERE doc = ? AND n = ?", (doc, n))
        return str(rows[0][0]) if rows else ""

    async def search_facts(self, match: str | None, kinds: tuple[str, ...], limit: int,
                           speakers: tuple[str, ...] | None = None, *, capped: bool = False,
                           seed: int = 0) -> list[tuple[QuoteRow, tuple]]:
        """Facts by BM25 over their subject words and sentence; with no match, from a random place."""
        speaker_clause, speaker_params = self._speaker_clause(speakers)
        where = (f" AND x.kind IN ({','.join('?' * len(kinds))})" if kinds else "") + speaker_clause
        head = (f"SELECT {QUOTE_COLUMNS}, {{rank}}, x.kind, x.value, x.unit, x.quantity, x.subject "
                f"FROM {{source}} JOIN {self.p}quotes q ON q.id = x.quote "
                f"JOIN {self.p}paragraphs p ON p.doc = q.doc AND p.n = q.paragraph ")
        if match:
            # A kind or speaker filter applies after ranking, so it sees every row the ranking may keep.
            hits = self._best("facts_fts", capped, self.cap if (kinds or speakers) else limit)
            sql = head.format(rank="f.rank", source=f"{hits} f JOIN {self.p}facts x ON x.rowid = f.rowid")
            sql += f"WHERE 1{where} ORDER BY f.rank LIMIT ?"
            params: tuple = (match, *kinds, *speaker_params, limit)
            return [(_quote(r[:_QUOTE_WIDTH + 1]), tuple(r[_QUOTE_WIDTH + 1:])) for r in await self._all(sql, params)]
        top = int((await self._all(f"SELECT coalesce(max(rowid), 0) FROM {self.p}facts"))[0][0])
        start = seed % max(1, top) + 1
        sql = head.format(rank="0.0", source=f"{self.p}facts x") + f"WHERE x.rowid >= ?{where} ORDER BY x.rowid LIMIT ?"
        rows = await self._all(sql, (start, *kinds, *speaker_params, limit))
        if len(rows) < limit:
            sql = head.format(rank="0.0", source=f"{self.p}facts x") + f"WHERE 1{where} ORDER BY x.rowid LIMIT ?"
            rows += await self._all(sql, (*kinds, *speaker_params, limit - len(rows)))
        return [(_quote(r[:_QUOTE_WIDTH + 1]), tuple(r[_QUOTE_WIDTH + 1:])) for r in rows]

    async def counts(self) -> dict[str, int]:
        """Counted without scanning millions of rows: each document row records its paragraphs, quotes and facts."""
        out = {}
        for name, sql in (
            ("documents", f"SELECT count(*) FROM {self.p}documents WHERE hash != ''"),  # '': a skipped file
            ("paragraphs", f"SELECT coalesce(sum(paragraphs), 0) FROM {self.p}documents"),
            ("quotes", f"SELECT coalesce(sum(quotes), 0) FROM {self.p}documents"),
            ("facts", f"SELECT coalesce(sum(facts), 0) FROM {self.p}documents"),
            ("speakers", f"SELECT count(DISTINCT speaker) FROM {self.p}speakers"),
        ):
            out[name] = int((await self._all(sql))[0][0])
        return out

    async def problems(self) -> list[tuple[str, int, str, bool]]:
        rows = await self._all(f"SELECT source, line, message, fatal FROM {self.p}errors ORDER BY source")
        return [(r[0], int(r[1]), r[2], bool(r[3])) for r in rows]

    async def quote_ids(self) -> set[str]:
        return {r[0] for r in await self._all(f"SELECT id FROM {self.p}quotes")}


def notes(raw: str) -> list[str]:
    return list(json.loads(raw or "[]"))
