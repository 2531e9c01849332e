"""Where the state shared between processes lives: the SQLite file by default, PostgreSQL when
QUOTEBOT_DATABASE_URL is set. The search index is always local (see README, "Scaling out")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiosqlite

from .audit import AuditLog
from .config import Settings
from .daily.ports import DailyState
from .daily.store import DailyStore
from .gate import StartGate
from .reloads import Reloadable, ReloadCoordinator

if TYPE_CHECKING:
    import asyncpg

    from .store.deliveries import Deliveries
    from .store.installs import Installs


@dataclass
class SharedState:
    daily: DailyState
    audit: AuditLog
    reloads: ReloadCoordinator | None = None
    """None on one machine (SQLite): a reload there is this process's own."""
    start_gate: StartGate | None = None
    """Serialises Discord IDENTIFYs across processes (PostgreSQL only; one process needs no gate)."""
    pg: asyncpg.Pool | None = None

    async def start(self, target: Reloadable) -> None:
        """Follow reloads requested in any process, from now on."""
        if self.reloads is not None:
            await self.reloads.start(target)

    async def close(self) -> None:
        try:
            if self.reloads is not None:
                await self.reloads.close()
        finally:
            if self.start_gate is not None:
                await self.start_gate.close()
            close = getattr(self.audit, "close", None)
            if close is not None:
                await close()
            if self.pg is not None:
                await self.pg.close()


async def open_shared_state(settings: Settings, index_db: aiosqlite.Connection,
                            daily_db: aiosqlite.Connection) -> SharedState:
    """PostgreSQL when the settings name one (raising one clear line when it cannot be reached), else the file."""
    if not settings.database_url:
        from .store.audit import SqliteAuditLog

        return SharedState(DailyStore(daily_db), await SqliteAuditLog.open(str(settings.db)))
    # Imported here: the default install never loads the PostgreSQL driver.
    from .store.pg import open_pool
    from .store.pg_audit import PgAuditLog
    from .store.pg_daily import PgDailyStore
    from .store.pg_gate import PgStartGate
    from .store.pg_reload import PgReloadChannel

    pool = await open_pool(settings.database_url)
    return SharedState(PgDailyStore(pool, index_db), PgAuditLog(pool),
                       ReloadCoordinator(PgReloadChannel(pool, settings.database_url)), PgStartGate(pool), pool)


async def open_installs(shared: SharedState, settings: Settings) -> Installs:
    """Where app installations live: beside the rest of the shared state."""
    if shared.pg is not None:
        from .store.pg_installs import PgInstalls

        return PgInstalls(shared.pg)
    from .store.installs import SqliteInstalls

    return await SqliteInstalls.open(str(settings.db))


async def open_deliveries(shared: SharedState, settings: Settings) -> Deliveries:
    """Where the ids of deliveries already handled live: beside the rest of the shared state, so a retry
    sent to another process is known there too."""
    if shared.pg is not None:
        from .store.pg_deliveries import PgDeliveries

        return PgDeliveries(shared.pg)
    from .store.deliveries import SqliteDeliveries

    return await SqliteDeliveries.open(str(settings.db))
