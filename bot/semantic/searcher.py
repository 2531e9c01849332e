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


SYNC_LIMIT = 2_000
"""Most missing vectors a reload waits for (about ten seconds of encoding); more are filled in the background."""


class Semantic:
    """One per service. Off when the settings say so or the runtime is missing; then every call is a no-op."""

    def __init__(self, on: bool, db_path: str) -> None:
        self.on = on and available()
        self._db_path = db_path
        self._index: tuple[int, DenseIndex] | None = None
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

    async def _dense(self, db: aiosqlite.Connection, g: int) -> DenseIndex:
        async with self._lock:
            if self._index is None or self._index[0] != g:
                self._index = (g, DenseIndex.from_rows(await vectors.load(db, g)))
            return self._index[1]

    async def probe(self, db: aiosqlite.Connection, g: int, text: str) -> Probe | None:
        """The query's vector against generation ``g``'s vectors; None when off or no vectors exist yet."""
        if not self.on:
            return None
        index = await self._dense(db, g)
        if not len(index):
            return None
        vector = await asyncio.to_thread(lambda: encoder().encode([text])[0])
        return Probe(index, vector)


@dataclass(frozen=True, slots=True)
class Probe:
    index: DenseIndex
    vector: np.ndarray

    def nearest(self, k: int) -> list[tuple[str, float]]:
        """(quote id, cosine) of the ``k`` quotes nearest in meaning, over the whole index."""
        return self.index.nearest(self.vector, k)

    def similarity(self, ids: list[str]) -> dict[str, float]:
        return self.index.similarity(self.vector, ids)
