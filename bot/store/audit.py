"""The audit of admin actions in the SQLite file, on a connection of its own (writes never join a daily claim's
transaction). The table is made here, on opening: it is a log, not part of the index's migrations."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from ..audit import AdminAction
from .schema import connect_with

_TABLE = ("CREATE TABLE IF NOT EXISTS admin_audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, platform TEXT NOT NULL, "
          "workspace TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)")


class SqliteAuditLog:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    @classmethod
    async def open(cls, path: str) -> SqliteAuditLog:
        return cls(await connect_with(path, (_TABLE,)))

    async def close(self) -> None:
        await self.db.close()

    async def record(self, platform: str, workspace: str, actor: str, action: str, detail: str) -> None:
        await self.db.execute("INSERT INTO admin_audit (at, platform, workspace, actor, action, detail) VALUES (?,?,?,?,?,?)",
                              (datetime.now(UTC).isoformat(timespec="seconds"), platform, workspace, actor, action,
                               detail[:500]))
        await self.db.commit()

    async def recent(self, limit: int = 20) -> list[AdminAction]:
        async with self.db.execute("SELECT at, platform, workspace, actor, action, detail FROM admin_audit "
                                   "ORDER BY id DESC LIMIT ?", (limit,)) as cur:
            return [AdminAction(*row) for row in await cur.fetchall()]
