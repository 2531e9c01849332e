"""Bring the index up to date with the seeds folder: in place for a few changed files, as a new generation
for a full rebuild, a new format or a change of most files. One builder per database file across processes."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import aiosqlite

from .errors import SeedsError, StoreError
from .freshness import Changes, changes
from .models import FileError, ReloadReport
from .store.lock import BuildLock
from .store.progress import Progress
from .store.schema import (
    connect,
    describe,
    drop_generation,
    drop_unused,
    index_state,
    quote_delta,
    refuse_newer,
    serving_complete,
)

if TYPE_CHECKING:
    from .service import QuoteService

_log = logging.getLogger(__name__)


class Reloader:
    """Validates every change before answers see it; the old index keeps serving when anything is wrong."""

    def __init__(self, service: QuoteService) -> None:
        self.service = service
        self._lock = asyncio.Lock()
        self._build_lock = BuildLock(service.settings.db)
        self._identity = _identity(service.settings.db)

    def _check_db_file(self) -> None:
        """A writer opened on a path whose file was deleted would start an empty database there."""
        if _identity(self.service.settings.db) != self._identity:
            raise StoreError(f"the database file {self.service.settings.db} was deleted or replaced while quotebot was "
                             "running; answers keep coming from the open index; restart quotebot to build again")

    async def run(self, progress: Progress | None, full: bool, wait: bool) -> ReloadReport:
        async with self._lock, self._build_lock.hold(wait=wait) as held:
            if not held:
                return ReloadReport(changed=False, applied=False, stats=await self.service.stats())
            self._check_db_file()
            try:
                return await self._reload_locked(progress, full)
            except sqlite3.Error as exc:
                raise StoreError(describe(exc, str(self.service.settings.db)) + "; the serving index was kept") from None

    async def _reload_locked(self, progress: Progress | None, full: bool) -> ReloadReport:
        state = await index_state(self.service.db)
        refuse_newer(state)
        if state.live is not None and not state.current:
            _log.warning("the index was built by an older quotebot; rebuilding it")
        elif state.live is not None and not await serving_complete(self.service.db, state):
            _log.warning("the live index generation %d is incomplete; rebuilding it", state.live)
            state = replace(state, format="")  # rebuilt in full, as for another format
        old_docs = await self.service.documents() if state.current else {}
        plan = await changes(Path(self.service.settings.seeds), old_docs, self.service.settings.follow_links)
        if not plan.files and state.live is None:
            raise SeedsError(f"no transcripts in {self.service.settings.seeds}")
        if not plan.files:
            empty = "the seeds folder has no transcripts; keeping the current index"
            return ReloadReport(True, False, removed=plan.removed,
                                errors=(FileError(str(self.service.settings.seeds), empty),))
        # The indexer's modules load only when something is written.
        from .store.update import record_mtimes
        from .store.writer import terms_fingerprint

        writer = await connect(str(self.service.settings.db))
        try:
            if state.current and state.live is not None:
                await record_mtimes(writer, state.live, plan.touched)
            if state.live is not None and plan.none and not full:
                return ReloadReport(changed=False, applied=False, stats=await self.service.stats())
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
        errors = tuple(FileError(s or str(self.service.settings.seeds), m, n) for s, n, m in result.errors)
        if not result.applied:
            return ReloadReport(True, False, errors=errors, stats=await self.service.stats())
        stats = await self.service.stats()
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
        result = await build_generation(writer, str(self.service.settings.seeds), plan.files, reuse=plan.reuse,
                                        serving=copy_from, progress=progress)
        errors = tuple(FileError(s, m, n) for s, n, m in result.errors)
        if result.quotes == 0 or (errors and live is not None):
            await drop_generation(writer, result.generation)
            if result.quotes == 0:
                errors += (FileError(str(self.service.settings.seeds), "no quotes found: are the speaker labels there (e.g. 'Jane Doe:')?"),)
            if live is None:
                raise SeedsError("; ".join(e.describe() for e in errors))
            return ReloadReport(True, False, errors=errors, stats=await self.service.stats())
        q_added, q_removed = await quote_delta(writer, live if old_docs else None, result.generation)
        previous = await swap_live(writer, result.generation)
        await drop_unused(writer, keep=(result.generation, previous))  # a reader may still be on the previous one
        stats = await self.service.stats()
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
