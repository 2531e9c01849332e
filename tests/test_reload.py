"""Admin reload: validated, atomic, shared by concurrent callers, visible to other processes."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.service import QuoteService


async def test_reload_during_200_concurrent_searches(open_service, seed_dir: Path) -> None:
    service = await open_service(seed_dir)
    (seed_dir / "more.txt").write_text("More remarks\n\n" + "\n\n".join(
        f"Jane Doe: Relations and trade between our towns, part {i}, keep growing every single year." for i in range(300)))
    queries = ["trade", "relations", "olympics", "vaccines", "treaty"] * 40
    results = await asyncio.gather(service.reload(), *(service.search(q) for q in queries), return_exceptions=True)
    report, searches = results[0], results[1:]
    assert not any(isinstance(r, BaseException) for r in results), [r for r in results if isinstance(r, BaseException)]
    assert report.applied and report.added == ("more.txt",) and report.quotes_added >= 300
    assert all(r.results for r in searches)
    assert (await service.stats()).documents == 2


async def test_two_reloads_at_once_run_once(open_service, seed_dir: Path) -> None:
    service = await open_service(seed_dir)
    (seed_dir / "b.txt").write_text("B\n\nJohn Roe: A brand new sentence about harbours and ships.\n")
    first, second = await asyncio.gather(service.reload(), service.reload())
    assert first is second and first.applied
    async with service.db.execute("SELECT count(*) FROM generations WHERE state = 'live'") as cur:
        assert (await cur.fetchone())[0] == 1


async def test_invalid_reloads_keep_serving(open_service, seed_dir: Path, tmp_path: Path) -> None:
    service = await open_service(seed_dir)
    before = (await service.stats()).quotes
    (seed_dir / "binary.txt").write_bytes(b"\x00\xff" * 100)
    report = await service.reload()
    assert not report.applied and report.errors[0].source == "binary.txt"
    (seed_dir / "binary.txt").unlink()
    (seed_dir / "empty.txt").write_text("   \n")
    report = await service.reload()
    assert not report.applied and "empty" in report.errors[0].message
    (seed_dir / "empty.txt").unlink()
    for f in seed_dir.iterdir():
        f.unlink()
    report = await service.reload()
    assert not report.applied and "no transcripts" in report.errors[0].message
    assert (await service.stats()).quotes == before and (await service.search("trade")).results


async def test_huge_file_and_report(open_service, seed_dir: Path) -> None:
    service = await open_service(seed_dir)
    para = "Mary Major: The committee approved 12 new schools and 3,400 teachers for the region this year."
    (seed_dir / "huge.txt").write_text("Huge\n\n" + "\n\n".join(f"{para} Item {i}." for i in range(20_000)))
    report = await service.reload()
    assert report.applied and report.quotes_added == 20_000 and report.facts > 40_000
    (seed_dir / "huge.txt").unlink()
    report = await service.reload()
    assert report.applied and report.removed == ("huge.txt",) and report.quotes_removed == 20_000


async def test_another_process_reload_is_noticed(open_service, seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    bot = await open_service(seed_dir, db)
    other_seeds = tmp_path / "other"
    shutil.copytree(seed_dir, other_seeds)
    (other_seeds / "new.txt").write_text("New\n\nAda Lovelace: The engine weaves algebraic patterns.\n")
    cli = await open_service(other_seeds, db)
    assert (await cli.search("algebraic")).results
    found = await bot.search("algebraic")  # no restart, no reload call in this process
    assert found.results and found.results[0].speaker == "Ada Lovelace"


async def test_ids_stable_for_unchanged_text(open_service, seed_dir: Path) -> None:
    service: QuoteService = await open_service(seed_dir)
    ids = {r.id for r in (await service.search("relations", limit=20)).results}
    seed = next(seed_dir.glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    marker = "Greetings.\n"
    seed.write_text(text.replace(marker, marker + "\nAnd one more opening sentence for the record today.\n", 1),
                    encoding="utf-8")  # a new paragraph 3: every later paragraph number shifts
    report = await service.reload()
    assert report.modified == (seed.name,) and report.quotes_added == 1 and report.quotes_removed == 0
    assert ids <= {r.id for r in (await service.search("relations", limit=50)).results}


async def test_full_reload_rebuilds_with_same_ids(open_service, seed_dir: Path) -> None:
    service = await open_service(seed_dir)
    ids = {r.id for r in (await service.search("relations", limit=20)).results}
    report = await service.reload(full=True)
    assert report.applied and report.added == () and report.quotes_added == 0 and report.quotes_removed == 0
    assert ids == {r.id for r in (await service.search("relations", limit=20)).results}


async def test_stats_count_what_the_tables_hold_after_copies_and_removals(open_service, seed_dir: Path,
                                                                          own_dir: Path) -> None:
    """Stats are read from row numbers and per-document counts, never by scanning; they must still be exact."""
    service = await open_service(seed_dir)
    for f in own_dir.iterdir():
        shutil.copy(f, seed_dir / f.name)
    assert (await service.reload()).applied
    (seed_dir / "monologue.txt").unlink()
    assert (await service.reload()).applied  # the other files' rows are copied into the new generation
    stats = await service.stats()
    g = (await service._snapshot()).reader.g
    actual = {}
    for table in ("documents", "paragraphs", "quotes", "facts"):
        async with service.db.execute(f"SELECT count(*) FROM g{g}_{table}") as cur:
            actual[table] = (await cur.fetchone())[0]
    assert (stats.documents, stats.paragraphs, stats.quotes, stats.facts) == (
        actual["documents"], actual["paragraphs"], actual["quotes"], actual["facts"])
    assert stats.documents == len(list(seed_dir.iterdir()))
