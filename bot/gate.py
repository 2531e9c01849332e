"""A gate shared by every process: one passes per bucket, and the next waits ``hold`` seconds after it."""

from __future__ import annotations

from typing import Protocol


class StartGate(Protocol):
    async def pass_through(self, bucket: int, hold: float) -> None:
        """Return once this process may go (e.g. IDENTIFY a Discord shard); the bucket stays closed to every
        other process for ``hold`` seconds from then, or until this process dies."""

    async def close(self) -> None: ...
