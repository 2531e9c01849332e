"""Where the state shared between processes lives: the SQLite file by default, PostgreSQL when
QUOTEBOT_DATABASE_URL is set. The search index is always local (see README, "Scaling out")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiosqlite

from .config import Settings
from .daily.ports import DailyState
from .daily.store import DailyStore

if TYPE_CHECKING:
    import asyncpg


@dataclass
class SharedState:
    daily: DailyState
    pg: asyncpg.Pool | None = None

    async def close(self) -> None:
        if self.pg is not None:
            await self.pg.close()


async def open_shared_state(settings: Settings, index_db: aiosqlite.Connection,
                            daily_db: aiosqlite.Connection) -> SharedState:
    """PostgreSQL when the settings name one (raising one clear line when it cannot be reached), else the file."""
    if not settings.database_url:
        return SharedState(DailyStore(daily_db))
    # Imported here: the default install never loads the PostgreSQL driver.
    from .store.pg import open_pool
    from .store.pg_daily import PgDailyStore

    pool = await open_pool(settings.database_url)
    return SharedState(PgDailyStore(pool, index_db), pool)
