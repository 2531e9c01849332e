"""Dense retrieval: the quotes whose vectors are nearest a query's, over the whole index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

CHUNK = 65_536
"""Rows scored at once: int8 rows are widened to float32 a chunk at a time, never all together."""


@dataclass(frozen=True, slots=True)
class DenseIndex:
    ids: np.ndarray
    """Quote ids (12-byte strings), sorted, in the order of ``matrix``'s rows."""
    matrix: np.ndarray
    """int8 vectors, one row per quote (unit vectors scaled by 127)."""

    @classmethod
    def from_rows(cls, rows: list[tuple[str, bytes]]) -> DenseIndex:
        """``rows`` of (quote id, int8 vector bytes), sorted by id."""
        import numpy as np

        ids = np.array([i.encode() for i, _ in rows], dtype="S12")
        if not rows:
            return cls(ids, np.zeros((0, 1), dtype=np.int8))
        matrix = np.frombuffer(b"".join(v for _, v in rows), dtype=np.int8).reshape(len(rows), -1)
        return cls(ids, matrix)

    def __len__(self) -> int:
        return len(self.ids)

    def _scores(self, query: np.ndarray, rows: np.ndarray | slice) -> np.ndarray:
        import numpy as np

        return self.matrix[rows].astype(np.float32) @ (query.astype(np.float32) / 127.0)

    def nearest(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(quote id, cosine) of the ``k`` nearest quotes, nearest first."""
        import numpy as np

        if not len(self) or k <= 0:
            return []
        scores = np.empty(len(self), dtype=np.float32)
        for start in range(0, len(self), CHUNK):
            scores[start : start + CHUNK] = self._scores(query, slice(start, start + CHUNK))
        k = min(k, len(self))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i].decode(), float(scores[i])) for i in top]

    def similarity(self, query: np.ndarray, ids: list[str]) -> dict[str, float]:
        """Cosine of the query with each of these quotes (those that have a vector)."""
        import numpy as np

        if not len(self) or not ids:
            return {}
        wanted = np.array([i.encode() for i in ids], dtype="S12")
        at = np.minimum(np.searchsorted(self.ids, wanted), len(self) - 1)
        found = self.ids[at] == wanted
        scores = self._scores(query, at[found])
        return {w.decode(): float(s) for w, s in zip(wanted[found], scores, strict=True)}
