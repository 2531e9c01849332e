"""App installations per workspace and the OAuth flow's one-time states, in the SQLite file.

What a platform's OAuth flow needs to keep (Slack's install in many workspaces): each workspace's
installation as an opaque JSON record, and the short-lived ``state`` values that tie an install's redirect
to the browser that started it. The adapter translates these to its platform's store interface.
"""

from __future__ import annotations

import time
from typing import Protocol

import aiosqlite

from .schema import connect_with

_TABLES = (
    "CREATE TABLE IF NOT EXISTS app_installations (platform TEXT NOT NULL, enterprise TEXT NOT NULL, "
    "workspace TEXT NOT NULL, record TEXT NOT NULL, installed_at REAL NOT NULL, "
    "PRIMARY KEY (platform, enterprise, workspace))",
    "CREATE TABLE IF NOT EXISTS oauth_states (state TEXT PRIMARY KEY, expires_at REAL NOT NULL)",
)


class Installs(Protocol):
    """One installation per (platform, enterprise, workspace): a new install of the same workspace replaces it."""

    async def save(self, platform: str, enterprise: str, workspace: str, record: str) -> None: ...
    async def find(self, platform: str, enterprise: str, workspace: str) -> str | None: ...
    async def find_workspace(self, platform: str, workspace: str) -> str | None:
        """The workspace's installation whatever organisation it belongs to (the newest, should there be two):
        for what knows only the workspace, such as a quote of the day's schedule."""
        ...
    async def delete(self, platform: str, enterprise: str, workspace: str) -> None: ...
    async def issue_state(self, state: str, expires_at: float) -> None: ...
    async def consume_state(self, state: str) -> bool:
        """True once for a state issued and not expired; it is gone afterwards either way."""
        ...
    async def close(self) -> None: ...


class SqliteInstalls:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    @classmethod
    async def open(cls, path: str) -> SqliteInstalls:
        return cls(await connect_with(path, _TABLES))

    async def close(self) -> None:
        await self.db.close()

    async def save(self, platform: str, enterprise: str, workspace: str, record: str) -> None:
        await self.db.execute("INSERT INTO app_installations VALUES (?,?,?,?,?) ON CONFLICT (platform, enterprise, "
                              "workspace) DO UPDATE SET record = excluded.record, installed_at = excluded.installed_at",
                              (platform, enterprise, workspace, record, time.time()))
        await self.db.commit()

    async def find(self, platform: str, enterprise: str, workspace: str) -> str | None:
        async with self.db.execute("SELECT record FROM app_installations WHERE platform = ? AND enterprise = ? "
                                   "AND workspace = ?", (platform, enterprise, workspace)) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def find_workspace(self, platform: str, workspace: str) -> str | None:
        async with self.db.execute("SELECT record FROM app_installations WHERE platform = ? AND workspace = ? "
                                   "ORDER BY installed_at DESC LIMIT 1", (platform, workspace)) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def delete(self, platform: str, enterprise: str, workspace: str) -> None:
        await self.db.execute("DELETE FROM app_installations WHERE platform = ? AND enterprise = ? AND workspace = ?",
                              (platform, enterprise, workspace))
        await self.db.commit()

    async def issue_state(self, state: str, expires_at: float) -> None:
        await self.db.execute("INSERT INTO oauth_states VALUES (?, ?)", (state, expires_at))
        await self.db.commit()

    async def consume_state(self, state: str) -> bool:
        # One statement: of two redirects with the same state, only one deletes the row.
        async with self.db.execute("DELETE FROM oauth_states WHERE state = ? RETURNING expires_at", (state,)) as cur:
            row = await cur.fetchone()
        await self.db.commit()
        return row is not None and float(row[0]) > time.time()
