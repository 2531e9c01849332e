"""The core service: the one object adapters talk to. Async methods in, frozen data out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import aiosqlite

from .config import Settings
from .daily.commands import DailyCommands
from .daily.scheduler import DailyScheduler
from .daily.store import DailyStore
from .errors import NotFoundError, SeedsError, UsageError
from .models import (
    Citation,
    Context,
    Difference,
    Excerpt,
    Fact,
    FileError,
    ReloadReport,
    SearchResult,
    Stats,
    Verdict,
)
from .search.blend import ASKED_KIND, STATES_VALUE, Candidate, blend, weigh
from .search.loose import changed_number, reported
from .search.pruning import Plan, plan
from .search.query import ParsedQuery, build_match, clean, parse, prefix
from .search.ranking import concepts, matched_terms, rerank
from .search.shape import meaning_text, shape_of
from .search.verifier import Passage, best_quote, decide
from .semantic.searcher import Probe, Semantic
from .speakers import SpeakerDirectory
from .store import acronyms, quantities, vectors
from .store.progress import LogProgress, Progress
from .store.reader import DocumentRow, IndexReader, QuoteRow
from .store.schema import INDEX_FORMAT, connect, drop_generation, migrate
from .text.terms import STOPWORDS, fts_string, index_terms
from .transcripts.scan import scan

_log = logging.getLogger(__name__)
_QUOTE_ID = re.compile(r"^[a-z2-7]{12}$")
SEARCH_CANDIDATES = 30
"""BM25 candidates re-ranked per search; enough for paging through the first pages."""
VERIFY_CANDIDATES = 20
"""Passages the index shortlists for a claim; only these are aligned with fuzzy matching."""
DENSE_CANDIDATES = 50
"""Quotes nearest in meaning added to the words list's candidates (over the whole index)."""
MEANING_FLOOR = 0.3
"""Least cosine for a quote found by meaning alone: unrelated sentences score about 0 to 0.2 with this model."""
ENOUGH_WHOLE_MATCHES = 5
"""Quotes holding every word of a short query that make meaning-only candidates unnecessary."""
VERIFY_NEAREST = 10
"""Quotes nearest a loosely worded claim in meaning that are checked for a changed number."""
FACT_KINDS = ("money", "percent", "count", "ordinal", "year", "date", "duration")


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Everything served from one index generation; replaced whole when the live pointer moves."""

    reader: IndexReader
    documents: dict[str, DocumentRow]
    speakers: SpeakerDirectory
    built_at: str


def _candidate(row: QuoteRow, words: float, groups: list[tuple[str, ...]]) -> Candidate:
    hits, share = matched_terms(row.text, groups)
    return Candidate(row, words, share, hits)


class QuoteService:
    def __init__(self, settings: Settings, db: aiosqlite.Connection) -> None:
        self.settings = settings
        self._db = db
        self._snap: _Snapshot | None = None
        self._reload_lock = asyncio.Lock()
        self._reloading: asyncio.Task[ReloadReport] | None = None
        self._rng = random.Random()
        self.semantic = Semantic(settings.semantic, str(settings.db))
        self.daily = DailyScheduler(self, DailyStore(db), grace=timedelta(hours=settings.daily_grace_hours))
        self.daily_commands = DailyCommands(self.daily)

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    async def open(cls, settings: Settings, *, progress: Progress | None = None, build: bool = True) -> QuoteService:
        try:
            settings.db.parent.mkdir(parents=True, exist_ok=True)
            db = await connect(str(settings.db))
            await migrate(db)
        except (OSError, aiosqlite.Error) as exc:
            raise SeedsError(f"cannot open the database {settings.db}: {exc}") from None
        service = cls(settings, db)
        if build:
            try:
                await service.reload(progress=progress)
            except BaseException:
                await db.close()
                raise
        return service

    async def close(self) -> None:
        await self.daily.stop()
        await self.semantic.stop()
        await self._db.close()

    @property
    def db(self) -> aiosqlite.Connection:
        """The shared connection, for other stores of the core (schedules) to use."""
        return self._db

    async def _live(self) -> int | None:
        async with self._db.execute("SELECT value FROM meta WHERE key = 'live'") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else None

    async def _snapshot(self) -> _Snapshot:
        g = await self._live()
        if g is None:
            raise SeedsError("No transcripts are indexed yet; run `quotebot index`.")
        if self._snap is None or self._snap.reader.g != g:
            reader = IndexReader(self._db, g)
            async with self._db.execute("SELECT coalesce(built_at, started_at) FROM generations WHERE id = ?", (g,)) as cur:
                row = await cur.fetchone()
            self._snap = _Snapshot(reader, await reader.documents(), SpeakerDirectory.from_rows(await reader.speakers()),
                                   str(row[0]) if row else "")
        return self._snap

    # -- rendering helpers ------------------------------------------------------------------

    def _citation(self, snap: _Snapshot, row: QuoteRow, quote_id: str | None = None) -> Citation:
        doc = snap.documents.get(row.doc)
        return Citation(speaker=row.speaker, role=row.role, retranslated=row.retranslated,
                        document=doc.title if doc else row.doc, source=row.doc, paragraph=row.paragraph,
                        quote_id=quote_id or row.id, date=doc.date if doc else "", url=doc.url if doc else "")

    def _excerpt(self, snap: _Snapshot, row: QuoteRow, score: float = 0.0, terms: tuple[str, ...] = ()) -> Excerpt:
        return Excerpt(row.id, row.text, self._citation(snap, row), score, terms)

    async def _speakers(self, snap: _Snapshot, speaker: str | None) -> tuple[str, ...] | None:
        return snap.speakers.resolve(speaker) or None if speaker else None

    # -- queries ----------------------------------------------------------------------------

    async def _backoff(self, snap: _Snapshot, terms: list[str]) -> dict[str, tuple[str, ...]]:
        """For a word no transcript uses, its longer forms ("mongolia" -> "mongolia*" finds "Mongolian"),
        else its shorter stems as prefixes ("afghanistan" -> "afghan*")."""
        extras: dict[str, tuple[str, ...]] = {}
        for t in terms:
            if len(t) < 4 or t.isdigit() or await snap.reader.has_term(fts_string(t)):
                continue
            for cut in range(len(t), 4, -1):
                if await snap.reader.has_term(prefix(t[:cut])):
                    extras[t] = (t[:cut] + "*",)
                    break
        return extras

    async def _acronyms(self, snap: _Snapshot, q: ParsedQuery) -> dict[str, tuple[str, ...]]:
        """Long forms of the acronyms the query uses ("EAEU" -> "eurasian economic union"), as the transcripts define them."""
        shorts = [t for t in q.terms if 2 <= len(t) <= 8 and t.isalpha()]
        if not any(w.isupper() and len(w) >= 2 for w in q.text.split()):
            return {}  # only a word written in capitals is read as an acronym
        return await acronyms.expansions(self._db, snap.reader.g, shorts)

    async def search(self, query: str, *, speaker: str | None = None, limit: int = 5, offset: int = 0) -> SearchResult:
        if not 1 <= limit <= 50 or offset < 0:
            raise UsageError("limit must be between 1 and 50.")
        q = parse(query)
        if speaker:
            q.speaker = speaker
        if q.empty:
            raise UsageError("Give me at least one word to search for.")
        snap = await self._snapshot()
        names = await self._speakers(snap, q.speaker)
        # The query's vector is encoded (in a thread) while the words index is searched.
        probing = asyncio.ensure_future(self.semantic.probe(self._db, snap.reader.g, meaning_text(q.text, snap.speakers)))
        try:
            p, rows, extras = await self._words(snap, q, names, max(SEARCH_CANDIDATES, offset + limit))
        except BaseException:
            probing.cancel()
            raise
        named = frozenset() if names else snap.speakers.mentioned(q.terms)
        ranked = await self._blend(snap, q, extras, names, named, rerank(rows, q, extras, named), p.capped,
                                   await probing)
        ranked = ranked[offset : offset + limit]
        results = tuple(self._excerpt(snap, r, s, hits) for r, s, hits in ranked)
        return SearchResult(q.text, results, snap.speakers.display(names or ()))

    async def _words(self, snap: _Snapshot, q: ParsedQuery, names: tuple[str, ...] | None,
                     want: int) -> tuple[Plan, list[QuoteRow], dict[str, tuple[str, ...]]]:
        """The words index's best ``want`` quotes, with the plan that found them and any back-off forms."""
        extras = await self._acronyms(snap, q)
        p = await plan(snap.reader, q, extras)
        rows = await snap.reader.search_quotes(p.match, names, want, p.capped)
        if len(rows) < want:  # a word may be missing from every transcript: try its stems
            backoff = await self._backoff(snap, [t for t in q.terms if t not in extras])
            extras.update(backoff)
            if backoff:
                p = await plan(snap.reader, q, extras)
                rows = await snap.reader.search_quotes(p.match, names, want, p.capped)
        return p, rows, extras

    async def _blend(self, snap: _Snapshot, q: ParsedQuery, extras: dict[str, tuple[str, ...]],
                     names: tuple[str, ...] | None, named: frozenset[str],
                     ranked: list[tuple[QuoteRow, float, tuple[str, ...]]], capped: bool,
                     probe: Probe | None) -> list[tuple[QuoteRow, float, tuple[str, ...]]]:
        """Add the quotes nearest in meaning and those stating the asked-for quantity, then rank all by both."""
        g = snap.reader.g
        shape = shape_of(q)
        if not probe and not shape.values and not shape.asks:
            return ranked
        groups = concepts(q, extras)
        candidates = {r.id: _candidate(r, score, groups) for r, score, _ in ranked}
        # Quoted phrases and -words are constraints only the words index can check. A short query whose
        # every word many quotes hold (or so many that the index capped them) is answered by those;
        # otherwise the nearest in meaning join in.
        free = not (q.phrases or q.excluded)
        plenty = capped or sum(c.share == 1.0 for c in candidates.values()) >= ENOUGH_WHOLE_MATCHES
        extra: list[str] = []
        if probe and free and (shape.long or not plenty):
            extra += [i for i, cos in probe.nearest(DENSE_CANDIDATES * (8 if names else 1)) if cos >= MEANING_FLOOR]
        stating = await quantities.quotes_stating(self._db, g, shape.values) if shape.values else set()
        if free:
            extra += sorted(stating)[:DENSE_CANDIDATES]
        fetched = await vectors.quotes_by_id(self._db, g, [i for i in dict.fromkeys(extra) if i not in candidates])
        for i, r in fetched.items():
            if not names or r.speaker in names:
                candidates[i] = _candidate(r, 0.0, groups)
        kinds = await quantities.kinds_stated(self._db, g, list(candidates)) if shape.asks else {}
        asked = {i for i, ks in kinds.items() if ks & set(shape.asks)}
        cosine = await probe.similarity(list(candidates)) if probe else {}
        return blend(list(candidates.values()), cosine, long=shape.long, stating=stating, asked=asked, named=named,
                     meaning=probe is not None)

    async def quote(self, topic: str | None = None, *, speaker: str | None = None) -> Excerpt | None:
        """A quote about ``topic`` (one of the best few, for variety), or a random quotable one."""
        if topic and topic.strip():
            found = await self.search(topic, speaker=speaker, limit=3)
            good = [r for r in found.results if r.score >= 0.8 * found.results[0].score] if found.results else []
            return self._rng.choice(good) if good else None
        snap = await self._snapshot()
        names = await self._speakers(snap, speaker)
        for floor in (0.7, 0.0):
            row = await snap.reader.random_quote(names, floor, self._rng.randrange(1 << 30))
            if row:
                return self._excerpt(snap, row)
        return None

    async def facts(self, topic: str | None = None, *, limit: int = 5, kind: str | None = None,
                    speaker: str | None = None) -> list[Fact]:
        if not 1 <= limit <= 50:
            raise UsageError("limit must be between 1 and 50.")
        if kind and kind not in FACT_KINDS:
            raise UsageError(f"kind must be one of: {', '.join(FACT_KINDS)}.")
        snap = await self._snapshot()
        match, capped = None, False
        groups: list[tuple[str, ...]] = []
        if topic and topic.strip():
            q = parse(topic)
            extras = await self._acronyms(snap, q)
            extras.update(await self._backoff(snap, [t for t in q.terms if t not in extras]))
            fact_plan = await plan(snap.reader, q, extras, table="facts_fts")
            match, capped = fact_plan.match, fact_plan.capped
            groups = concepts(q, extras)
        names = await self._speakers(snap, speaker)
        kinds = (kind,) if kind else ()
        rows = await snap.reader.search_facts(match, kinds, max(limit * 4, 40), names, capped=capped,
                                              seed=self._rng.randrange(1 << 30))
        if not match or not topic:
            return [Fact(self._excerpt(snap, row), f[0], float(f[1]), *f[2:]) for row, f in rows][:limit]
        return await self._rank_facts(snap, parse(topic), groups, rows, kinds, names, limit)

    async def _rank_facts(self, snap: _Snapshot, q: ParsedQuery, groups: list[tuple[str, ...]],
                          rows: list[tuple[QuoteRow, tuple]], kinds: tuple[str, ...], names: tuple[str, ...] | None,
                          limit: int) -> list[Fact]:
        """The words index's facts and the facts of the quotes nearest the topic in meaning, ranked by both."""
        g = snap.reader.g
        shape = shape_of(q)
        probe = await self.semantic.probe(self._db, g, meaning_text(q.text, snap.speakers))
        if probe:
            seen = {row.id for row, _ in rows}
            near = [i for i, cos in probe.nearest(DENSE_CANDIDATES) if cos >= MEANING_FLOOR and i not in seen]
            rows += [(r, f) for r, f in await quantities.facts_of(self._db, g, near, kinds) if not names or r.speaker in names]
        cosine = await probe.similarity(list({row.id for row, _ in rows})) if probe else {}
        top = max((-row.rank for row, _ in rows), default=0.0) or 1.0
        out = []
        for row, (fkind, value, unit, quantity, subject) in rows:
            hits, share = matched_terms(row.text, groups)
            score = weigh(-row.rank / top * (0.5 + 0.5 * share), cosine.get(row.id) if probe else None, long=shape.long)
            score += ASKED_KIND * (fkind in shape.asks) + STATES_VALUE * (value in shape.values)
            out.append(Fact(self._excerpt(snap, row, round(score * 10, 4), hits), fkind, float(value), unit, quantity, subject))
        out.sort(key=lambda f: -f.excerpt.score)
        return out[:limit]

    async def verify(self, text: str, *, speaker: str | None = None) -> Verdict:
        claim = clean(text, 2000, "check")
        snap = await self._snapshot()
        # "Battulga said trade rose 300 percent": the frame names the speaker; the rest is the claim.
        who, words = reported(claim)
        known = False
        with contextlib.suppress(NotFoundError, UsageError):
            known = bool(who and snap.speakers.resolve(who))
        if not known:
            words = claim  # "China said ..." names no speaker: the words are the claim as written
        elif not (speaker and speaker.strip()):
            speaker = who
        claimed: tuple[str, ...] = ()
        if speaker and speaker.strip():
            try:
                claimed = snap.speakers.resolve(speaker)
            except NotFoundError:
                claimed = ()  # someone the transcripts never quote: any match is someone else's
        terms = [t for t in dict.fromkeys(index_terms(words)) if t not in STOPWORDS] or index_terms(words)
        if not terms:
            raise UsageError("Give me the words of a quotation to check.")
        p = await plan(snap.reader, ParsedQuery(text=words, terms=terms[:40]))
        passages = [Passage(*row) for row in await snap.reader.search_passages(p.match, VERIFY_CANDIDATES, p.capped)]
        decision = decide(words, passages, claimed, bool(speaker and speaker.strip()))
        # Several speakers can answer to one name ("Xi"): say it as the user did.
        claimed_name = claimed[0] if len(claimed) == 1 else (speaker or "").strip()
        if decision.verdict == "not_found":
            loose = await self._changed_number(snap, words, claimed, claimed_name, bool(speaker and speaker.strip()))
            if loose:
                return replace(loose, text=claim)
        excerpt = None
        if decision.passage:
            quotes = await snap.reader.quotes_in(decision.passage.doc, decision.passage.paragraph, decision.passage.paragraph)
            pick = best_quote(words, [(q.id, q.text) for q in quotes])
            if pick >= 0:
                excerpt = self._excerpt(snap, quotes[pick], decision.similarity)
        diffs = tuple(replace(d, claimed=claimed_name) if d.kind == "speaker" else d for d in decision.differences)
        return Verdict(decision.verdict, decision.similarity, claim, claimed_name, decision.said_by, excerpt, diffs)

    async def _changed_number(self, snap: _Snapshot, claim: str, claimed: tuple[str, ...], claimed_name: str,
                              has_claim: bool) -> Verdict | None:
        """A loosely worded claim whose nearest sentence in meaning states its quantity with another value."""
        probe = await self.semantic.probe(self._db, snap.reader.g, claim)
        if not probe:
            return None
        nearest = probe.nearest(VERIFY_NEAREST)
        rows = await vectors.quotes_by_id(self._db, snap.reader.g, [i for i, _ in nearest])
        paragraphs = {}
        for i, _ in nearest:
            if i in rows:
                key = (rows[i].doc, rows[i].paragraph)
                if key not in paragraphs:
                    paragraphs[key] = " ".join(t for *_, t in await snap.reader.paragraphs(key[0], key[1], key[1]))
        found = changed_number(claim, [(i, rows[i].text, cos, paragraphs[(rows[i].doc, rows[i].paragraph)])
                                       for i, cos in nearest if i in rows])
        if not found:
            return None
        row = rows[found.quote_id]
        diffs: tuple[Difference, ...] = (found.difference,)
        if has_claim and row.speaker not in claimed:
            diffs += (Difference("speaker", row.speaker, claimed_name),)
        return Verdict("altered", found.similarity, claim, claimed_name, row.speaker,
                       self._excerpt(snap, row, found.similarity), diffs)

    async def context(self, quote_id: str, *, before: int = 2, after: int = 2) -> Context:
        key = (quote_id or "").strip().strip("`'\"").lower()
        if not _QUOTE_ID.match(key):
            raise UsageError("That is not a quote id: ids are 12 letters and digits, as shown in a citation.")
        if not (0 <= before <= 20 and 0 <= after <= 20):
            raise UsageError("before and after must be between 0 and 20.")
        snap = await self._snapshot()
        row = await snap.reader.quote(key)
        if row is None:
            raise NotFoundError(f"No quote has the id {key}. Ids change only when the words change; try a search.")
        paras = await snap.reader.paragraphs(row.doc, row.paragraph - before, row.paragraph + after)
        firsts: dict[int, str] = {}
        for q in await snap.reader.quotes_in(row.doc, row.paragraph - before, row.paragraph + after):
            firsts.setdefault(q.paragraph, q.id)
        out = []
        for n, sp, role, tr, text in paras:
            pid = key if n == row.paragraph else firsts.get(n, "")
            prow = QuoteRow(pid, row.doc, n, sp, role, tr, text, 0.0)
            out.append(Excerpt(pid, text, self._citation(snap, prow)))
        return Context(key, row.paragraph, tuple(out))

    async def stats(self) -> Stats:
        snap = await self._snapshot()
        counts = await snap.reader.counts()
        problems = await snap.reader.problems()
        return Stats(**counts, seeds=str(self.settings.seeds), db=str(self.settings.db), built_at=snap.built_at,
                     errors=tuple(FileError(s, m, n) for s, n, m, fatal in problems if fatal),
                     warnings=tuple(FileError(s, m, n) for s, n, m, fatal in problems if not fatal))

    async def excerpt(self, quote_id: str) -> Excerpt | None:
        """One quote by id, or None when a reload removed it."""
        snap = await self._snapshot()
        row = await snap.reader.quote(quote_id)
        return self._excerpt(snap, row) if row else None

    async def eligible(self, speaker: str = "", topic: str = "") -> tuple[str, tuple]:
        """SQL for the quote ids a daily filter allows, preferring quotable ones. Raises on a bad filter."""
        snap = await self._snapshot()
        names = await self._speakers(snap, speaker or None)
        match = build_match(parse(topic)) if topic.strip() else None
        for floor in (0.7, 0.0):
            sql = snap.reader.eligible_sql(names, match, floor)
            if await snap.reader.exists(*sql):
                return sql
        raise NotFoundError("No quotes match that filter.")

    async def speakers(self) -> SpeakerDirectory:
        return (await self._snapshot()).speakers

    # -- reload -----------------------------------------------------------------------------

    async def reload(self, *, progress: Progress | None = None, full: bool = False) -> ReloadReport:
        """Re-read the seeds; build beside the serving index; swap only if valid. Concurrent calls share one run.

        Only changed files are parsed again, unless ``full`` asks to rebuild everything.
        """
        if self._reloading and not self._reloading.done():
            return await asyncio.shield(self._reloading)
        self._reloading = asyncio.ensure_future(self._reload_then_vectors(progress or LogProgress(), full))
        return await asyncio.shield(self._reloading)

    async def _reload_then_vectors(self, progress: Progress | None, full: bool) -> ReloadReport:
        # The words index goes live first; vectors follow on a connection of their own, and
        # answers use whatever vectors are present meanwhile.
        before = await self._live()
        report = await self._reload(progress, full)
        live = await self._live()
        if live is not None:
            writer = await connect(str(self.settings.db))
            try:
                await quantities.prepare(writer, live)
                await acronyms.prepare(writer, live)
            finally:
                await writer.close()
            await self.semantic.refresh(live, before)
        return report

    async def _reload(self, progress: Progress | None, full: bool) -> ReloadReport:
        async with self._reload_lock:
            live = await self._live()
            async with self._db.execute("SELECT value FROM meta WHERE key = 'index_format'") as cur:
                row = await cur.fetchone()
            same_format = (row[0] if row else "") == INDEX_FORMAT
            if live is not None and not same_format:
                _log.warning("the index was built by another version of quotebot; rebuilding it")
            old_docs = (await self._snapshot()).documents if live is not None and same_format else {}
            live_for_copy = live if same_format and not full else None
            files = scan(Path(self.settings.seeds))
            if not files and live is None:
                raise SeedsError(f"no transcripts (*.txt) in {self.settings.seeds}")
            reuse: dict[str, str] = {}
            changed_keys = []
            for f in files:
                old = old_docs.get(f.key)
                if old and old.size == f.size and (old.mtime_ns == f.mtime_ns or old.hash == await asyncio.to_thread(f.content_hash)):
                    reuse[f.key] = old.hash
                else:
                    changed_keys.append(f.key)
            removed = tuple(sorted(set(old_docs) - {f.key for f in files}))
            if live is not None and not changed_keys and not removed and not full:
                return ReloadReport(changed=False, applied=False, stats=await self.stats())
            if not files:
                return ReloadReport(True, False, removed=removed,
                                    errors=(FileError(str(self.settings.seeds), "the seeds folder has no *.txt files; keeping the current index"),))
            # A connection of its own, so that answers keep flowing on the serving one meanwhile.
            writer = await connect(str(self.settings.db))
            try:
                return await self._build_and_swap(writer, files, reuse, live, live_for_copy, old_docs, changed_keys,
                                                  removed, progress)
            finally:
                await writer.close()

    async def _build_and_swap(self, writer: aiosqlite.Connection, files: list, reuse: dict[str, str], live: int | None,
                              copy_from: int | None, old_docs: dict, changed_keys: list[str],
                              removed: tuple[str, ...], progress: Progress | None) -> ReloadReport:
        # Imported here: answering from an index that is up to date never needs the indexer's modules.
        from .store.writer import build_generation, swap_live

        result = await build_generation(writer, str(self.settings.seeds), files, reuse=reuse,
                                        serving=copy_from, progress=progress)
        errors = tuple(FileError(s, m, n) for s, n, m in result.errors)
        if result.quotes == 0 or (errors and live is not None):
            await drop_generation(writer, result.generation)
            if result.quotes == 0:
                errors += (FileError(str(self.settings.seeds), "no quotes found: are the speaker labels there (e.g. 'Jane Doe:')?"),)
            if live is None:
                raise SeedsError("; ".join(e.describe() for e in errors))
            return ReloadReport(True, False, errors=errors, stats=await self.stats())
        added = tuple(k for k in changed_keys if k not in old_docs)
        modified = tuple(k for k in changed_keys if k in old_docs)
        q_added, q_removed = await self._quote_delta(writer, live if old_docs else None, result.generation)
        previous = await swap_live(writer, result.generation)
        await self._drop_old(writer, keep=(result.generation, previous))
        stats = await self.stats()
        _log.info("index generation %d live: %d quotes from %d documents in %.1fs",
                  result.generation, stats.quotes, stats.documents, result.seconds)
        return ReloadReport(True, True, added, removed, modified, q_added, q_removed, stats.facts, errors, stats)

    async def _quote_delta(self, db: aiosqlite.Connection, old: int | None, new: int) -> tuple[int, int]:
        if old is None:
            async with db.execute(f"SELECT count(*) FROM g{new}_quotes") as cur:
                row = await cur.fetchone()
            return (int(row[0]) if row else 0), 0
        counts = []
        for a, b in ((new, old), (old, new)):
            async with db.execute(f"SELECT count(*) FROM g{a}_quotes WHERE id NOT IN (SELECT id FROM g{b}_quotes)") as cur:
                row = await cur.fetchone()
            counts.append(int(row[0]) if row else 0)
        return counts[0], counts[1]

    async def _drop_old(self, writer: aiosqlite.Connection, keep: tuple[int | None, ...]) -> None:
        """Keep the serving generation and the one before it (a reader may still be on it)."""
        async with writer.execute("SELECT id FROM generations") as cur:
            ids = [int(r[0]) for r in await cur.fetchall()]
        for g in ids:
            if g not in keep:
                await drop_generation(writer, g)
