"""The audit of admin actions (/daily set, off, now; /reload): who did what, where, and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class AdminAction:
    at: str
    platform: str
    workspace: str
    actor: str
    action: str
    detail: str


class AuditLog(Protocol):
    """Kept in the SQLite file (``bot.store.audit``) or in PostgreSQL (``bot.store.pg_audit``)."""

    async def record(self, platform: str, workspace: str, actor: str, action: str, detail: str) -> None: ...

    async def recent(self, limit: int = 20) -> list[AdminAction]:
        """The latest actions, newest first."""
