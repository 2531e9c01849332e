"""The core service: the one object adapters talk to. Async methods in, frozen data out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import aiosqlite

from .config import Settings
from .daily.commands import DailyCommands
from .daily.scheduler import DailyScheduler
from .daily.store import DailyStore
from .errors import NotFoundError, QuotebotError, SeedsError, StoreError, UsageError
from .freshness import Changes, changes, staleness
from .models import (
    Citation,
    Context,
    Excerpt,
    Fact,
    FileError,
    ReloadReport,
    SearchResult,
    Stats,
    Verdict,
)
from .search.pruning import plan
from .search.query import ParsedQuery, build_match, clean, parse
from .search.ranking import concepts, matched_terms, rerank
from .search.verifier import Passage, best_quote, decide
from .speakers import SpeakerDirectory
from .store.lock import BuildLock
from .store.progress import LogProgress, Progress
from .store.reader import DocumentRow, IndexReader, QuoteRow
from .store.schema import (
    connect,
    describe,
    drop_generation,
    drop_unused,
    index_state,
    migrate,
    quote_delta,
    refuse_newer,
    serving_complete,
)
from .text.terms import STOPWORDS, fts_string, index_terms

_log = logging.getLogger(__name__)
_QUOTE_ID = re.compile(r"^[a-z2-7]{12}$")
SEARCH_CANDIDATES = 30
"""BM25 candidates re-ranked per search; enough for paging through the first pages."""
VERIFY_CANDIDATES = 20
"""Passages the index shortlists for a claim; only these are aligned with fuzzy matching."""
FACT_KINDS = ("money", "percent", "count", "ordinal", "year", "date", "duration")


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Everything served from one state of the index; replaced whole when the live pointer or the index's
    change counter moves (a swap, or an update in place, by this process or another)."""

    key: tuple[int, str]
    reader: IndexReader
    documents: dict[str, DocumentRow]
    speakers: SpeakerDirectory
    built_at: str
    failed: frozenset[str]
    """files whose last parse failed, so are not in the index (not a sign that the index is stale)"""


WATCH_SECONDS = 30.0
"""How often a running bot looks at the seeds folder (a stat of each file) for changes to reload."""


class QuoteService:
    def __init__(self, settings: Settings, db: aiosqlite.Connection, daily_db: aiosqlite.Connection | None = None) -> None:
        self.settings = settings
        self._db = db
        self._daily_db = daily_db
        self._snap: _Snapshot | None = None
        self._reload_lock = asyncio.Lock()
        self._build_lock = BuildLock(settings.db)
        self._db_identity = _identity(settings.db)
        self._reloading: asyncio.Task[ReloadReport] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._rng = random.Random()
        self.daily = DailyScheduler(self, DailyStore(daily_db or db), grace=timedelta(hours=settings.daily_grace_hours))
        self.daily_commands = DailyCommands(self.daily)

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    async def open(cls, settings: Settings, *, progress: Progress | None = None, build: bool = True,
                   refresh: bool = True) -> QuoteService:
        """Open the database. ``build``: index the seeds when no index of this format exists yet, and, with
        ``refresh``, bring an existing one up to date first. Query commands pass ``refresh=False``: they answer
        from the live index at once. A database of a newer quotebot is refused, never rebuilt."""
        connections: list[aiosqlite.Connection] = []
        try:
            settings.db.parent.mkdir(parents=True, exist_ok=True)
            connections.append(await connect(str(settings.db)))
            await migrate(connections[0])
            state = await index_state(connections[0])
            refuse_newer(state)
            usable = await serving_complete(connections[0], state)
            connections.append(await connect(str(settings.db)))  # the daily store's own
        except BaseException as exc:
            for db in connections:
                await db.close()
            if isinstance(exc, OSError | sqlite3.Error):
                raise StoreError(describe(exc, str(settings.db))) from None
            raise
        service = cls(settings, connections[0], connections[1])
        if build and (refresh or not usable):
            try:
                await service.reload(progress=progress)
            except BaseException:
                await service.close()
                raise
        return service

    async def close(self) -> None:
        if self._watcher:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        await self.daily.stop()
        if self._reloading and not self._reloading.done():
            self._reloading.cancel()
            with contextlib.suppress(BaseException):
                await self._reloading
        if self._daily_db:
            await self._daily_db.close()
        await self._db.close()

    @property
    def db(self) -> aiosqlite.Connection:
        """The readers' connection (the index writer and the daily store have their own)."""
        return self._db

    async def _snapshot(self) -> _Snapshot:
        state = await index_state(self._db)
        if state.live is None:
            raise SeedsError("No transcripts are indexed yet; run `quotebot index`.")
        refuse_newer(state)
        key = (state.live, state.version)
        if self._snap is None or self._snap.key != key:
            reader = IndexReader(self._db, state.live, str(self.settings.db))
            self._snap = _Snapshot(key, reader, await reader.documents(),
                                   SpeakerDirectory.from_rows(await reader.speakers()), await reader.built_at(),
                                   frozenset(s for s, _, _, fatal in await reader.problems() if fatal))
        return self._snap

    async def staleness(self) -> str | None:
        """One line when the seeds folder has changed since the index was built, else None. Stats files only."""
        snap = await self._snapshot()
        return await staleness(Path(self.settings.seeds), snap.documents, snap.failed)

    def watch_seeds(self, every: float = WATCH_SECONDS) -> None:
        """For a running bot: look at the seeds folder every ``every`` seconds and reload in the background when
        it changed, unless another process is building (its result is picked up through the live pointer)."""
        if self._watcher is None:
            self._watcher = asyncio.create_task(self._watch(every), name="quotebot-seeds-watch")

    async def _watch(self, every: float) -> None:
        while True:
            try:
                if await self.staleness():
                    report = await self.reload(wait=False)
                    if report.errors:
                        _log.warning("background reload kept the current index: %s",
                                     "; ".join(e.describe() for e in report.errors))
            except QuotebotError as exc:
                _log.warning("background reload failed: %s", exc)
            except Exception:
                _log.exception("background reload failed")
            await asyncio.sleep(every)

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
        """For a word no transcript uses, try its shorter stems ("afghanistan" -> "afghan")."""
        extras: dict[str, tuple[str, ...]] = {}
        for t in terms:
            if len(t) < 7 or await snap.reader.has_term(fts_string(t)):
                continue
            for cut in range(len(t) - 1, 4, -1):
                if await snap.reader.has_term(fts_string(t[:cut])):
                    extras[t] = (t[:cut],)
                    break
        return extras

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
        want = max(SEARCH_CANDIDATES, offset + limit)
        p = await plan(snap.reader, q)
        rows = await snap.reader.search_quotes(p.match, names, want, p.capped)
        extras: dict[str, tuple[str, ...]] = {}
        if len(rows) < want:  # a word may be missing from every transcript: try its stems
            extras = await self._backoff(snap, q.terms)
            if extras:
                p = await plan(snap.reader, q, extras)
                rows = await snap.reader.search_quotes(p.match, names, want, p.capped)
        named = frozenset() if names else snap.speakers.mentioned(q.terms)
        ranked = rerank(rows, q, extras, named)[offset : offset + limit]
        results = tuple(self._excerpt(snap, r, s, hits) for r, s, hits in ranked)
        return SearchResult(q.text, results, snap.speakers.display(names or ()))

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
            extras = await self._backoff(snap, q.terms)
            fact_plan = await plan(snap.reader, q, extras, table="facts_fts")
            match, capped = fact_plan.match, fact_plan.capped
            groups = concepts(q, extras)
        names = await self._speakers(snap, speaker)
        rows = await snap.reader.search_facts(match, (kind,) if kind else (), max(limit * 4, 40), names, capped=capped,
                                              seed=self._rng.randrange(1 << 30))
        out = []
        for row, (fkind, value, unit, quantity, subject) in rows:
            hits, share = matched_terms(row.text, groups) if groups else ((), 1.0)
            score = -row.rank * (0.5 + 0.5 * share) if match else 0.0
            out.append(Fact(self._excerpt(snap, row, score, hits), fkind, float(value), unit, quantity, subject))
        if match:
            out.sort(key=lambda f: -f.excerpt.score)
        return out[:limit]

    async def verify(self, text: str, *, speaker: str | None = None) -> Verdict:
        claim = clean(text, 2000, "check")
        snap = await self._snapshot()
        claimed: tuple[str, ...] = ()
        if speaker and speaker.strip():
            try:
                claimed = snap.speakers.resolve(speaker)
            except NotFoundError:
                claimed = ()  # someone the transcripts never quote: any match is someone else's
        terms = [t for t in dict.fromkeys(index_terms(claim)) if t not in STOPWORDS] or index_terms(claim)
        if not terms:
            raise UsageError("Give me the words of a quotation to check.")
        p = await plan(snap.reader, ParsedQuery(text=claim, terms=terms[:40]))
        passages = [Passage(*row) for row in await snap.reader.search_passages(p.match, VERIFY_CANDIDATES, p.capped)]
        decision = decide(claim, passages, claimed, bool(speaker and speaker.strip()))
        # Several speakers can answer to one name ("Xi"): say it as the user did.
        claimed_name = claimed[0] if len(claimed) == 1 else (speaker or "").strip()
        excerpt = None
        if decision.passage:
            quotes = await snap.reader.quotes_in(decision.passage.doc, decision.passage.paragraph, decision.passage.paragraph)
            pick = best_quote(claim, [(q.id, q.text) for q in quotes])
            if pick >= 0:
                excerpt = self._excerpt(snap, quotes[pick], decision.similarity)
        diffs = tuple(replace(d, claimed=claimed_name) if d.kind == "speaker" else d for d in decision.differences)
        return Verdict(decision.verdict, decision.similarity, claim, claimed_name, decision.said_by, excerpt, diffs)

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

    async def reload(self, *, progress: Progress | None = None, full: bool = False, wait: bool = True) -> ReloadReport:
        """Re-read the seeds and bring the index up to date; concurrent calls in this process share one run, and
        one process at a time builds (``wait=False`` returns at once, unchanged, while another one is building).

        A few changed files are applied to the live index in place; a full rebuild (``full``), a new index format
        or a change of most files builds a new generation beside the serving one and swaps it in. Either way the
        change is validated first and the old index keeps serving if anything is wrong.
        """
        if self._reloading and not self._reloading.done():
            return await asyncio.shield(self._reloading)
        self._reloading = asyncio.ensure_future(self._reload(progress or LogProgress(), full, wait))
        return await asyncio.shield(self._reloading)

    def _check_db_file(self) -> None:
        """A writer opened on a path whose file was deleted would start an empty database there."""
        if _identity(self.settings.db) != self._db_identity:
            raise StoreError(f"the database file {self.settings.db} was deleted or replaced while quotebot was "
                             "running; answers keep coming from the open index; restart quotebot to build again")

    async def _reload(self, progress: Progress | None, full: bool, wait: bool) -> ReloadReport:
        async with self._reload_lock, self._build_lock.hold(wait=wait) as held:
            if not held:
                return ReloadReport(changed=False, applied=False, stats=await self.stats())
            self._check_db_file()
            try:
                return await self._reload_locked(progress, full)
            except sqlite3.Error as exc:
                raise StoreError(describe(exc, str(self.settings.db)) + "; the serving index was kept") from None

    async def _reload_locked(self, progress: Progress | None, full: bool) -> ReloadReport:
        state = await index_state(self._db)
        refuse_newer(state)
        if state.live is not None and not state.current:
            _log.warning("the index was built by an older quotebot; rebuilding it")
        elif state.live is not None and not await serving_complete(self._db, state):
            _log.warning("the live index generation %d is incomplete; rebuilding it", state.live)
            state = replace(state, format="")  # rebuilt in full, as for another format
        old_docs = (await self._snapshot()).documents if state.current else {}
        plan = await changes(Path(self.settings.seeds), old_docs)
        if not plan.files and state.live is None:
            raise SeedsError(f"no transcripts (*.txt) in {self.settings.seeds}")
        if not plan.files:
            return ReloadReport(True, False, removed=plan.removed,
                                errors=(FileError(str(self.settings.seeds), "the seeds folder has no *.txt files; keeping the current index"),))
        # The indexer's modules load only when something is written.
        from .store.update import record_mtimes
        from .store.writer import terms_fingerprint

        writer = await connect(str(self.settings.db))
        try:
            if state.current and state.live is not None:
                await record_mtimes(writer, state.live, plan.touched)
            if state.live is not None and plan.none and not full:
                return ReloadReport(changed=False, applied=False, stats=await self.stats())
            if state.current and state.live is not None and not full and _in_place(plan) \
                    and state.terms == terms_fingerprint():
                return await self._update(writer, state.live, plan, old_docs, progress)
            return await self._build_and_swap(writer, plan, state.live, None if full or not state.current else state.live,
                                              old_docs, progress)
        finally:
            await writer.close()

    async def _update(self, writer: aiosqlite.Connection, live: int, plan: Changes, old_docs: dict,
                      progress: Progress | None) -> ReloadReport:
        from .store.update import update_in_place

        seeds = {f.key: f for f in plan.files}
        result = await update_in_place(writer, live, [seeds[k] for k in plan.changed], plan.removed, set(seeds),
                                       progress)
        errors = tuple(FileError(s or str(self.settings.seeds), m, n) for s, n, m in result.errors)
        if not result.applied:
            return ReloadReport(True, False, errors=errors, stats=await self.stats())
        stats = await self.stats()
        _log.info("index updated in place: %d files changed, %d removed, in %.2fs", len(plan.changed),
                  len(plan.removed), result.seconds)
        return ReloadReport(True, True, tuple(k for k in plan.changed if k not in old_docs), plan.removed,
                            tuple(k for k in plan.changed if k in old_docs), result.quotes_added,
                            result.quotes_removed, stats.facts, errors, stats)

    async def _build_and_swap(self, writer: aiosqlite.Connection, plan: Changes, live: int | None,
                              copy_from: int | None, old_docs: dict, progress: Progress | None) -> ReloadReport:
        # Imported here: answering from an index that is up to date never needs the indexer's modules.
        from .store.writer import build_generation, swap_live

        await drop_unused(writer, keep=(live,))  # generations a crashed build left behind
        result = await build_generation(writer, str(self.settings.seeds), plan.files, reuse=plan.reuse,
                                        serving=copy_from, progress=progress)
        errors = tuple(FileError(s, m, n) for s, n, m in result.errors)
        if result.quotes == 0 or (errors and live is not None):
            await drop_generation(writer, result.generation)
            if result.quotes == 0:
                errors += (FileError(str(self.settings.seeds), "no quotes found: are the speaker labels there (e.g. 'Jane Doe:')?"),)
            if live is None:
                raise SeedsError("; ".join(e.describe() for e in errors))
            return ReloadReport(True, False, errors=errors, stats=await self.stats())
        q_added, q_removed = await quote_delta(writer, live if old_docs else None, result.generation)
        previous = await swap_live(writer, result.generation)
        await drop_unused(writer, keep=(result.generation, previous))  # a reader may still be on the previous one
        stats = await self.stats()
        _log.info("index generation %d live: %d quotes from %d documents in %.1fs",
                  result.generation, stats.quotes, stats.documents, result.seconds)
        added = tuple(k for k in plan.changed if k not in old_docs)
        modified = tuple(k for k in plan.changed if k in old_docs)
        return ReloadReport(True, True, added, plan.removed, modified, q_added, q_removed, stats.facts, errors, stats)


IN_PLACE_SHARE = 0.5
"""Above this share of files changed, a fresh generation is cheaper than deleting and inserting in place."""


def _in_place(plan: Changes) -> bool:
    return len(plan.changed) + len(plan.removed) <= IN_PLACE_SHARE * max(1, len(plan.files))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
