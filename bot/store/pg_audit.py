"""The audit of admin actions in PostgreSQL: one log for every process."""

from __future__ import annotations

import asyncpg

from ..audit import AdminAction


class PgAuditLog:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def record(self, platform: str, workspace: str, actor: str, action: str, detail: str) -> None:
        await self.pool.execute("INSERT INTO admin_audit (platform, workspace, actor, action, detail) "
                                "VALUES ($1,$2,$3,$4,$5)", platform, workspace, actor, action, detail[:500])

    async def recent(self, limit: int = 20) -> list[AdminAction]:
        rows = await self.pool.fetch("SELECT at, platform, workspace, actor, action, detail FROM admin_audit "
                                     "ORDER BY id DESC LIMIT $1", limit)
        return [AdminAction(r[0].isoformat(timespec="seconds"), r[1], r[2], r[3], r[4], r[5]) for r in rows]
