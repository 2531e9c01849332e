"""The shared-state database on PostgreSQL (QUOTEBOT_DATABASE_URL): connecting, and its schema."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

import asyncpg

from ..errors import SeedsError

_log = logging.getLogger(__name__)
CONNECT_TIMEOUT = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS daily_schedules (
    id BIGSERIAL PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL,
    local_time TEXT NOT NULL, timezone TEXT NOT NULL, speaker TEXT NOT NULL, topic TEXT NOT NULL,
    enabled BOOLEAN NOT NULL, paused_reason TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL,
    UNIQUE (platform, workspace, channel)
);
-- added after the first release: a database made before it gets the column here (the schema runs at every start)
ALTER TABLE daily_schedules ADD COLUMN IF NOT EXISTS card BOOLEAN NOT NULL DEFAULT false;
CREATE TABLE IF NOT EXISTS daily_posts (
    schedule_id BIGINT NOT NULL REFERENCES daily_schedules (id), local_date TEXT NOT NULL, quote_id TEXT NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL, owner TEXT NOT NULL, sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '', PRIMARY KEY (schedule_id, local_date)
);
CREATE TABLE IF NOT EXISTS daily_cycle (
    schedule_id BIGINT NOT NULL, quote_id TEXT NOT NULL, position DOUBLE PRECISION NOT NULL, used BOOLEAN NOT NULL,
    PRIMARY KEY (schedule_id, quote_id)
);
CREATE INDEX IF NOT EXISTS daily_cycle_next ON daily_cycle (schedule_id, used, position);
CREATE TABLE IF NOT EXISTS daily_cycle_sync (schedule_id BIGINT PRIMARY KEY, filter TEXT NOT NULL, version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS admin_audit (
    id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), platform TEXT NOT NULL, workspace TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reload_requests (
    id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), requested_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS app_installations (
    platform TEXT NOT NULL, enterprise TEXT NOT NULL, workspace TEXT NOT NULL, record TEXT NOT NULL,
    installed_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (platform, enterprise, workspace)
);
CREATE TABLE IF NOT EXISTS oauth_states (state TEXT PRIMARY KEY, expires_at DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS seen_deliveries (
    platform TEXT NOT NULL, id TEXT NOT NULL, seen_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (platform, id)
);
CREATE INDEX IF NOT EXISTS seen_deliveries_age ON seen_deliveries (seen_at);
CREATE TABLE IF NOT EXISTS index_versions (
    process TEXT PRIMARY KEY, version TEXT NOT NULL, request_id BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""
_SCHEMA_LOCK = 0x71756F74  # "quot": one process creates the tables, the others wait for it


def where(url: str) -> str:
    """host:port/database of a URL: what an error may show (never the user or password)."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port or 5432}{parts.path or '/'}"


async def open_pool(url: str) -> asyncpg.Pool:
    """A connection pool with the schema in place; one clear line when the server cannot be had."""
    try:
        pool = await asyncio.wait_for(asyncpg.create_pool(url, min_size=1, max_size=8), CONNECT_TIMEOUT)
    except TimeoutError:
        raise SeedsError(f"cannot reach PostgreSQL at {where(url)}: no answer in {CONNECT_TIMEOUT:.0f} s") from None
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        secret = urlsplit(url).password
        if secret:
            reason = reason.replace(secret, "***")
        raise SeedsError(f"cannot reach PostgreSQL at {where(url)}: {reason[:160]}") from None
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _SCHEMA_LOCK)
        await conn.execute(SCHEMA)
    _log.info("shared state on PostgreSQL at %s", where(url))
    return pool
