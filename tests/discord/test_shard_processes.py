"""Three real bot processes, one shard each, on one PostgreSQL, with the loopback fake of Discord's API and
gateway: each identifies only its shard, answers the commands of its own server exactly once, posts its
servers' quotes of the day exactly once (also across a kill -9 and restart), and an admin /reload in one
process reaches all three."""

from __future__ import annotations

import statistics
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.test_multiprocess import _due_a_minute_ago

from .fake_api import FakeDiscord
from .fake_gateway import FakeGateway
from .shard_cluster import ADMIN, DAILY, EXTRA, GUILDS, SHARDS, BotProcess, Cluster, add_servers

HARBOUR = """Harbour board meeting

Jane Doe: Welcome. The harbour budget rose by 12 percent this year, and dredging starts in May.

Omar Said: The new quay will take eighteen months to build and needs 300 workers on the site.
"""
COUNCIL = """Town council

Ines Moreau: The tram line to the hospital opens in the autumn, two years after the vote.

Jane Doe: The library keeps its Sunday hours through the winter.
"""
HANGAR = """Hangar briefing

Mirela Vastag: The zeppelin hangar at Brightwater will reopen in the spring, with a new roof.
"""


@pytest.fixture
async def cluster(pg_url: str, tmp_path: Path) -> AsyncIterator[Cluster]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (seeds / "council.txt").write_text(COUNCIL, encoding="utf-8")
    api = FakeDiscord()
    api.max_concurrency = SHARDS  # every shard in a bucket of its own: no process waits out another's IDENTIFY
    add_servers(api)
    await api.start()
    gateway = FakeGateway(api)
    await gateway.start()
    bots = [BotProcess(f"bot{k}", k, tmp_path, seeds, pg_url, api, gateway) for k in range(SHARDS)]
    try:
        for b in bots:
            b.start()
        yield Cluster(api, gateway, bots)
    finally:
        for b in bots:
            b.kill()
        await gateway.close()
        await api.close()
    assert api.violations == [], "the bot sent messages Discord would refuse"
    assert [m for m in api.sent_messages() if m.get("allowed_mentions") != {"parse": []}] == []


async def test_each_shard_process_serves_its_server_and_posts_each_daily_once_through_kill_9(
        cluster: Cluster, pg_url: str, tmp_path: Path) -> None:
    api, gateway, bots = cluster.api, cluster.gateway, cluster.bots
    started = time.monotonic()
    await cluster.ready(*bots)
    startup = time.monotonic() - started

    # a. each process identified its own shard only, with the guilds intent alone; only shard 0's synced commands
    for b in bots:
        assert [(s.shard, s.intents) for s in gateway.identified(b.name)] == [((b.shard, SHARDS), 1)], cluster.outputs()
    puts = [c for c in api.calls if c.method == "PUT" and c.path.endswith("/commands")]
    assert [c.via for c in puts] == ["bot0"]

    # b. a /quote in each server is answered once, by the process whose shard holds that server
    latencies = []
    for k, b in enumerate(bots):
        answer = await cluster.ask(cluster.command(k, "quote", topic="harbour budget"))
        assert answer.session.via == b.name and {c.via for c in answer.calls} == {b.name}
        assert len(answer.callbacks) == 1 and "12 percent" in answer.text, answer.text
        latencies.append(answer.latency)

    # Discord asks shard 2 to reconnect: it tries to resume, is told the session is gone, identifies again
    # (through the shared gate) and goes on answering its server
    first = gateway.identified("bot2")[0]
    await gateway.reconnect(first)
    await cluster.wait_for(lambda: [s.number for s in gateway.identified("bot2")] not in ([], [first.number]), 30,
                           "bot2 identifying again after op 7")
    again = await cluster.ask(cluster.command(2, "quote", topic="harbour budget"))
    assert again.session.via == "bot2" and again.session is not first and len(again.callbacks) == 1
    assert [(s.shard, s.intents) for s in gateway.identified("bot2")] == [((2, SHARDS), 1)]

    # c. a quote of the day set in each server is in PostgreSQL, and goes out once, from the owning process
    at, zone = _due_a_minute_ago()
    set_at = time.monotonic()
    for k in range(SHARDS):
        answer = await cluster.ask(cluster.daily_set(k, DAILY[k], at, zone))
        assert "Quote of the day set" in answer.text, answer.text
    conn = await asyncpg.connect(pg_url)
    try:
        rows = await conn.fetch("SELECT platform, workspace, channel, local_time, timezone FROM daily_schedules")
        assert sorted(tuple(r) for r in rows) == sorted(("discord", str(g), str(c), at, zone) for g, c in zip(GUILDS, DAILY, strict=True))
        await cluster.wait_for(lambda: all(api.posts(c) for c in DAILY), 30, "the quotes of the day")
        posted = time.monotonic() - set_at
        posters = [{c.via for c in api.calls if c.method == "POST" and c.path == f"/channels/{ch}/messages"} for ch in DAILY]
        assert posters == [{b.name} for b in bots]

        # kill -9 the process of shard 1 and start it again: it rejoins its shard and posts nothing twice
        killed = gateway.identified("bot1")[0]
        bots[1].kill()
        await cluster.wait_for(lambda: not killed.open, 10, "the gateway seeing bot1's connection drop")
        bots[1].start()
        restarted = time.monotonic()
        await cluster.ready(bots[1])
        rejoined = time.monotonic() - restarted
        assert [(s.shard, s is killed) for s in gateway.identified("bot1")] == [((1, SHARDS), False)]
        # A new schedule in the same server: the restarted scheduler's pass that posts it has looked at #daily first
        # (schedules are taken in channel order), so once #extra has its post, #daily had its chance to repeat.
        await cluster.ask(cluster.daily_set(1, EXTRA[1], at, zone))
        await cluster.wait_for(lambda: api.posts(EXTRA[1]), 30, "the new schedule's quote of the day")
        assert [len(api.posts(c)) for c in (*DAILY, EXTRA[1])] == [1, 1, 1, 1]
        assert [api.attempts(c) for c in (*DAILY, EXTRA[1])] == [1, 1, 1, 1]  # not even a repeat Discord would drop
        async def all_marked_sent() -> bool:  # each poster marks its claim sent once Discord has answered
            return await conn.fetchval("SELECT count(*) FILTER (WHERE sent_at IS NOT NULL) FROM daily_posts") == 4
        await cluster.wait_for(all_marked_sent, 10, "the four claims marked sent")
        assert await conn.fetchval("SELECT count(*) FROM daily_posts") == 4
    finally:
        await conn.close()

    # every interaction sent was answered by exactly one callback
    assert {i: len(c) for i, c in cluster.callbacks().items()} == {i: 1 for i in gateway.delivered}
    print(f"3 shard processes up in {startup:.1f} s; /quote answered in "
          f"{', '.join(f'{x * 1000:.0f}' for x in latencies)} ms; 3 dailies set and posted in {posted:.1f} s; "
          f"bot1 back on its shard {rejoined:.1f} s after kill -9")


async def test_an_admin_reload_in_one_shard_process_reaches_every_process(cluster: Cluster, pg_url: str,
                                                                         tmp_path: Path) -> None:
    gateway, bots = cluster.gateway, cluster.bots
    await cluster.ready(*bots)
    for k in range(SHARDS):
        before = await cluster.ask(cluster.command(k, "quote", topic="zeppelin hangar"))
        assert "Brightwater" not in before.text, before.text
    (tmp_path / "seeds" / "hangar.txt").write_text(HANGAR, encoding="utf-8")
    started = time.monotonic()
    report = await cluster.ask(cluster.command(0, "reload", permissions=ADMIN), timeout=30)
    assert "Reloaded" in report.text and report.session.via == "bot0", report.text
    answered = time.monotonic() - started

    # every process answers from the new file, and offers its new speaker while one types (autocomplete)
    quotes: dict[int, float] = {}
    speakers: dict[int, float] = {}
    latencies = []
    while len(quotes) < SHARDS or len(speakers) < SHARDS:
        assert time.monotonic() - started < 15, (f"in 15 s the new quote reached {sorted(quotes)}, the new speaker "
                                                 f"{sorted(speakers)}\n{cluster.outputs()}")
        for k in sorted(set(range(SHARDS)) - set(quotes)):
            quote = await cluster.ask(cluster.command(k, "quote", topic="zeppelin hangar"))
            latencies.append(quote.latency)
            if "Brightwater" in quote.text:
                quotes[k] = time.monotonic() - started
        for k in sorted(set(range(SHARDS)) - set(speakers)):
            typed = await cluster.ask(cluster.command(k, "quote", focused="speaker", speaker="Mirela"))
            if "Mirela Vastag" in typed.choices:
                speakers[k] = time.monotonic() - started
    reached = {k: max(quotes[k], speakers[k]) for k in range(SHARDS)}

    # and each of them followed the request: its line in index_versions names it
    pids = {str(b.proc.pid) for b in bots if b.proc}
    conn = await asyncpg.connect(pg_url)
    try:
        request = await conn.fetchval("SELECT max(id) FROM reload_requests")

        async def all_followed() -> bool:  # each process reports once its own rebuild is done
            rows = await conn.fetch("SELECT process, request_id FROM index_versions")
            return sorted(r["request_id"] for r in rows if r["process"].rsplit(":", 1)[1] in pids) == [request] * SHARDS
        await cluster.wait_for(all_followed, 10, f"every process reporting reload request {request} followed")
    finally:
        await conn.close()
    assert {i: len(c) for i, c in cluster.callbacks().items()} == {i: 1 for i in gateway.delivered}
    print(f"/reload answered in {answered:.2f} s; it reached the 3 shard processes in "
          f"{', '.join(f'{reached[k]:.2f}' for k in sorted(reached))} s; /quote median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms over {len(latencies)}")
