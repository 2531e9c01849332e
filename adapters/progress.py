"""A terminal progress bar for indexing that takes more than a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, stream: TextIO = sys.stderr, delay: float = 1.0) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False
        self.last = 0.0

    def __call__(self, done: int, total: int, paragraphs: int) -> None:
        now = time.monotonic()
        elapsed = now - self.start
        if elapsed < self.delay or (now - self.last < 0.2 and done < total):
            return
        self.last = now
        rate = paragraphs / elapsed if elapsed else 0.0
        left = elapsed / done * (total - done) if done else 0.0
        width = 30
        filled = int(width * done / max(total, 1))
        line = (f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents, "
                f"{rate:,.0f} paragraphs/s, {left:,.0f}s left ")
        if self.stream.isatty():
            self.stream.write(line)
            self.stream.flush()
            self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
