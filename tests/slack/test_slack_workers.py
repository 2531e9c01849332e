"""Two real Slack HTTP worker processes on one PostgreSQL, as behind a load balancer: an install begun on one
finishes on the other, each serves every workspace with its own token, an uninstall reaches both, and Slack's
retry of an event sent to the other worker is not answered again."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from ..env import child_env
from .slack_harness import CLIENT_ID, CLIENT_SECRET, SECRET, FakeSlack, SlackDriver, free_port, harbour_transcript
from .test_slack_oauth import event, install, tokens_for

ROOT = Path(__file__).resolve().parents[2]
ENV = child_env()


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


async def test_a_retry_sent_to_the_other_worker_is_answered_once(workers: list[SlackDriver]) -> None:
    one, two = workers
    fake = one.fake
    assert "200" in await install(one, "TA", "xoxb-team-a")
    assert "200" in await install(two, "TB", "xoxb-team-b")

    def answers() -> list[tuple[str, str]]:
        return [(c.token, c.body["thread_ts"]) for c in fake.api("chat.postMessage")]

    # The first delivery reaches worker one; Slack's retry of it, through the load balancer, worker two.
    assert (await one.mention("harbour wall", event_id="EvA1", team="TA", ts="1700000000.000100")).status == 200
    await fake.until(lambda: len(answers()) == 1, timeout=20)
    sent = await two.mention("harbour wall", event_id="EvA1", team="TA", ts="1700000000.000100", retry=1)
    assert (sent.status, sent.text) == (200, "")
    # Other events, on both workers, are each answered with their workspace's token; when they are, so would
    # the retry have been.
    await two.mention("harbour wall", event_id="EvB1", team="TB", ts="1700000000.000200")
    await one.mention("lighthouse", event_id="EvA2", team="TA", ts="1700000000.000300")
    # And a retry arriving while the first delivery is still being taken, each at its own worker: one answer.
    both = await asyncio.gather(one.mention("lighthouse", event_id="EvB2", team="TB", ts="1700000000.000400"),
                                two.mention("lighthouse", event_id="EvB2", team="TB", ts="1700000000.000400",
                                            retry=1))
    assert [s.status for s in both] == [200, 200]
    await two.mention("harbour wall", event_id="EvB3", team="TB", ts="1700000000.000500")
    await fake.until(lambda: ("xoxb-team-b", "1700000000.000500") in answers(), timeout=20)
    assert sorted(answers()) == [("xoxb-team-a", "1700000000.000100"), ("xoxb-team-a", "1700000000.000300"),
                                 ("xoxb-team-b", "1700000000.000200"), ("xoxb-team-b", "1700000000.000400"),
                                 ("xoxb-team-b", "1700000000.000500")]
