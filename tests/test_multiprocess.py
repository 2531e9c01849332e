"""Real bot processes on one PostgreSQL: each channel's quote of the day goes out exactly once, also when a
process is killed with SIGKILL and restarted, and when a process died holding an unsent claim."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from bot.store.pg import open_pool
from bot.store.pg_daily import PgDailyStore

from .env import child_env

ROOT = Path(__file__).resolve().parents[1]
ENV = child_env()
CHANNELS = [f"#c{n}" for n in range(6)]
POST = re.compile(r"^\[(#c\d)\] Quote of the day$", re.M)


class Bot:
    """One `quotebot console` process with its own local index file, its stdout kept in a file."""

    def __init__(self, name: str, tmp: Path, seeds: Path, url: str) -> None:
        self.out = tmp / f"{name}.out"
        self.args = [sys.executable, "-m", "adapters.cli", "console", "--db", str(tmp / f"{name}.db"), "--seeds", str(seeds)]
        self.env = ENV | {"QUOTEBOT_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        self.proc: subprocess.Popen[str] | None = None
        self.start()

    def start(self) -> None:
        with self.out.open("a") as out:
            self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, text=True,
                                         cwd=ROOT, env=self.env)

    def kill(self) -> None:
        assert self.proc
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            assert self.proc.stdin
            self.proc.stdin.close()  # end of input: the console leaves cleanly
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def ask(self, line: str) -> None:
        assert self.proc and self.proc.stdin
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def answered(self, marker: str) -> int:
        return self.out.read_text(errors="replace").count(marker)

    def posts(self) -> list[str]:
        return POST.findall(self.out.read_text(errors="replace"))


def _due_a_minute_ago() -> tuple[str, str]:
    """A post time a minute ago in a zone where that is mid-day, so it never falls on the day before."""
    now = datetime.now(UTC)
    shift = 12 - now.hour  # UTC+shift puts local time near noon; Etc/GMT signs are reversed
    zone = "Etc/UTC" if shift == 0 else f"Etc/GMT{-shift:+d}"
    local = now + timedelta(hours=shift) - timedelta(minutes=1)
    return f"{local:%H:%M}", zone


def _wait_for(check, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return check()


async def test_three_processes_post_each_daily_exactly_once_through_kill_9(service, pg_url: str, seed_dir: Path,
                                                                          tmp_path: Path) -> None:
    pool = await open_pool(pg_url)
    store = PgDailyStore(pool, service.db)
    at, zone = _due_a_minute_ago()
    ids = {c: (await store.upsert("console", "local", c, at, zone, "", "", "test")).id for c in CHANNELS}
    # The last channel was claimed by a process that died before sending: its lease (120 s) ran out long ago.
    today = (datetime.now(UTC) + timedelta(hours=12 - datetime.now(UTC).hour)).date().isoformat()
    eligible = await service.eligible("", "")
    async with service.db.execute(f"SELECT id FROM ({eligible.query}) LIMIT 1", eligible.params) as cur:
        orphan_quote = str((await cur.fetchone())[0])
    await pool.execute("INSERT INTO daily_posts (schedule_id, local_date, quote_id, claimed_at, owner) "
                       "VALUES ($1, $2, $3, $4, 'killed-after-claiming')", ids["#c5"], today, orphan_quote,
                       datetime.now(UTC) - timedelta(seconds=300))
    await pool.close()

    started = time.monotonic()
    bots = [Bot(f"bot{n}", tmp_path, seed_dir, pg_url) for n in range(3)]
    try:
        def all_posts() -> list[str]:
            return [p for b in bots for p in b.posts()]

        assert _wait_for(lambda: len(all_posts()) >= len(CHANNELS), 60), [b.out.read_text() for b in bots]
        first_round = time.monotonic() - started
        bots[1].kill()  # SIGKILL: no clean-up of any kind
        bots[1].start()
        bots[2].kill()
        bots[2].start()
        # The restarted processes rebuild their index and look at every schedule again; nothing may go twice.
        for b in bots[1:]:
            b.ask("/about")
        assert _wait_for(lambda: all(b.answered("documents,") >= 1 for b in bots[1:]), 60)
        time.sleep(2.0)  # a scheduler pass after start-up has had time to run
        posts = all_posts()
        assert sorted(posts) == sorted(CHANNELS), posts
    finally:
        for b in bots:
            b.stop()
    conn = await asyncpg.connect(pg_url)
    try:
        rows = await conn.fetch("SELECT schedule_id, sent_at IS NOT NULL AS sent, owner FROM daily_posts")
    finally:
        await conn.close()
    assert len(rows) == len(CHANNELS) and all(r["sent"] for r in rows)
    assert next(r["owner"] for r in rows if r["schedule_id"] == ids["#c5"]) != "killed-after-claiming"
    print(f"3 processes, {len(CHANNELS)} channels: all posted once in {first_round:.1f} s; "
          f"posts per process {[len(b.posts()) for b in bots]}")


async def test_a_reload_in_one_process_reaches_every_process_within_15_s(pg_url: str, seed_dir: Path,
                                                                        tmp_path: Path) -> None:
    bots = [Bot(f"r{n}", tmp_path, seed_dir, pg_url) for n in range(3)]
    try:
        for b in bots:
            b.ask("/about")
        assert _wait_for(lambda: all(b.answered("documents,") == 1 for b in bots), 60), [b.out.read_text() for b in bots]
        before = {b.out.read_text().split("version ")[1].split(")")[0] for b in bots}
        assert len(before) == 1  # the same files: the same version in every process
        (seed_dir / "hangar.txt").write_text("Hangar briefing\n\nJane Doe: The zeppelin hangar at Brightwater will "
                                             "reopen in the spring, with a new roof.\n", encoding="utf-8")
        started = time.monotonic()
        bots[0].ask("/reload")
        reached: dict[int, float] = {}
        while len(reached) < len(bots) and time.monotonic() - started < 15:
            for n, b in enumerate(bots):
                if n not in reached and b.answered("Jane Doe") > 0:
                    reached[n] = time.monotonic() - started
                elif n not in reached:
                    b.ask("/search zeppelin hangar")
            time.sleep(0.5)
        assert sorted(reached) == [0, 1, 2], [b.out.read_text()[-500:] for b in bots]
        bots[1].ask("/about")
        assert _wait_for(lambda: bots[1].answered("documents,") == 2, 15)
        about = bots[1].out.read_text().rsplit("documents,", 1)[1]
        lines = [x for x in about.splitlines() if x.startswith("process ")]
        versions = {x.split("index ")[1].split(" ")[0] for x in lines}
        assert len(lines) == 3 and len(versions) == 1 and versions != before, about
        assert all("after reload" in x for x in lines), about
    finally:
        for b in bots:
            b.stop()
    print(f"reload reached the 3 processes in {', '.join(f'{reached[n]:.1f}' for n in sorted(reached))} s")
