"""The seeds folder as operators leave it: links out of it, link loops, unreadable folders, odd file names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.transcripts.scan import scan

from .env import child_env

ROOT = Path(__file__).resolve().parents[1]
SECRET = "Outsider Bloggs: The vault combination is written under the zebra carpet.\n"
HARBOUR = "Harbour notes\n\nJane Doe: The harbour crane lifts forty containers an hour.\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A transcript outside the seeds folder, as /etc/passwd would be."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text("Private\n\n" + SECRET, encoding="utf-8")
    return folder


async def test_links_out_of_the_seeds_folder_are_not_followed(open_service: Callable, seed_dir: Path,
                                                              outside: Path) -> None:
    (seed_dir / "innocent.txt").symlink_to(outside / "secret.txt")
    (seed_dir / "more").symlink_to(outside, target_is_directory=True)
    (seed_dir / "notes").mkdir()
    (seed_dir / "notes" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (seed_dir / "alias.txt").symlink_to(seed_dir / "notes" / "harbour.txt")  # inside: followed
    service = await open_service(seed_dir)
    assert not (await service.search("zebra carpet")).results
    assert (await service.search("harbour crane")).results
    assert {e.citation.source for e in (await service.search("harbour crane", limit=5)).results} >= {"alias.txt"}


async def test_a_setting_lets_links_out(open_service: Callable, seed_dir: Path, outside: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (seed_dir / "innocent.txt").symlink_to(outside / "secret.txt")
    monkeypatch.setenv("QUOTEBOT_FOLLOW_LINKS", "1")
    service = await open_service(seed_dir)
    assert (await service.search("zebra carpet")).results


def test_link_loops_are_skipped_and_the_rest_is_read(seed_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    (seed_dir / "sub").mkdir()
    (seed_dir / "sub" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (seed_dir / "sub" / "up").symlink_to("..", target_is_directory=True)  # back to the top: a loop
    (seed_dir / "self").symlink_to("self")  # a link to itself
    (seed_dir / "ping.txt").symlink_to("pong.txt")
    (seed_dir / "pong.txt").symlink_to("ping.txt")
    keys = [f.key for f in scan(seed_dir)]
    assert keys == ["putin-xi-videoconference-2021-12.txt", "sub/harbour.txt"]
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "sub/up" in warned and "self" in warned and "ping.txt" in warned


def test_a_link_loop_does_not_stop_answers_from_the_command(tmp_path: Path, seed_dir: Path) -> None:
    db = tmp_path / "loop.db"
    argv = [sys.executable, "-m", "adapters.cli", "search", "trade", "--db", str(db), "--seeds", str(seed_dir)]
    env = child_env()
    assert subprocess.run(argv, capture_output=True, timeout=60, env=env, cwd=ROOT).returncode == 0
    (seed_dir / "loop").symlink_to("loop")
    (seed_dir / "deep").mkdir()
    (seed_dir / "deep" / "back").symlink_to("..", target_is_directory=True)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "trade" in out.stdout.lower()


@pytest.fixture
def shared_seeds() -> Iterator[Path]:
    """A seeds folder another user can walk (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="quotebot-scan-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _nobody() -> None:
    os.setgid(65534)
    os.setuid(65534)


def _interpreter_for_nobody() -> str:
    """A Python 3.11+ that an unprivileged user may run (root's own may live in a private home)."""
    for candidate in (sys.executable, os.path.realpath(sys.executable), "/usr/bin/python3.11", "/usr/bin/python3",
                      "/usr/local/bin/python3"):
        try:
            probe = subprocess.run([candidate, "-c", "import sys; assert sys.version_info >= (3, 11)"],
                                   capture_output=True, timeout=30, preexec_fn=_nobody, cwd="/")
        except OSError:  # not executable for that user
            continue
        if probe.returncode == 0:
            return candidate
    pytest.skip("no Python an unprivileged user can run, so root cannot be shown an unreadable folder")


def test_an_unreadable_subfolder_is_skipped(shared_seeds: Path) -> None:
    (shared_seeds / "open.txt").write_text(HARBOUR, encoding="utf-8")
    (shared_seeds / "locked").mkdir()
    (shared_seeds / "locked" / "hidden.txt").write_text(HARBOUR, encoding="utf-8")
    (shared_seeds / "locked").chmod(0)
    code = ("import json, sys; from pathlib import Path; from bot.transcripts.scan import scan; "
            "print(json.dumps([f.key for f in scan(Path(sys.argv[1]))]))")
    if os.geteuid() == 0:  # root reads any folder: scan as an ordinary user, with an interpreter it can run
        python = _interpreter_for_nobody()
        out = subprocess.run([python, "-c", code, str(shared_seeds)], capture_output=True, text=True, timeout=60,
                             cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"}, preexec_fn=_nobody)
    else:
        out = subprocess.run([sys.executable, "-c", code, str(shared_seeds)], capture_output=True, text=True,
                             timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == ["open.txt"]
    assert "locked" in out.stderr and "cannot read" in out.stderr


async def test_a_control_character_in_a_file_name_never_reaches_the_source(open_service: Callable,
                                                                           seed_dir: Path) -> None:
    (seed_dir / "two\nlines\r\x1b[31m.txt").write_text(HARBOUR, encoding="utf-8")
    service = await open_service(seed_dir)
    found = (await service.search("harbour crane")).results[0]
    assert found.citation.source == "two\\x0alines\\x0d\\x1b[31m.txt"
    assert not any(ord(ch) < 32 for ch in found.citation.line() + json.dumps(found.to_dict(), ensure_ascii=False))


async def test_nul_bytes_after_the_first_8_kb_are_not_stored(open_service: Callable, seed_dir: Path) -> None:
    filler = "".join(f"Jane Doe: Paragraph {n} of the long harbour report covers berths and moorings.\n\n"
                     for n in range(160))
    late = "Jane Doe: The lock\x00keeper opens the\x00\x00 gates at dawn.\n"
    data = ("Long report\n\n" + filler + late).encode("utf-8")
    assert b"\x00" not in data[:8192] and len(data) > 8192
    (seed_dir / "long.txt").write_bytes(data)
    (seed_dir / "wide.txt").write_bytes(("Wide report\n\n" + late.replace("lock", "sluice")).encode("utf-16"))
    service = await open_service(seed_dir)
    for topic in ("lockkeeper gates dawn", "sluicekeeper gates dawn"):
        found = (await service.search(topic)).results
        assert found and "\x00" not in found[0].text and "keeper opens the gates" in found[0].text
    warnings = {w.source: w.message for w in (await service.stats()).warnings}
    assert "NUL" in warnings.get("long.txt", "")
