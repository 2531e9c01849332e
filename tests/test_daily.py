"""Daily quote posts with a fake clock: exactly once per local day, no repeats, right local time."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.daily.ports import DeliveryError
from bot.daily.scheduler import DailyScheduler
from bot.daily.times import post_time
from bot.errors import NotFoundError, UsageError
from bot.models import Excerpt
from bot.service import QuoteService

from . import pg
from .fakes import FakeClock

LONDON, TOKYO = ZoneInfo("Europe/London"), ZoneInfo("Asia/Tokyo")
SQLITE_ONLY = pytest.mark.parametrize("open_service", ["sqlite"], indirect=True)


@pytest.fixture(params=["sqlite", "postgresql"])
async def open_service(request, tmp_path: Path) -> AsyncIterator[Callable]:
    """Every test here runs on both daily stores: the SQLite file, and PostgreSQL (a fresh database each)."""
    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else ""
    url = await pg.fresh_database(server) if server else ""
    opened: list[QuoteService] = []

    async def factory(seeds: Path, db: Path | None = None) -> QuoteService:
        settings = replace(load_settings(seeds=str(seeds), db=str(db or tmp_path / "index.db"), env_file=False),
                           database_url=url)
        opened.append(await QuoteService.open(settings))
        return opened[-1]

    yield factory
    for service in opened:
        await service.close()
    if url:
        await pg.drop_database(server, url)


class Crash(BaseException):
    """The process dies between claiming the day and sending."""


class FakePublisher:
    platform = "console"

    def __init__(self, clock: FakeClock, rng: random.Random | None = None, bad: frozenset[str] = frozenset(),
                 workspaces: frozenset[str] | None = None) -> None:
        self.clock, self.rng, self.bad, self.workspaces = clock, rng, bad, workspaces
        self.posts: list[tuple[str, str, datetime]] = []
        self.cards: list[bool] = []
        """Whether each post was asked for as a card, as the scheduler handed the schedule's flag over."""

    def owns(self, workspace: str) -> bool:
        return self.workspaces is None or workspace in self.workspaces

    async def check(self, channel: str, workspace: str = "") -> None:
        if channel in self.bad:
            raise DeliveryError("missing permission to send messages", permanent=True)

    async def post(self, channel: str, excerpt: Excerpt, title: str, *, card: bool = False) -> None:
        assert title == "Quote of the day" and excerpt.citation.quote_id == excerpt.id
        if channel in self.bad:
            raise DeliveryError("channel not found", permanent=True)
        if self.rng:
            roll = self.rng.random()
            if roll < 0.03:
                raise Crash()
            if roll < 0.10:
                raise DeliveryError("503 from the chat server", permanent=False)
        self.posts.append((channel, excerpt.id, self.clock.now()))
        self.cards.append(card)


def test_spring_forward_and_fall_back() -> None:
    # 01:30 does not exist in London on 2025-03-30: the first valid minute after it is 02:00 BST.
    gap = post_time(date(2025, 3, 30), time(1, 30), LONDON)
    assert gap == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)
    assert gap.astimezone(LONDON).strftime("%H:%M") == "02:00"
    # 01:30 happens twice on 2025-10-26: the first one (BST) is taken.
    twice = post_time(date(2025, 10, 26), time(1, 30), LONDON)
    assert twice == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    # 09:00 stays 09:00 local either side of a change.
    assert post_time(date(2025, 3, 29), time(9), LONDON).hour == 9
    assert post_time(date(2025, 3, 31), time(9), LONDON).hour == 8


async def test_commands_validate_before_saving(service) -> None:
    clock = FakeClock(datetime(2025, 1, 1, tzinfo=UTC))
    service.daily.clock = clock
    service.daily.register(FakePublisher(clock, bad=frozenset({"#locked"})))
    cmds = service.daily_commands
    for args, match in ((("25:00", "Europe/London"), "not a time"), (("09:00", "Mars/Olympus"), "not a time zone"),
                        (("9am", "UTC"), "not a time")):
        with pytest.raises(UsageError, match=match):
            await cmds.set("console", "w", "#quotes", *args)
    with pytest.raises(UsageError, match="cannot post"):
        await cmds.set("console", "w", "#locked", "09:00", "UTC")
    with pytest.raises(NotFoundError):
        await cmds.set("console", "w", "#quotes", "09:00", "UTC", speaker="Napoleon")
    assert await cmds.status("console", "w") == []
    status = await cmds.set("console", "w", "#quotes", "9:05", "Asia/Tokyo", speaker="Putin", set_by="u1")
    assert status.schedule.local_time == "09:05" and status.next_local and status.next_local.hour == 9
    assert "#quotes: 09:05 Asia/Tokyo (speaker Putin)" in status.describe()
    posted = await cmds.now("console", "w", "#quotes")
    assert (await service.excerpt(posted)).speaker == "Vladimir Putin"
    await cmds.off("console", "w", "#quotes")
    assert "off" in (await cmds.status("console", "w"))[0].describe()
    with pytest.raises(NotFoundError):
        await cmds.off("console", "other-workspace", "#quotes")


async def test_permanent_failure_pauses_with_reason(service) -> None:
    clock = FakeClock(datetime(2025, 1, 1, 8, 0, tzinfo=UTC))
    publisher = FakePublisher(clock)
    service.daily.clock = clock
    service.daily.register(publisher)
    await service.daily_commands.set("console", "w", "#gone", "09:00", "UTC")
    publisher.bad = frozenset({"#gone"})
    clock.t = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    await service.daily.run_once()
    await service.daily.run_once()
    (status,) = await service.daily_commands.status("console", "w")
    assert "paused: channel not found" in status.describe() and not publisher.posts


async def test_four_hundred_days_exactly_once(open_service, seed_dir: Path) -> None:
    rng = random.Random(20251128)
    service = await open_service(seed_dir)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    clock = FakeClock(start)
    publisher = FakePublisher(clock, rng)
    grace = timedelta(hours=6)

    def boot() -> DailyScheduler:
        sched = DailyScheduler(service, service.daily.store, clock, grace=grace)
        sched.register(publisher)
        return sched

    sched = boot()
    service.daily.clock = clock
    service.daily.register(publisher)
    await service.daily_commands.set("console", "w", "london", "01:30", "Europe/London", speaker="Putin")
    await service.daily_commands.set("console", "w", "tokyo", "09:00", "Asia/Tokyo")
    pool = await service.eligible("Putin", "")
    async with service.db.execute(f"SELECT count(*) FROM ({pool.query})", pool.params) as cur:
        putin_pool = (await cur.fetchone())[0]
    assert putin_pool > 5
    down: list[tuple[datetime, datetime]] = []
    reloaded = False
    end = start + timedelta(days=400)
    while clock.t < end:
        if not reloaded and clock.t > start + timedelta(days=200):
            (seed_dir / "extra.txt").write_text("Extra remarks\n\nJane Doe: Our towns will trade more next year, "
                                                "and the new bridge will open in spring.\n")
            assert (await service.reload()).applied
            reloaded = True
        roll = rng.random()
        if roll < 0.004:  # downtime, then a restart
            gap = timedelta(hours=rng.randint(1, 40))
            down.append((clock.t, clock.t + gap))
            clock.t += gap
            sched = boot()
            continue
        if roll < 0.02:
            sched = boot()
        try:
            wait = await sched.run_once()
        except Crash:
            sched = boot()
            wait = 0
        clock.t += timedelta(seconds=max(1.0, min(wait, 3 * 3600)))

    for channel, zone, at in (("london", LONDON, time(1, 30)), ("tokyo", TOKYO, time(9))):
        posts = [(q, t) for c, q, t in publisher.posts if c == channel]
        by_day: dict[date, int] = {}
        for _, t in posts:
            by_day[t.astimezone(zone).date()] = by_day.get(t.astimezone(zone).date(), 0) + 1
        assert max(by_day.values()) == 1, f"{channel}: a day was posted twice"
        day = start.astimezone(zone).date() + timedelta(days=1)
        while post_time(day, at, zone) + grace < end:
            due = post_time(day, at, zone)
            outage = any(a <= due + grace and b >= due for a, b in down)
            if not outage:
                assert by_day.get(day) == 1, f"{channel}: no post on {day}"
            day += timedelta(days=1)
        for _q, t in posts:
            local = t.astimezone(zone)
            due = post_time(local.date(), at, zone)
            assert due <= t <= due + grace, f"{channel}: posted at {local} for {due.astimezone(zone)}"
        assert len(posts) > 300
    london = [q for c, q, _ in publisher.posts if c == "london"]
    for k in range(0, len(london) - putin_pool, putin_pool):
        cycle = london[k : k + putin_pool]
        assert len(set(cycle)) == len(cycle), "a quote repeated within its cycle"
    spring = [t.astimezone(LONDON) for c, _, t in publisher.posts if c == "london" and t.date() == date(2025, 3, 30)]
    assert not spring or spring[0].strftime("%H:%M") >= "02:00"


async def test_commands_and_the_scheduler_write_at_the_same_time(service) -> None:
    # The console, a chat command and the scheduler's tick share one connection: a post of the
    # day, an unscheduled post and a schedule change started together must all land.
    clock = FakeClock(datetime(2025, 1, 1, 9, 0, tzinfo=UTC))
    publisher = FakePublisher(clock)
    service.daily.clock = clock
    service.daily.register(publisher)
    cmds = service.daily_commands
    for channel in ("#a", "#b", "#c"):
        await cmds.set("console", "w", channel, "09:00", "UTC")
    now_a, now_b, *_ = await asyncio.gather(
        cmds.now("console", "w", "#a"), cmds.now("console", "w", "#b"), service.daily.run_once(),
        cmds.set("console", "w", "#d", "10:00", "UTC"), cmds.off("console", "w", "#c"))
    for quote_id in (now_a, now_b):
        assert (await service.excerpt(quote_id)).id == quote_id
    posted = [c for c, _, _ in publisher.posts]
    assert posted.count("#a") == 2 and posted.count("#b") == 2 and "#d" not in posted
    described = {s.schedule.channel: s.describe() for s in await cmds.status("console", "w")}
    assert "10:00 UTC" in described["#d"] and "off" in described["#c"]


async def _schedule_of_schema(tmp_path: Path, version: int) -> str:
    """A database file left by an older quotebot: migrations up to ``version``, schedule 7 on Discord A #42."""
    import aiosqlite

    from bot.store.schema import MIGRATIONS

    path = str(tmp_path / "old.db")
    async with aiosqlite.connect(path) as db:
        for n in range(version):
            await db.executescript(f"BEGIN; {MIGRATIONS[n]} PRAGMA user_version = {n + 1}; COMMIT;")
        await db.execute("INSERT INTO schedules VALUES (7, 'discord', 'A', '42', '09:00', 'UTC', '', '', 1, '', 'u', 't')")
        await db.commit()
    return path


async def test_old_schedules_move_to_the_workspace_key(tmp_path) -> None:
    """A file from before the migration keeps its schedules (and their ids); the same channel id in
    another workspace becomes a schedule of its own instead of replacing the first."""
    import aiosqlite

    from bot.daily.store import DailyStore
    from bot.store.schema import connect, migrate

    path = await _schedule_of_schema(tmp_path, 2)
    async with aiosqlite.connect(path) as db:
        await db.execute("INSERT INTO daily_posts (schedule_id, local_date, quote_id, claimed_at, sent_at) "
                         "VALUES (7, '2025-01-01', 'q', 't', 't')")
        await db.commit()
    db = await connect(path)
    try:
        await migrate(db)
        store = DailyStore(db)
        old = await store.get("discord", "A", "42")
        assert old is not None and old.id == 7 and await store.last_post(7) == ("2025-01-01", "q")
        other = await store.upsert("discord", "B", "42", "10:00", "UTC", "", "", "v")
        assert other.id != 7 and (await store.get("discord", "A", "42")) == old
    finally:
        await db.close()


def _transcript(title: str, speaker: str, topic: str, n: int) -> str:
    lines = [title, ""]
    for k in range(n):
        lines.append(f"{speaker}: The {topic} plan number {k} keeps every {topic} crew working through the long winter "
                     f"season. We will review the {topic} budget {k} again in spring.\n")
    return "\n".join(lines)


async def _vm_steps(db, work) -> tuple[object, int]:
    """SQLite virtual-machine steps (in hundreds) that ``work`` costs on ``db``: what a claim really touches."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    await db.set_progress_handler(count, 100)
    try:
        result = await work
    finally:
        await db.set_progress_handler(None, 100)
    return result, steps


@SQLITE_ONLY  # counts SQLite's own steps
async def test_a_claim_touches_only_what_changed(open_service, tmp_path: Path) -> None:
    seeds = tmp_path / "big"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(_transcript("Harbour plans", "Jane Doe", "harbour", 1500), encoding="utf-8")
    service = await open_service(seeds)
    store = service.daily.store
    assert store.db is not service.db  # daily writes never queue behind answers on one connection
    s = await store.upsert("console", "w", "#c", "09:00", "UTC", "", "", "")
    pool = await service.eligible("", "")
    now = datetime(2025, 1, 1, 9, tzinfo=UTC)
    first, fill = await _vm_steps(store.db, store.claim(s.id, "2025-01-01", pool, owner="a", now=now, lease=120))
    costs = []
    for day in range(2, 8):
        quote_id, cost = await _vm_steps(store.db, store.claim(s.id, f"2025-01-{day:02d}", pool, owner="a", now=now,
                                                              lease=120))
        assert quote_id and quote_id != first
        costs.append(cost)
    assert fill > 200 and max(costs) * 20 < fill, (fill, costs)


async def test_a_reload_drops_removed_quotes_and_adds_new_ones_to_the_cycle(open_service, tmp_path: Path) -> None:
    seeds = tmp_path / "small"
    seeds.mkdir()
    (seeds / "a.txt").write_text(_transcript("Harbour plans", "Jane Doe", "harbour", 3), encoding="utf-8")
    (seeds / "b.txt").write_text(_transcript("Bridge plans", "Jane Doe", "bridge", 3), encoding="utf-8")
    service = await open_service(seeds)
    store = service.daily.store
    s = await store.upsert("console", "w", "#c", "09:00", "UTC", "", "", "")
    drawn = {await store.take_next(s.id, await service.eligible("", "")) for _ in range(3)}
    (seeds / "b.txt").unlink()
    (seeds / "c.txt").write_text(_transcript("Canal plans", "Jane Doe", "canal", 3), encoding="utf-8")
    assert (await service.reload()).applied
    pool = await service.eligible("", "")
    async with service.db.execute(f"SELECT id FROM ({pool.query})", pool.params) as cur:
        now_there = {str(r[0]) for r in await cur.fetchall()}
    assert len(now_there) == 12
    left = now_there - drawn  # what this cycle still owes: the rest of a.txt, and every quote of c.txt
    rest = [await store.take_next(s.id, pool) for _ in range(len(left))]
    assert set(rest) == left
    following = [await store.take_next(s.id, pool) for _ in range(12)]  # the next shuffle: all of them, once
    assert set(following) == now_there


async def test_status_never_shows_a_post_from_the_future_after_the_clock_goes_back(service) -> None:
    clock = FakeClock(datetime(2025, 1, 5, 8, 0, tzinfo=UTC))
    service.daily.clock = clock
    publisher = FakePublisher(clock)
    service.daily.register(publisher)
    await service.daily_commands.set("console", "w", "#q", "09:00", "UTC")
    clock.t = datetime(2025, 1, 5, 9, 0, tzinfo=UTC)
    await service.daily.run_once()
    assert publisher.posts
    (status,) = await service.daily_commands.status("console", "w")
    assert "last post 2025-01-05" in status.describe()
    clock.t = datetime(2025, 1, 2, 8, 0, tzinfo=UTC)  # NTP, a VM restored from a snapshot, an operator
    (status,) = await service.daily_commands.status("console", "w")
    assert "2025-01-05" not in status.describe() and "next 2025-01-02 09:00" in status.describe()


async def test_a_clock_at_the_end_of_the_calendar_does_not_crash(service) -> None:
    clock = FakeClock(datetime(2025, 1, 1, tzinfo=UTC))
    service.daily.clock = clock
    publisher = FakePublisher(clock)
    service.daily.register(publisher)
    await service.daily_commands.set("console", "w", "#tokyo", "09:00", "Asia/Tokyo")
    await service.daily_commands.set("console", "w", "#utc", "23:00", "UTC")
    clock.t = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)  # already 10000-01-01 in Tokyo
    wait = await service.daily.run_once()
    assert 0 < wait <= 60
    described = [s.describe() for s in await service.daily_commands.status("console", "w")]
    assert len(described) == 2 and any("end of the calendar" in d for d in described)
    set_late = await service.daily_commands.set("console", "w", "#late", "23:59", "UTC")
    assert set_late.schedule.channel == "#late"


async def test_admin_actions_are_audited_with_who_what_and_when(service) -> None:
    clock = FakeClock(datetime(2025, 1, 1, 8, 0, tzinfo=UTC))
    service.daily.clock = clock
    service.daily.register(FakePublisher(clock))
    cmds = service.daily_commands
    await cmds.set("console", "w", "#q", "09:00", "Europe/London", speaker="Putin", set_by="u1")
    posted = await cmds.now("console", "w", "#q", by="u2")
    await cmds.off("console", "w", "#q", by="u3")
    with pytest.raises(NotFoundError):
        await cmds.off("console", "w", "#nowhere", by="u4")  # refused: nothing done, nothing audited
    await service.admin_reload(by="u5", platform="console", workspace="w")
    actions = await service.shared.audit.recent()
    assert [(a.actor, a.action) for a in actions] == [("u5", "reload"), ("u3", "daily off"), ("u2", "daily now"),
                                                      ("u1", "daily set")]
    assert actions[3].detail == "#q 09:00 Europe/London speaker:Putin" and posted in actions[2].detail
    assert actions[0].detail == "unchanged" and all(a.at.startswith("20") and a.workspace == "w" for a in actions)


async def test_each_process_posts_only_for_the_workspaces_it_owns(service) -> None:
    """Two schedulers (two processes, each holding some Discord shards) on one store: each posts its own only."""
    clock = FakeClock(datetime(2025, 1, 1, 8, 0, tzinfo=UTC))
    service.daily.clock = clock
    service.daily.register(FakePublisher(clock))
    for workspace in ("even", "odd"):
        await service.daily_commands.set("console", workspace, f"#{workspace}", "09:00", "UTC")
    clock.t = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    mine = {}
    for workspace in ("even", "odd"):
        sched = DailyScheduler(service, service.daily.store, clock)
        mine[workspace] = FakePublisher(clock, workspaces=frozenset({workspace}))
        sched.register(mine[workspace])
        await sched.run_once()
    assert [c for c, _, _ in mine["even"].posts] == ["#even"] and [c for c, _, _ in mine["odd"].posts] == ["#odd"]


async def test_a_schedule_keeps_its_card_flag_and_the_scheduler_hands_it_to_the_publisher(service) -> None:
    clock = FakeClock(datetime(2025, 1, 1, 8, 0, tzinfo=UTC))
    publisher = FakePublisher(clock)
    service.daily.clock = clock
    service.daily.register(publisher)
    cmds = service.daily_commands
    await cmds.set("console", "w", "#cards", "09:00", "UTC", speaker="Putin", card=True, set_by="u1")
    await cmds.set("console", "w", "#text", "09:00", "UTC")
    described = {s.schedule.channel: s.describe() for s in await cmds.status("console", "w")}
    assert described["#cards"].startswith("#cards: 09:00 UTC (speaker Putin) as an image card — next")
    assert "card" not in described["#text"]
    assert (await service.daily.store.get("console", "w", "#cards")).card is True
    clock.t = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    await service.daily.run_once()
    assert dict(zip([c for c, _, _ in publisher.posts], publisher.cards, strict=True)) == {"#cards": True,
                                                                                           "#text": False}
    await cmds.now("console", "w", "#cards")  # an unscheduled post is a card too
    assert publisher.cards[-1] is True
    (audited, *_) = [a for a in await service.shared.audit.recent() if a.action == "daily set" and a.actor == "u1"]
    assert audited.detail == "#cards 09:00 UTC speaker:Putin card:true"
    # set again without card: the schedule is replaced, and posts text from the next day on
    await cmds.set("console", "w", "#cards", "09:00", "UTC", speaker="Putin")
    assert (await service.daily.store.get("console", "w", "#cards")).card is False
    clock.t = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    await service.daily.run_once()
    assert publisher.cards[-2:] == [False, False] and len(publisher.posts) == 5


@SQLITE_ONLY
async def test_schedules_from_before_the_card_flag_post_text(open_service, tmp_path) -> None:
    """A file at the schema before the card column keeps its schedules; they post text, as they did."""

    from bot.daily.store import DailyStore
    from bot.store.schema import MIGRATIONS, connect, migrate

    path = await _schedule_of_schema(tmp_path, len(MIGRATIONS) - 1)
    db = await connect(path)
    try:
        await migrate(db)
        store = DailyStore(db)
        old = await store.get("discord", "A", "42")
        assert old is not None and old.id == 7 and old.card is False
        assert (await store.upsert("discord", "A", "42", "09:00", "UTC", "", "", "u", card=True)).card is True
    finally:
        await db.close()


async def test_a_postgresql_database_from_before_the_card_flag_gets_the_column(pg_url: str, seed_dir: Path,
                                                                               tmp_path: Path) -> None:
    """The PostgreSQL schema runs at every start: a database made before the card column is given it."""
    import asyncpg

    conn = await asyncpg.connect(pg_url)
    try:
        await conn.execute("CREATE TABLE daily_schedules (id BIGSERIAL PRIMARY KEY, platform TEXT NOT NULL, "
                           "workspace TEXT NOT NULL, channel TEXT NOT NULL, local_time TEXT NOT NULL, timezone TEXT "
                           "NOT NULL, speaker TEXT NOT NULL, topic TEXT NOT NULL, enabled BOOLEAN NOT NULL, "
                           "paused_reason TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL, "
                           "UNIQUE (platform, workspace, channel))")
        await conn.execute("INSERT INTO daily_schedules (platform, workspace, channel, local_time, timezone, speaker, "
                           "topic, enabled, paused_reason, set_by, set_at) VALUES ('discord', 'A', '42', '09:00', "
                           "'UTC', '', '', true, '', 'u', 't')")
    finally:
        await conn.close()
    settings = replace(load_settings(seeds=str(seed_dir), db=str(tmp_path / "index.db"), env_file=False),
                       database_url=pg_url)
    service = await QuoteService.open(settings)
    try:
        old = await service.daily.store.get("discord", "A", "42")
        assert old is not None and old.card is False
        await service.daily.store.upsert("discord", "A", "42", "09:00", "UTC", "", "", "u", card=True)
        assert (await service.daily.store.get("discord", "A", "42")).card is True
    finally:
        await service.close()


class FakeWorkspaces:
    """A platform where each workspace has its own publisher (Slack's installs), some workspaces not installed."""

    platform = "console"

    def __init__(self, clock: FakeClock, installed: set[str]) -> None:
        self.clock, self.installed = clock, installed
        self.made: dict[str, FakePublisher] = {}

    def owns(self, workspace: str) -> bool:
        return True

    async def for_workspace(self, workspace: str) -> FakePublisher:
        if workspace not in self.installed:
            raise DeliveryError("the app is not installed in this workspace", permanent=True)
        return self.made.setdefault(workspace, FakePublisher(self.clock))


async def test_each_workspace_posts_through_its_own_publisher_and_an_uninstalled_one_pauses(service) -> None:
    clock = FakeClock(datetime(2025, 1, 1, 8, 0, tzinfo=UTC))
    service.daily.clock = clock
    platform = FakeWorkspaces(clock, {"a", "b"})
    service.daily.register(platform)
    cmds = service.daily_commands
    await cmds.set("console", "a", "#qa", "09:00", "UTC")
    await cmds.set("console", "b", "#qb", "09:00", "UTC")
    with pytest.raises(UsageError, match="I cannot post in that channel: the app is not installed"):
        await cmds.set("console", "z", "#qz", "09:00", "UTC")
    assert await service.daily.store.get("console", "z", "#qz") is None
    clock.t = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    await service.daily.run_once()
    await service.daily.run_once()
    assert {w: [c for c, _, _ in p.posts] for w, p in platform.made.items()} == {"a": ["#qa"], "b": ["#qb"]}
    await cmds.now("console", "b", "#qb")
    assert len(platform.made["b"].posts) == 2 and len(platform.made["a"].posts) == 1
    platform.installed.discard("b")
    clock.t = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    await service.daily.run_once()
    assert len(platform.made["a"].posts) == 2 and len(platform.made["b"].posts) == 2
    (b,) = await cmds.status("console", "b")
    assert b.schedule.paused_reason == "the app is not installed in this workspace"
    with pytest.raises(DeliveryError, match="not installed"):
        await cmds.now("console", "b", "#qb")
