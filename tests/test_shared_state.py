"""QUOTEBOT_DATABASE_URL moves the shared state to PostgreSQL: the schedule is there, not in the local file."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import asyncpg

from .env import child_env
from .fakes import FakeClock
from .test_daily import FakePublisher

ROOT = Path(__file__).resolve().parents[1]
ENV = child_env()


async def test_the_schedule_and_the_claim_live_in_postgresql(pg_url: str, open_service, seed_dir: Path,
                                                             tmp_path: Path) -> None:
    service = await open_service(seed_dir, tmp_path / "local.db", database_url=pg_url)
    clock = FakeClock(datetime(2025, 1, 1, 9, 0, tzinfo=UTC))
    service.daily.clock = clock
    service.daily.register(FakePublisher(clock))
    await service.daily_commands.set("console", "w", "#q", "09:00", "UTC", set_by="u1")
    await service.daily.run_once()
    conn = await asyncpg.connect(pg_url)
    try:
        assert await conn.fetchval("SELECT set_by FROM daily_schedules WHERE channel = '#q'") == "u1"
        assert await conn.fetchval("SELECT count(*) FROM daily_posts WHERE sent_at IS NOT NULL") == 1
    finally:
        await conn.close()
    async with aiosqlite.connect(tmp_path / "local.db") as db, db.execute("SELECT count(*) FROM schedules") as cur:
        assert (await cur.fetchone())[0] == 0


def test_an_unreachable_server_is_one_line_with_the_address_never_the_password(tmp_path: Path, seed_dir: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://bot:hunter2@127.0.0.1:{port}/quotes"
    out = subprocess.run([sys.executable, "-m", "adapters.cli", "stats", "--db", str(tmp_path / "s.db"),
                          "--seeds", str(seed_dir)], capture_output=True, text=True, timeout=60,
                         env=ENV | {"QUOTEBOT_DATABASE_URL": url}, cwd=ROOT)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}/quotes" in lines[0], out.stderr
    assert "hunter2" not in out.stderr and "Traceback" not in out.stderr


async def test_a_reload_requested_while_the_listener_was_down_is_followed(pg_url: str, open_service, seed_dir: Path,
                                                                         tmp_path: Path) -> None:
    follower = await open_service(seed_dir, tmp_path / "a.db", database_url=pg_url)
    admin = await open_service(seed_dir, tmp_path / "b.db", database_url=pg_url)
    await follower.follow_reloads()
    conn = await asyncpg.connect(pg_url)
    try:
        # The follower's LISTEN connection is cut (a server restart, a proxy timeout) and cannot come back yet ...
        base, name = pg_url.rsplit("/", 1)
        server = await asyncpg.connect(f"{base}/postgres")
        await server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        cut = await conn.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
        assert cut == 1
        # ... and a reload is requested before it is back: the notification never reaches it.
        (seed_dir / "extra.txt").write_text("Extra remarks\n\nJane Doe: The ferry timetable changes in March.\n",
                                            encoding="utf-8")
        assert (await admin.admin_reload(by="u1", platform="console", workspace="w")).applied
        await server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await server.close()
        request = await conn.fetchval("SELECT max(id) FROM reload_requests")
        for _ in range(100):
            row = await conn.fetchrow("SELECT version, request_id FROM index_versions WHERE process = $1",
                                      follower.shared.reloads.process)
            if row and row["request_id"] == request:
                break
            await asyncio.sleep(0.1)
        assert row["request_id"] == request and row["version"] == await admin.index_version()
        assert await follower.index_version() == await admin.index_version()
    finally:
        await conn.close()
