"""Two real Slack HTTP worker processes on one PostgreSQL, as behind a load balancer: an install begun on one
finishes on the other, each serves every workspace with its own token, and an uninstall reaches both."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from .slack_harness import CLIENT_ID, CLIENT_SECRET, SECRET, FakeSlack, SlackDriver, free_port, harbour_transcript
from .test_slack_oauth import event, install, tokens_for

ROOT = Path(__file__).resolve().parents[2]
ENV = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "QUOTEBOT_"))}


async def _listening(port: int, proc: asyncio.subprocess.Process, timeout: float = 90.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if proc.returncode is not None:
            raise AssertionError(f"worker exited with {proc.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    raise AssertionError(f"worker on port {port} did not listen within {timeout:.0f} s")


@pytest.fixture
async def workers(pg_url: str, fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[list[SlackDriver]]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbour-council-2022-03.txt").write_text(harbour_transcript(), encoding="utf-8")
    procs, ports = [], []
    for n in range(2):
        port = free_port()
        env = ENV | {"PYTHONPATH": str(ROOT), "QUOTEBOT_DATABASE_URL": pg_url, "QUOTEBOT_SEMANTIC": "off",
                     "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_SIGNING_SECRET": SECRET,
                     "QUOTEBOT_SLACK_PORT": str(port), "SLACK_API_URL": fake_slack.url + "/api/"}
        log = (tmp_path / f"worker{n}.log").open("wb")
        procs.append(await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "run", "--db", str(tmp_path / f"w{n}.db"), "--seeds", str(seeds),
            cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log))
        ports.append(port)
    try:
        for port, proc in zip(ports, procs, strict=True):
            await _listening(port, proc)
        async with aiohttp.ClientSession() as session:
            yield [SlackDriver(f"http://127.0.0.1:{port}/slack/events", fake_slack, session) for port in ports]
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.terminate()
        for proc in procs:
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def test_two_workers_share_installs_and_uninstalls(workers: list[SlackDriver]) -> None:
    one, two = workers
    fake = one.fake
    fake.users = {"UPLAIN": {"id": "UPLAIN", "is_admin": False}}
    # the install page from worker one, the redirect to worker two: the state is in PostgreSQL
    assert "200" in await install(one, "TA", "xoxb-team-a", redirect_to=two)
    assert "200" in await install(two, "TB", "xoxb-team-b", redirect_to=one)
    for worker, team in ((two, "TA"), (one, "TA"), (one, "TB"), (two, "TB")):
        assert (await worker.command("/daily", "status", user="UPLAIN", team=team)).status == 200
    await fake.wait_responses(4, timeout=20)
    assert sorted(tokens_for(fake, "users.info")) == ["xoxb-team-a"] * 2 + ["xoxb-team-b"] * 2
    fake.revoked.add("xoxb-team-a")
    assert await event(one, "TA", "app_uninstalled") == 200
    await asyncio.sleep(0.5)
    await two.command("/daily", "status", user="UPLAIN", team="TA")
    answers = await fake.wait_responses(5, timeout=20)
    assert "reinstall" in answers[-1].body["text"]
    assert len(fake.api("users.info")) == 4
