"""Faults of the database file: one line and exit 2, no hang, no lost index, no process left behind."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .corpus import write_corpus
from .env import child_env

ROOT = Path(__file__).resolve().parents[1]
ENV = child_env()


def run(*args: str, db: Path | str, seeds: Path, limit: int | None = None, stdin: str | None = None):
    def cap_file_size() -> None:  # `ulimit -f`: writes past the limit fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert limit is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "adapters.cli", *args, "--db", str(db), "--seeds", str(seeds)],
                          capture_output=True, text=True, timeout=60, env=ENV, cwd=ROOT, input=stdin,
                          preexec_fn=cap_file_size if limit else None)


def one_line_exit_2(out: subprocess.CompletedProcess[str], *words: str) -> None:
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.count("\n") == 1 and all(w in out.stderr for w in words), out.stderr


@pytest.mark.parametrize("content", [b"hello, this is a text file\n" * 100, os.urandom(20_000)])
def test_a_file_that_is_not_a_database(tmp_path: Path, seed_dir: Path, content: bytes) -> None:
    db = tmp_path / "not.db"
    db.write_bytes(content)
    for command in ("stats", "search"):
        one_line_exit_2(run(command, *(["trade"] if command == "search" else []), db=db, seeds=seed_dir),
                        "not a quotebot database")
    assert db.read_bytes() == content


def test_dev_null_as_database(seed_dir: Path) -> None:
    one_line_exit_2(run("stats", db="/dev/null", seeds=seed_dir), "not a regular file")


def test_corruption_mid_file(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "q.db"
    write_corpus(seed_dir, 20, 30)
    assert run("index", db=db, seeds=seed_dir).returncode == 0
    size = db.stat().st_size
    with db.open("r+b") as f:
        for offset in range(size // 3, size * 2 // 3, 4096 * 3):
            f.seek(offset)
            f.write(b"\xa5" * 2000)
    one_line_exit_2(run("search", "harbours", db=db, seeds=seed_dir), "damaged")
    for args in (("stats",), ("quote",), ("fact", "year"), ("reload",)):  # each answers, or says so in one line
        out = run(*args, db=db, seeds=seed_dir)
        assert out.returncode == 0 or out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
        assert "Traceback" not in out.stderr


def test_newer_schema_or_index_format_is_refused(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "q.db"
    assert run("index", db=db, seeds=seed_dir).returncode == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'index_format'")
    con.commit()
    con.close()
    for command in ("stats", "reload", "index"):
        one_line_exit_2(run(command, db=db, seeds=seed_dir), "newer quotebot")
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'index_format'").fetchone() == ("99",)
    assert con.execute("SELECT count(*) FROM generations").fetchone() == (1,)  # nothing was rebuilt
    con.execute("UPDATE meta SET value = '3' WHERE key = 'index_format'")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    one_line_exit_2(run("stats", db=db, seeds=seed_dir), "newer quotebot", "schema 99")


@pytest.mark.parametrize("new_files", [1, 3])  # one: updated in place; three of four: a new generation
def test_full_disk_during_reload_keeps_the_old_index(tmp_path: Path, seed_dir: Path, new_files: int) -> None:
    db = tmp_path / "q.db"
    assert run("index", db=db, seeds=seed_dir).returncode == 0
    for i in range(new_files):
        (seed_dir / f"big{i}.txt").write_text("Big\n\n" + "\n\n".join(
            f"Jane Doe: Paragraph {n} speaks of windmills, tides and {n} ferries." for n in range(3000)))
    one_line_exit_2(run("reload", db=db, seeds=seed_dir, limit=db.stat().st_size + 100_000), "disk")
    out = run("search", "trade", db=db, seeds=seed_dir)
    assert out.returncode == 0 and "Vladimir Putin" in out.stdout and "older than the transcripts" in out.stderr
    out = run("reload", db=db, seeds=seed_dir)
    assert out.returncode == 0, out.stderr
    assert "windmills" in run("search", "windmills", db=db, seeds=seed_dir).stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM generations WHERE state != 'live'").fetchone()[0] <= 1
    con.close()


def test_database_deleted_under_a_running_console(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "q.db"
    assert run("index", db=db, seeds=seed_dir).returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "adapters.cli", "console", "--db", str(db), "--seeds", str(seed_dir)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ENV, cwd=ROOT)
    assert proc.stdin and proc.stdout
    proc.stdin.write("/search trade\n")
    proc.stdin.flush()
    assert "Putin" in proc.stdout.readline() + proc.stdout.readline()
    for f in tmp_path.glob("q.db*"):
        f.unlink()
    out, err = proc.communicate("/reload\n/search trade\n", timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "deleted or replaced" in out and "Putin" in out.split("deleted or replaced", 1)[1]
    assert not db.exists()  # no empty database was started in its place


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]
    except (OSError, IndexError):
        return False


def test_kill_9_during_a_build_leaves_no_workers(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "q.db"
    write_corpus(seeds, 300, 40)  # enough files for worker processes
    proc = subprocess.Popen([sys.executable, "-m", "adapters.cli", "index", "--db", str(db), "--seeds", str(seeds)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = {c for c in children_of(proc.pid) if "multiprocessing" in Path(f"/proc/{c}/cmdline").read_text()}
        time.sleep(0.05)
    assert workers, "the build finished before its workers were seen"
    time.sleep(0.5)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)
