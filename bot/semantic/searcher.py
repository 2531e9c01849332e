"""The semantic signal as the service uses it: vectors filled after a build, nearest quotes per query."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiosqlite

from ..store import vectors
from ..store.schema import connect
from .dense import DenseIndex
from .encoder import available, encoder

if TYPE_CHECKING:
    import numpy as np

_log = logging.getLogger(__name__)


SCAN_LIMIT = 200_000
"""Most vectors scanned per query (about 130 ms and 77 MB at this size on this machine; it grows linearly).
Above it the nearest-in-meaning list is skipped and meaning re-ranks the words list's candidates only,
their vectors read by id: search stays fast and serving memory small until an approximate index lands."""
SYNC_LIMIT = 2_000
"""Most missing vectors a reload waits for (about ten seconds of encoding); more are filled in the background."""


class Semantic:
    """One per service. Off when the settings say so or the runtime is missing; then every call is a no-op."""

    def __init__(self, on: bool, db_path: str) -> None:
        self.on = on and available()
        self._db_path = db_path
        self._index: tuple[int, DenseIndex | None] | None = None
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[int] | None = None

    async def refresh(self, g: int, previous: int | None) -> None:
        """Vectors for generation ``g``: copied from ``previous`` where quotes are unchanged, the rest encoded.

        A small fill is waited for; a large one continues in the background, committing as it goes,
        and answers use the vectors present until it completes (an interrupted fill resumes next time).
        """
        if not self.on:
            return
        await self.stop()
        db = await connect(self._db_path)
        try:
            if await vectors.complete(db, g):
                await db.close()
                return
            await vectors.prepare(db, g, previous)
            pending = await vectors.missing_count(db, g, SYNC_LIMIT + 1)
        except BaseException:
            await db.close()
            raise
        self._task = asyncio.create_task(self._fill(db, g))
        if pending <= SYNC_LIMIT:
            await self.wait()
        else:
            _log.info("encoding vectors for over %d quotes in the background; answers use words until they are in",
                      SYNC_LIMIT)

    async def _fill(self, db: aiosqlite.Connection, g: int) -> int:
        from .fill import fill

        try:
            return await fill(db, g)
        finally:
            await db.close()
            self._index = None  # the next query loads the vectors now present

    async def wait(self) -> None:
        """Until the current fill is complete (``quotebot index`` waits; the bots do not)."""
        if self._task:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _dense(self, db: aiosqlite.Connection, g: int) -> DenseIndex | None:
        """All of ``g``'s vectors in memory, or None when there are too many to scan per query."""
        async with self._lock:
            if self._index is None or self._index[0] != g:
                big = await vectors.count(db, g) > SCAN_LIMIT
                self._index = (g, None if big else DenseIndex.from_rows(await vectors.load(db, g)))
            return self._index[1]

    async def probe(self, db: aiosqlite.Connection, g: int, text: str) -> Probe | None:
        """The query's vector against generation ``g``'s vectors; None when off or no vectors exist yet."""
        if not self.on:
            return None
        index = await self._dense(db, g)
        if index is not None and not len(index):
            return None
        vector = await asyncio.to_thread(lambda: encoder().encode([text])[0])
        return Probe(index, vector, db, g)


@dataclass(frozen=True, slots=True)
class Probe:
    index: DenseIndex | None
    """None above SCAN_LIMIT: then only the words list's candidates are scored by meaning."""
    vector: np.ndarray
    db: aiosqlite.Connection
    g: int

    def nearest(self, k: int) -> list[tuple[str, float]]:
        """(quote id, cosine) of the ``k`` quotes nearest in meaning, over the whole index."""
        return self.index.nearest(self.vector, k) if self.index is not None else []

    async def similarity(self, ids: list[str]) -> dict[str, float]:
        index = self.index if self.index is not None else DenseIndex.from_rows(await vectors.of(self.db, self.g, ids))
        return index.similarity(self.vector, ids)
