"""Reload coordination across processes: an admin /reload in any process reaches every process.

Each process keeps its own local index; what they share is the request (a row plus a notification in
PostgreSQL) and each process's report of the index version it now serves, which /about lists.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from typing import Protocol

from .models import ProcessVersion, ReloadReport

_log = logging.getLogger(__name__)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class ReloadChannel(Protocol):
    async def request(self, by: str) -> int:
        """Record a reload request and tell every listening process; returns its id."""

    async def listen(self, on_request: Callable[[int], None]) -> None:
        """Call ``on_request(id)`` for every request made from now on (by any process, this one included)."""

    async def report(self, process: str, version: str, request: int) -> None: ...

    async def versions(self) -> list[ProcessVersion]: ...

    async def forget(self, process: str) -> None:
        """A process leaving cleanly takes its line off /about (one killed keeps it, with its time)."""

    async def close(self) -> None: ...


class Reloadable(Protocol):
    async def reload(self) -> ReloadReport: ...

    async def index_version(self) -> str: ...


def summary(report: ReloadReport) -> str:
    """One line for the audit log."""
    if not report.changed:
        return "unchanged"
    if not report.applied:
        return f"refused: {len(report.errors)} problems"
    return (f"applied: {len(report.added)} added, {len(report.modified)} changed, {len(report.removed)} removed "
            f"documents; {report.quotes_added} quotes added, {report.quotes_removed} removed")


class ReloadCoordinator:
    def __init__(self, channel: ReloadChannel) -> None:
        self.channel = channel
        self.process = process_name()
        self._target: Reloadable | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self, target: Reloadable) -> None:
        self._target = target
        await self.channel.report(self.process, await target.index_version(), 0)
        await self.channel.listen(self._requested)

    def _requested(self, request: int) -> None:
        task = asyncio.ensure_future(self._follow(request))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _follow(self, request: int) -> None:
        assert self._target is not None
        try:
            report = await self._target.reload()
            await self.channel.report(self.process, await self._target.index_version(), request)
        except Exception:  # one process failing to follow must not stop it serving its current index
            _log.exception("following reload request %d failed; still serving the previous index", request)
            return
        _log.info("reload request %d followed: %s", request, "new index" if report.applied else "index unchanged")

    async def announce(self, by: str) -> int:
        return await self.channel.request(by)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        try:
            await self.channel.forget(self.process)
        finally:
            await self.channel.close()
