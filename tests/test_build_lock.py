"""Several processes on one database file: builds take turns, queries never build, the index survives."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.config import load_settings
from bot.service import QuoteService
from bot.store.schema import GENERATION_TABLES

from .corpus import write_corpus
from .env import child_env

ROOT = Path(__file__).resolve().parents[1]
ENV = child_env()


def cli(*args: str, db: Path, seeds: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "adapters.cli", *args, "--db", str(db), "--seeds", str(seeds)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def live_is_complete(db: Path) -> bool:
    con = sqlite3.connect(db)
    try:
        live = con.execute("SELECT value FROM meta WHERE key = 'live'").fetchone()[0]
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        state = con.execute("SELECT state FROM generations WHERE id = ?", (live,)).fetchone()
        return state == ("live",) and all(f"g{live}_{t}" in names for t in GENERATION_TABLES)
    finally:
        con.close()


def change_most(files: list[Path]) -> None:
    """More than half the files change: the reload builds a new generation (the slow path, worth racing)."""
    for path in files[: len(files) * 3 // 4]:
        with path.open("a", encoding="utf-8") as f:
            f.write(f"\nAlma Ferris: One more closing remark about lighthouses, number {time.time_ns()}.\n")


def test_concurrent_reload_processes_keep_the_index(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "q.db"
    files = write_corpus(seeds, 40, 40)
    assert finish(cli("index", db=db, seeds=seeds))[0] == 0
    for change in (change_most, change_most, lambda fs: change_most(fs[:2])):  # new generations, then one file in place
        change(files)
        results = [finish(p) for p in [cli("reload", db=db, seeds=seeds) for _ in range(3)]]
        assert all(code == 0 and "Traceback" not in err for code, _, err in results), results
        assert live_is_complete(db)
    code, out, err = finish(cli("stats", "--json", db=db, seeds=seeds))
    assert code == 0 and json.loads(out)["documents"] == 40 and not json.loads(out)["stale"], err
    code, out, _ = finish(cli("search", "lighthouses", "--json", db=db, seeds=seeds))
    assert code == 0 and json.loads(out)["results"]


async def test_a_running_service_and_a_cli_reload_take_turns(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "q.db"
    files = write_corpus(seeds, 40, 40)
    service = await QuoteService.open(load_settings(seeds=str(seeds), db=str(db), env_file=False))
    try:
        change_most(files)
        other = cli("reload", db=db, seeds=seeds)
        mine = await service.reload(full=True)
        code, _, err = finish(other)
        assert code == 0 and "Traceback" not in err, err
        assert mine.errors == () and live_is_complete(db)
        assert (await service.search("lighthouses")).results
        assert (await service.stats()).documents == 40
    finally:
        await service.close()


def test_queries_answer_from_the_old_index_during_a_reload_and_say_it_is_stale(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "q.db"
    files = write_corpus(seeds, 40, 40)
    assert finish(cli("index", db=db, seeds=seeds))[0] == 0
    change_most(files)
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nBruno Castell: The zeppelins return.\n",
                        encoding="utf-8")
    reload = cli("reload", db=db, seeds=seeds)
    searches = [cli("search", "harbours", "--json", db=db, seeds=seeds) for _ in range(16)]
    answers = [finish(p) for p in searches]
    assert all(code == 0 and json.loads(out)["results"] for code, out, _ in answers), answers
    assert finish(reload)[0] == 0
    code, out, err = finish(cli("search", "zeppelins", db=db, seeds=seeds))
    assert code == 0 and "zeppelins" in out.lower() and "older than" not in err


def test_a_query_never_builds_and_reports_staleness(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "q.db"
    files = write_corpus(seeds, 3, 10)
    assert finish(cli("index", db=db, seeds=seeds))[0] == 0
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nDario Quell: Kestrels nest here.\n",
                        encoding="utf-8")
    (seeds / "new.txt").write_text("New\n\nAlma Ferris: Kestrels again.\n", encoding="utf-8")
    code, out, err = finish(cli("search", "kestrels", "--json", db=db, seeds=seeds))
    data = json.loads(out)
    assert code == 0 and data["results"] == [] and data["stale"] is True
    assert "1 changed, 1 added files" in data["stale_reason"]
    code, out, err = finish(cli("search", "kestrels", db=db, seeds=seeds))
    assert code == 0 and err.count("\n") == 1 and "older than the transcripts" in err and "quotebot reload" in err
    assert finish(cli("reload", db=db, seeds=seeds))[0] == 0
    code, out, err = finish(cli("search", "kestrels", "--json", db=db, seeds=seeds))
    assert json.loads(out)["stale"] is False and len(json.loads(out)["results"]) == 2 and err == ""


def test_a_live_pointer_to_a_dropped_generation_is_rebuilt_keeping_schedules(tmp_path: Path, seed_dir: Path) -> None:
    """What the old race left behind: meta.live naming a generation whose tables are gone."""
    db = tmp_path / "q.db"
    assert finish(cli("index", db=db, seeds=seed_dir))[0] == 0
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schedules (platform, workspace, channel, local_time, timezone, speaker, topic, enabled, "
                "paused_reason, set_by, set_at) VALUES ('console', 'w', '#q', '09:00', 'UTC', '', '', 1, '', 'me', 'now')")
    con.execute("DROP TABLE g1_documents")
    con.commit()
    con.close()
    code, out, err = finish(cli("search", "trade", db=db, seeds=seed_dir))
    assert code == 0 and "Putin" in out, err
    assert live_is_complete(db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT channel FROM schedules").fetchall() == [("#q",)]
    con.close()


def test_an_unreadable_seeds_subfolder_does_not_stop_answers(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "q.db"
    assert finish(cli("index", db=db, seeds=seed_dir))[0] == 0
    (seed_dir / "loop").symlink_to(".")  # a loop: the scan skips it, with one line saying so
    code, out, err = finish(cli("search", "trade", db=db, seeds=seed_dir))
    assert code == 0 and "Putin" in out and err.count("\n") == 1 and "loop: skipped" in err, err
