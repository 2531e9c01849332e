"""The core service: the one object adapters talk to. Async methods in, frozen data out."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import aiosqlite

from .config import Settings
from .daily.commands import DailyCommands
from .daily.ports import Pool
from .daily.scheduler import DailyScheduler
from .errors import NotFoundError, QuotebotError, SeedsError, StoreError, UsageError
from .freshness import staleness
from .models import (
    Citation,
    Context,
    Difference,
    DocumentRoster,
    Excerpt,
    Fact,
    FileError,
    ReloadReport,
    SearchResult,
    Stats,
    Verdict,
)
from .reloader import Reloader
from .reloads import summary
from .search import context, fact_rank
from .search.blend import ASKED_KIND, COUNTS_ASKED, STATES_VALUE, UNIT_NAMED, Candidate, blend, weigh
from .search.loose import changed_number, reported
from .search.pruning import Plan, plan
from .search.query import ParsedQuery, build_match, clean, parse, prefix
from .search.ranking import concepts, ideas_covered, matched_terms, rerank
from .search.shape import meaning_text, shape_of
from .search.verifier import Passage, best_quote, decide, normalise_claim
from .semantic.searcher import Probe, Semantic
from .shared import SharedState, open_shared_state
from .speakers import SpeakerDirectory
from .store import acronyms, quantities, vectors
from .store.progress import LogProgress, Progress
from .store.reader import DocumentRow, IndexReader, QuoteRow
from .store.schema import (
    connect,
    describe,
    index_state,
    migrate,
    refuse_newer,
    serving_complete,
)
from .text.fold import fold
from .text.terms import STOPWORDS, fts_string, index_terms
from .transcripts.moments import decode, deep_link, original_offset, span_moment

_log = logging.getLogger(__name__)
_QUOTE_ID = re.compile(r"^[a-z2-7]{12}$")
SEARCH_CANDIDATES = 30
"""BM25 candidates re-ranked per search; enough for paging through the first pages."""
VERIFY_CANDIDATES = 20
"""Passages the index shortlists for a claim; only these are aligned with fuzzy matching."""
DENSE_CANDIDATES = 50
"""Quotes nearest in meaning added to the words list's candidates (over the whole index)."""
CONTEXT_SENTENCES = 20
"""Sentences about a fact's topic whose context is carried to the sentences after them."""
ENOUGH_WHOLE_MATCHES = 5
"""Quotes holding every word of a short query that make meaning-only candidates unnecessary."""
VERIFY_NEAREST = 10
"""Quotes nearest a loosely worded claim in meaning that are checked for a changed number."""
MERGED_TURNS = 3
"""How many paragraphs apart two things said may be that a loosely worded claim merges into one: an exchange
(the host introduces, the guest speaks for two paragraphs, the host sums up)."""
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


def _index_version(snap: _Snapshot) -> str:
    """What the index holds, in a few bytes: its generation and every document's content hash, so a
    reload that changes documents in place is noticed as well as one that swaps generations."""
    docs = "\n".join(f"{key}\t{doc.hash}" for key, doc in sorted(snap.documents.items()))
    return f"{snap.reader.g}:{hashlib.sha256(docs.encode()).hexdigest()[:16]}"


def _candidate(row: QuoteRow, words: float, groups: list[tuple[str, ...]]) -> Candidate:
    hits, share = matched_terms(row.text, groups)
    return Candidate(row, words, share, hits)


class QuoteService:
    def __init__(self, settings: Settings, db: aiosqlite.Connection, daily_db: aiosqlite.Connection | None,
                 shared: SharedState) -> None:
        self.settings = settings
        self._db = db
        self._daily_db = daily_db
        self._snap: _Snapshot | None = None
        self._reloader = Reloader(self)
        self._reloading: asyncio.Task[ReloadReport] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._on_new_index: list[Callable[[], None]] = []
        self._rng = random.Random()
        # The daily store writes on a connection of its own: a claim never queues behind, or holds up, an answer.
        self.shared = shared
        self.semantic = Semantic(settings.semantic, str(settings.db))
        self.daily = DailyScheduler(self, self.shared.daily, grace=timedelta(hours=settings.daily_grace_hours))
        self.daily_commands = DailyCommands(self.daily, self.shared.audit)

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
        try:
            shared = await open_shared_state(settings, connections[0], connections[1])
        except BaseException:
            for db in connections:
                await db.close()
            raise
        service = cls(settings, connections[0], connections[1], shared)
        try:
            if build and (refresh or not usable):
                await service.reload(progress=progress)
            elif build and state.live is not None:
                # The words index is served as it is, but vectors of another model, or a fill cut short, are
                # completed as a reload would (a small fill waited for, a large one in the background).
                await service.semantic.refresh(state.live, None)
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
        await self.semantic.stop()
        if self._reloading and not self._reloading.done():
            self._reloading.cancel()
            with contextlib.suppress(BaseException):
                await self._reloading
        await self.shared.close()
        if self._daily_db is not None:
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

    async def documents(self) -> dict[str, DocumentRow]:
        """The live index's documents by key, as they were when indexed (size, mtime, hash)."""
        return (await self._snapshot()).documents

    async def staleness(self) -> str | None:
        """One line when the seeds folder has changed since the index was built, else None. Stats files only."""
        snap = await self._snapshot()
        return await staleness(Path(self.settings.seeds), snap.documents, snap.failed, self.settings.follow_links)

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
                        quote_id=quote_id or row.id, date=doc.date if doc else "", url=doc.url if doc else "",
                        start=row.start, end=row.end, page=row.page, line_no=row.line if row.page is not None else None,
                        link=deep_link(doc.media or doc.url, row.start) if doc else "")

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
        probe = await probing
        ranked = await self._blend(snap, q, extras, names, named, rerank(rows, q, extras, named), p.capped, probe)
        ranked = await self._in_context(snap, q, extras, names, named, ranked, probe, p.capped)
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
            extra += [i for i, cos in probe.nearest(DENSE_CANDIDATES * (8 if names else 1)) if cos >= probe.model.floor]
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

    async def _in_context(self, snap: _Snapshot, q: ParsedQuery, extras: dict[str, tuple[str, ...]],
                          names: tuple[str, ...] | None, named: frozenset[str],
                          ranked: list[tuple[QuoteRow, float, tuple[str, ...]]],
                          probe: Probe | None, capped: bool) -> list[tuple[QuoteRow, float, tuple[str, ...]]]:
        """Each result with what the sentences around it say (bot/search/context.py): a reply that never
        names its topic rises with the sentence, or the turn, before it. Neighbours join the results only for a
        question or paraphrase (a keyword search keeps to sentences with its words), never past quoted phrases
        or -words, nor when plenty of quotes hold every word already."""
        if not ranked:
            return ranked
        g = snap.reader.g
        groups = concepts(q, extras)
        lead = [row for row, _, _ in ranked[:CONTEXT_SENTENCES]]
        places = [(r.doc, r.paragraph + d) for r in lead for d in (-1, 0, 1)]
        order = context.stretches(await snap.reader.sentence_order(places))
        scored = {row.id: (row, score, hits) for row, score, hits in ranked}
        ideas = {row.id: ideas_covered(row.text, groups) for row, _, _ in ranked}
        shape = shape_of(q)
        whole = sum(bool(groups) and len(ideas[row.id]) == len(groups) for row in lead)
        plenty = capped or whole >= ENOUGH_WHOLE_MATCHES
        if not (q.phrases or q.excluded) and (shape.long or shape.question) and not plenty:
            new = [i for i in context.neighbours(order, [r.id for r in lead], context.SEARCH) if i not in scored]
            rows = [r for r in (await vectors.quotes_by_id(self._db, g, new)).values() if not names or r.speaker in names]
            cosine = await probe.similarity([r.id for r in rows]) if probe and rows else {}
            for row, score, hits in blend([_candidate(r, 0.0, groups) for r in rows], cosine, long=shape.long, stating=set(),
                                          asked=set(), named=named, meaning=probe is not None):
                scored[row.id] = (row, score, hits)
                ideas[row.id] = ideas_covered(row.text, groups)
        carried = context.carry(order, {i: s for i, (_, s, _) in scored.items()}, ideas, context.SEARCH)
        out = [(row, round(score + carried.get(i, 0.0), 4), hits) for i, (row, score, hits) in scored.items()]
        out.sort(key=lambda x: -x[1])
        return out

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
            if q.empty:  # only exclusions or punctuation: answered as search answers it, not with random facts
                raise UsageError("Give me at least one word to search for.")
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
        """The words index's facts, the facts of the quotes nearest the topic in meaning and of the sentences
        right after the quotes about it, ranked by their sentence, its context and the query's shape."""
        g = snap.reader.g
        shape = shape_of(q)
        probe = await self.semantic.probe(self._db, g, meaning_text(q.text, snap.speakers))
        seen = {row.id for row, _ in rows}
        if probe:
            near = [i for i, cos in probe.nearest(DENSE_CANDIDATES) if cos >= probe.model.floor and i not in seen]
            rows += [(r, f) for r, f in await quantities.facts_of(self._db, g, near, kinds) if not names or r.speaker in names]
        # The sentences about the topic, fact or not, set the context of those after them.
        about = await self._about(snap, q, names, probe)
        cosine = await probe.similarity(list({row.id for row, _ in rows})) if probe else {}
        top = max((-row.rank for row, _ in rows), default=0.0) or 1.0
        ideas = {row.id: ideas_covered(row.text, groups) for row, _ in [*rows, *about]}
        own: list[float] = []
        for row, _ in rows:
            share = len(ideas[row.id]) / len(groups) if groups else 0.0
            own.append(weigh(-row.rank / top * (0.5 + 0.5 * share), cosine.get(row.id) if probe else None, long=shape.long))
        source: dict[str, float] = {}  # what each sentence passes on to the next: as a fact, or as a quote about the topic
        for row, score in [(r, s) for (r, _), s in zip(rows, own, strict=True)] + about:
            source[row.id] = max(source.get(row.id, 0.0), score)
        leading = sorted(source, key=lambda i: -source[i])[:CONTEXT_SENTENCES]
        places = {row.id: (row.doc, row.paragraph) for row, _ in [*rows, *about]}
        order = context.stretches(await snap.reader.sentence_order([places[i] for i in leading]))
        have = {r.id for r, _ in rows}
        fresh = [i for i in context.neighbours(order, leading, context.FACTS) if i not in have]
        fresh += [row.id for row, _ in about if row.id not in have]
        more = [(r, f) for r, f in await quantities.facts_of(self._db, g, list(dict.fromkeys(fresh)), kinds)
                if not names or r.speaker in names]
        if more and probe:
            cosine |= await probe.similarity(list({r.id for r, _ in more}))
        for row, _ in more:
            if row.id not in ideas:
                ideas[row.id] = ideas_covered(row.text, groups)
            own.append(weigh(0.0, cosine.get(row.id) if probe else None, long=shape.long))
            source.setdefault(row.id, own[-1])
        carried = context.carry(order, source, ideas, context.FACTS)
        common = await quantities.commonness(self._db, g, [(f[0], float(f[1])) for _, f in rows + more])
        best: dict[str, float] = {}  # a sentence's facts share its score; what sets them apart is how the query names each
        for (row, _), mine in zip(rows + more, own, strict=True):
            best[row.id] = max(best.get(row.id, 0.0), mine)
        scored = [fact_rank.Scored(row, f, best[row.id], ASKED_KIND * (f[0] in shape.asks) + STATES_VALUE * (f[1] in shape.values)
                                   + COUNTS_ASKED * fact_rank.counts(f, shape.counted)
                                   + UNIT_NAMED * bool(ideas_covered(f"{f[2]} {f[3]}", groups)), common[(f[0], float(f[1]))])
                  for row, f in rows + more]
        out = []
        for s, score in fact_rank.rank(scored, carried)[:limit]:
            hits, _ = matched_terms(s.row.text, groups)
            fkind, value, unit, quantity, subject = s.fact
            out.append(Fact(self._excerpt(snap, s.row, round(score * 10, 4), hits), fkind, float(value), unit, quantity, subject))
        return out

    async def _about(self, snap: _Snapshot, q: ParsedQuery, names: tuple[str, ...] | None,
                     probe: Probe | None) -> list[tuple[QuoteRow, float]]:
        """The quotes a search for the topic ranks best, with their scores on the facts' scale."""
        try:
            p, found, extras = await self._words(snap, q, names, SEARCH_CANDIDATES)
        except UsageError:
            return []
        named = frozenset() if names else snap.speakers.mentioned(q.terms)
        ranked = await self._blend(snap, q, extras, names, named, rerank(found, q, extras, named), p.capped, probe)
        return [(row, score / 10) for row, score, _ in ranked[:CONTEXT_SENTENCES]]

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
        if decision.passage and decision.similarity == 1.0:
            decision = replace(decision, passage=await self._finest(snap, words, passages, decision.passage))
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
                row = await self._claim_moment(snap, quotes[pick], decision.passage, words)
                excerpt = self._excerpt(snap, row, decision.similarity)
        diffs = tuple(replace(d, claimed=claimed_name) if d.kind == "speaker" else d for d in decision.differences)
        return Verdict(decision.verdict, decision.similarity, claim, claimed_name, decision.said_by, excerpt, diffs)

    async def _finest(self, snap: _Snapshot, claim: str, passages: list[Passage], chosen: Passage) -> Passage:
        """Of the passages by the same speaker holding the very words (a caption file and the same episode's
        page, say), the one that times them most finely: most time marks for its length."""
        folded = normalise_claim(claim)
        same = [p for p in passages if p.speaker == chosen.speaker and folded in fold(p.text)]
        if len(same) < 2:
            return chosen
        density = []
        for p in same:
            times, lines = decode(await snap.reader.marks(p.doc, p.paragraph))
            density.append((len(times) + len(lines)) / max(1, len(p.text)))
        return same[max(range(len(same)), key=lambda i: (density[i], same[i] is chosen))]

    async def _claim_moment(self, snap: _Snapshot, row: QuoteRow, passage: Passage, claim: str) -> QuoteRow:
        """The quote, timed from where the claimed words begin: a claim may start mid-sentence, or mid-cue."""
        at = original_offset(passage.text, fold(passage.text).find(normalise_claim(claim)))
        if at < 0 or (row.start is None and row.page is None):
            return row
        times, lines = decode(await snap.reader.marks(row.doc, row.paragraph))
        if not times and not lines:
            return row
        start, _, page, line = span_moment(row.start, row.page, times, lines, at, at + len(claim))
        return replace(row, start=start, page=page, line=line)

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
                if key not in paragraphs:  # the claim's other words may come from the whole exchange
                    paragraphs[key] = " ".join(r[4] for r in await snap.reader.paragraphs(
                        key[0], key[1] - MERGED_TURNS, key[1] + MERGED_TURNS))
        # People merge what was said in neighbouring turns ("93% agree with Carson" after Carson's own words):
        # a sentence is as near the claim as the nearest sentence within ``MERGED_TURNS`` paragraphs of it.
        near = {i: max([cos] + [c for j, c in nearest if j in rows and rows[j].doc == rows[i].doc
                                and abs(rows[j].paragraph - rows[i].paragraph) <= MERGED_TURNS])
                for i, cos in nearest if i in rows}
        found = changed_number(claim, probe.model.near, sorted(((i, rows[i].text, near[i], paragraphs[(rows[i].doc, rows[i].paragraph)])
                                              for i in near), key=lambda x: -x[2]))
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
        for n, sp, role, tr, text, start, end, page, line in paras:
            pid = key if n == row.paragraph else firsts.get(n, "")
            prow = QuoteRow(pid, row.doc, n, sp, role, tr, text, 0.0, 0.0, start, end, page, line)
            out.append(Excerpt(pid, text, self._citation(snap, prow)))
        return Context(key, row.paragraph, tuple(out))

    async def stats(self) -> Stats:
        snap = await self._snapshot()
        counts = await snap.reader.counts()
        problems = await snap.reader.problems()
        processes = tuple(await self.shared.reloads.channel.versions()) if self.shared.reloads else ()
        return Stats(**counts, seeds=str(self.settings.seeds), db=str(self.settings.db), built_at=snap.built_at,
                     version=_index_version(snap).split(":")[1], processes=processes,
                     errors=tuple(FileError(s, m, n) for s, n, m, fatal in problems if fatal),
                     warnings=tuple(FileError(s, m, n) for s, n, m, fatal in problems if not fatal))

    async def excerpt(self, quote_id: str) -> Excerpt | None:
        """One quote by id, or None when a reload removed it."""
        snap = await self._snapshot()
        row = await snap.reader.quote(quote_id)
        return self._excerpt(snap, row) if row else None

    async def eligible(self, speaker: str = "", topic: str = "") -> Pool:
        """The quotes a daily filter allows, preferring quotable ones (the scheduler's QuotePool). Raises on a bad filter."""
        snap = await self._snapshot()
        names = await self._speakers(snap, speaker or None)
        match = build_match(parse(topic)) if topic.strip() else None
        for floor in (0.7, 0.0):
            sql, params = snap.reader.eligible_sql(names, match, floor)
            if await snap.reader.exists(sql, params):
                return Pool(sql, params, _index_version(snap))
        raise NotFoundError("No quotes match that filter.")

    async def speakers(self) -> SpeakerDirectory:
        return (await self._snapshot()).speakers

    async def rosters(self, document: str | None = None) -> tuple[DocumentRoster, ...]:
        """Each document's speakers with their name forms and turns, and the labels refused, for review."""
        from .rosters import read_rosters  # parses transcripts: only this command needs the parser

        if document is not None and not document.strip():
            raise UsageError("Name a transcript, e.g. --document interview.txt.")
        return await read_rosters(Path(self.settings.seeds), document, follow_links=self.settings.follow_links)

    # -- reload -----------------------------------------------------------------------------

    async def index_version(self) -> str:
        """A hash of what the index serves: the same in every process serving the same files."""
        return _index_version(await self._snapshot()).split(":")[1]

    async def follow_reloads(self) -> None:
        """A serving process: rebuild whenever an admin reloads in any process (PostgreSQL only)."""
        await self.shared.start(self)

    def on_new_index(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every reload that puts a new index in service here: an admin's, one followed
        from another process, or the seeds watcher's (so what adapters keep from the index can follow).
        Returns the call that stops it."""
        self._on_new_index.append(listener)
        return lambda: self._on_new_index.remove(listener)

    async def admin_reload(self, *, by: str, platform: str, workspace: str) -> ReloadReport:
        """An admin's /reload: audited; this process rebuilds, then every other process is told to."""
        report = await self.reload()
        await self.shared.audit.record(platform, workspace, by, "reload", summary(report))
        if self.shared.reloads is not None:
            await self.shared.reloads.announce(by)
        return report

    async def reload(self, *, progress: Progress | None = None, full: bool = False, wait: bool = True) -> ReloadReport:
        """Re-read the seeds and bring the index up to date (see ``Reloader``); concurrent calls in this process
        share one run. ``wait=False`` returns at once, unchanged, while another process is building."""
        if self._reloading and not self._reloading.done():
            return await asyncio.shield(self._reloading)
        self._reloading = asyncio.ensure_future(self._reload_then_derive(progress or LogProgress(), full, wait))
        return await asyncio.shield(self._reloading)

    async def _reload_then_derive(self, progress: Progress | None, full: bool, wait: bool) -> ReloadReport:
        """The words index goes live first; what is derived from it follows (the facts' value index, the
        acronyms it teaches, vectors on a connection of their own), and answers use whatever is present."""
        before = (await index_state(self._db)).live
        report = await self._reloader.run(progress, full, wait)
        live = (await index_state(self._db)).live
        if live is not None:
            writer = await connect(str(self.settings.db))
            try:
                await quantities.prepare(writer, live)
                await acronyms.prepare(writer, live)
            finally:
                await writer.close()
            await self.semantic.refresh(live, before)
        if report.applied:
            for listener in self._on_new_index:
                listener()
        return report
