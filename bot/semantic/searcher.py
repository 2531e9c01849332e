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
from .encoder import MODELS, SentenceModel, available, encoder

if TYPE_CHECKING:
    import numpy as np

_log = logging.getLogger(__name__)


SCAN_LIMIT = 200_000
"""Most vectors scanned per query (with mpnet's 768 bytes a quote, about 150 MB and 0.25 s at this size on this
machine; half that with MiniLM; it grows linearly).
Above it the nearest-in-meaning list is skipped and meaning re-ranks the words list's candidates only,
their vectors read by id: search stays fast and serving memory small until an approximate index lands."""
SYNC_LIMIT = 1_000
"""Most missing vectors a reload waits for (about 40 seconds of encoding with mpnet on two cores, 6 with MiniLM,
which is what a first index of a few transcripts needs); more are filled in the background."""


class Semantic:
    """One per service. Off when the settings say so or the runtime is missing; then every call is a no-op."""

    def __init__(self, model: str, db_path: str) -> None:
        """``model``: a key of ``MODELS``, or "" for off."""
        self.model: SentenceModel | None = MODELS[model] if model and available(model) else None
        self._db_path = db_path
        self._index: tuple[int, DenseIndex | None] | None = None
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[int] | None = None

    async def refresh(self, g: int, previous: int | None) -> None:
        """Vectors for generation ``g``: copied from ``previous`` where quotes are unchanged, the rest encoded.

        A small fill is waited for; a large one continues in the background, committing as it goes,
        and answers use the vectors present until it completes (an interrupted fill resumes next time).
        """
        if self.model is None:
            return
        await self.stop()
        db = await connect(self._db_path)
        try:
            if await vectors.complete(db, g, self._key):
                await db.close()
                return
            await vectors.prepare(db, g, self._key, previous)
            pending = await vectors.missing_count(db, g, self._key, SYNC_LIMIT + 1)
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
            return await fill(db, g, self._key)
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
                big = await vectors.count(db, g, self._key) > SCAN_LIMIT
                self._index = (g, None if big else DenseIndex.from_rows(await vectors.load(db, g, self._key)))
            return self._index[1]

    async def probe(self, db: aiosqlite.Connection, g: int, text: str) -> Probe | None:
        """The query's vector against generation ``g``'s vectors; None when off or no vectors exist yet."""
        if self.model is None:
            return None
        index = await self._dense(db, g)
        if index is not None and not len(index):
            return None
        vector = await asyncio.to_thread(lambda: encoder(self._key).encode([text])[0])
        return Probe(self.model, index, vector, db, g)

    @property
    def _key(self) -> str:
        return self.model.key if self.model else ""


@dataclass(frozen=True, slots=True)
class Probe:
    model: SentenceModel
    """Whose vectors these are, and so how near is near (``floor``, ``near``)."""
    index: DenseIndex | None
    """None above SCAN_LIMIT: then only the words list's candidates are scored by meaning."""
    vector: np.ndarray
    db: aiosqlite.Connection
    g: int

    def nearest(self, k: int) -> list[tuple[str, float]]:
        """(quote id, cosine) of the ``k`` quotes nearest in meaning, over the whole index."""
        return self.index.nearest(self.vector, k) if self.index is not None else []

    async def similarity(self, ids: list[str]) -> dict[str, float]:
        index = self.index if self.index is not None else DenseIndex.from_rows(await vectors.of(self.db, self.g, self.model.key, ids))
        return index.similarity(self.vector, ids)
