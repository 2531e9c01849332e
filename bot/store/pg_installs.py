"""App installations and OAuth states in PostgreSQL (tables in pg.SCHEMA): every worker sees every install."""

from __future__ import annotations

import time

import asyncpg


class PgInstalls:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def close(self) -> None:
        """The pool belongs to the shared state, which closes it."""

    async def save(self, platform: str, enterprise: str, workspace: str, record: str) -> None:
        await self.pool.execute("INSERT INTO app_installations VALUES ($1,$2,$3,$4,now()) ON CONFLICT (platform, "
                                "enterprise, workspace) DO UPDATE SET record = excluded.record, "
                                "installed_at = excluded.installed_at", platform, enterprise, workspace, record)

    async def find(self, platform: str, enterprise: str, workspace: str) -> str | None:
        record = await self.pool.fetchval("SELECT record FROM app_installations WHERE platform = $1 AND "
                                          "enterprise = $2 AND workspace = $3", platform, enterprise, workspace)
        return None if record is None else str(record)

    async def find_workspace(self, platform: str, workspace: str) -> str | None:
        record = await self.pool.fetchval("SELECT record FROM app_installations WHERE platform = $1 AND "
                                          "workspace = $2 ORDER BY installed_at DESC LIMIT 1", platform, workspace)
        return None if record is None else str(record)

    async def delete(self, platform: str, enterprise: str, workspace: str) -> None:
        await self.pool.execute("DELETE FROM app_installations WHERE platform = $1 AND enterprise = $2 "
                                "AND workspace = $3", platform, enterprise, workspace)

    async def issue_state(self, state: str, expires_at: float) -> None:
        await self.pool.execute("INSERT INTO oauth_states VALUES ($1, $2)", state, expires_at)

    async def consume_state(self, state: str) -> bool:
        expires = await self.pool.fetchval("DELETE FROM oauth_states WHERE state = $1 RETURNING expires_at", state)
        return expires is not None and float(expires) > time.time()
