"""Shared fixtures: real transcripts copied into temporary seeds folders, a real SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.service import QuoteService

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "seeds"
OWN = Path(__file__).resolve().parent / "transcripts"


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

    async def factory(seeds: Path, db: Path | None = None) -> QuoteService:
        settings = load_settings(seeds=str(seeds), db=str(db or tmp_path / "index.db"), env_file=False)
        service = await QuoteService.open(settings)
        opened.append(service)
        return service

    yield factory
    for service in opened:
        await service.close()


@pytest.fixture
async def service(open_service: Callable, seed_dir: Path) -> QuoteService:
    return await open_service(seed_dir)
