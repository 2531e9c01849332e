"""Indexing progress as the bots report it: a log line every few seconds."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

_log = logging.getLogger(__name__)


class LogProgress:
    """Progress for the bots' logs: a line every few seconds once indexing takes more than one."""

    def __init__(self, every: float = 5.0) -> None:
        self.start = time.monotonic()
        self.every = every
        self.last = self.start

    def __call__(self, done: int, total: int, paragraphs: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every and done < total:
            return
        self.last = now
        elapsed = now - self.start
        left = elapsed / done * (total - done) if done else 0.0
        _log.info("indexing: %d/%d documents, %.0f paragraphs/s, %.0fs left", done, total,
                  paragraphs / elapsed if elapsed else 0.0, left)


Progress = Callable[[int, int, int], None]
"""Called with (documents done, documents in all, paragraphs done)."""
