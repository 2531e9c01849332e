"""One index builder per database file, across processes: an OS lock on a sidecar file.

``flock`` belongs to the open file, so the kernel releases it when its process dies, even by
``kill -9``: a lock left behind by a crashed build never blocks the next one.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from ..errors import StoreError

_log = logging.getLogger(__name__)
POLL_SECONDS = 0.05


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


class BuildLock:
    """Held for a whole build and its swap. Waiting polls, so a waiting task can be cancelled."""

    def __init__(self, db: Path) -> None:
        self.path = lock_path(db)

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from None

    @asynccontextmanager
    async def hold(self, *, wait: bool = True) -> AsyncIterator[bool]:
        """Yields True once held; with ``wait=False`` yields False at once if another builder has it."""
        fd = self._open()
        try:
            waited = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not wait:
                        yield False
                        return
                    if not waited:
                        _log.warning("another process is building the index of this database; waiting for it")
                        waited = True
                    await asyncio.sleep(POLL_SECONDS)
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
