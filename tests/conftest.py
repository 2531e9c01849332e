"""Shared fixtures: real transcripts copied into temporary seeds folders, a real SQLite file."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.service import QuoteService

from . import pg

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "seeds"
OWN = Path(__file__).resolve().parent / "transcripts"


@pytest.fixture(autouse=True)
def sentence_model(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests of ranking by meaning (marked ``default_model``) run on the default model, all-mpnet-base-v2;
    the rest, whose answers do not turn on it, on the small one: five times faster to encode every transcript
    a test writes, in every process it starts. A test that sets QUOTEBOT_SEMANTIC itself decides."""
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", "on" if request.node.get_closest_marker("default_model") else "small")


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A seeds folder holding a copy of the bundled transcript."""
    target = tmp_path / "seeds"
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture
def own_dir(tmp_path: Path) -> Path:
    """A seeds folder holding the test suite's own transcripts in other formats."""
    target = tmp_path / "own"
    shutil.copytree(OWN, target, ignore=shutil.ignore_patterns("kinds"))
    return target


@pytest.fixture
def kinds_dir(tmp_path: Path) -> Path:
    """A seeds folder holding one test transcript of every kind the attribution rules meet."""
    target = tmp_path / "kinds"
    shutil.copytree(OWN / "kinds", target)
    return target


ServiceFactory = Callable[..., "QuoteService"]


@pytest.fixture
async def open_service(tmp_path: Path) -> AsyncIterator[Callable]:
    opened: list[QuoteService] = []

    async def factory(seeds: Path, db: Path | None = None, database_url: str = "") -> QuoteService:
        settings = load_settings(seeds=str(seeds), db=str(db or tmp_path / "index.db"), env_file=False)
        settings = replace(settings, database_url=database_url)
        service = await QuoteService.open(settings)
        opened.append(service)
        return service

    yield factory
    for service in opened:
        await service.close()


@pytest.fixture
def open_transcript(open_service: Callable, tmp_path: Path) -> Callable:
    """Opens a service on a seeds folder of its own holding one transcript the test writes."""

    async def factory(file_name: str, text: str) -> QuoteService:
        seeds = tmp_path / Path(file_name).stem
        seeds.mkdir()
        (seeds / file_name).write_text(text, encoding="utf-8")
        return await open_service(seeds, tmp_path / f"{seeds.name}.db")

    return factory


@pytest.fixture
async def service(open_service: Callable, seed_dir: Path) -> QuoteService:
    return await open_service(seed_dir)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the whole run: QUOTEBOT_TEST_DATABASE_URL, or a throwaway one.

    The tests that need it skip when neither can be had, unless QUOTEBOT_REQUIRE_PG=1 (CI) makes that a failure.
    """
    given = os.environ.get("QUOTEBOT_TEST_DATABASE_URL", "").strip()
    if given:
        yield given
        return
    try:
        server = pg.start()
    except RuntimeError as exc:
        if os.environ.get("QUOTEBOT_REQUIRE_PG", "") == "1":
            pytest.fail(f"QUOTEBOT_REQUIRE_PG=1 but no PostgreSQL: {exc}")
        pytest.skip(str(exc))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
async def pg_url(pg_server: str) -> AsyncIterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    url = await pg.fresh_database(pg_server)
    yield url
    await pg.drop_database(pg_server, url)
