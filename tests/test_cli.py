"""The real ``quotebot`` command in a subprocess, as scripts and users run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .env import child_env

ENV = child_env()


def run(*args: str, db: Path, seeds: Path | None = None, stdin: str | None = None, cwd: Path | None = None):
    argv = [sys.executable, "-m", "adapters.cli", *args, "--db", str(db)]
    if seeds:
        argv += ["--seeds", str(seeds)]
    return subprocess.run(argv, capture_output=True, text=True, input=stdin, timeout=60, env=ENV,
                          cwd=cwd or Path(__file__).resolve().parents[1])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def test_search_json_has_excerpt_fields(db: Path, seed_dir: Path) -> None:
    out = run("search", "winter olympics", "--limit", "3", "--json", db=db, seeds=seed_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == "winter olympics" and len(data["results"]) <= 3
    first = data["results"][0]
    for key in ("id", "text", "speaker", "role", "retranslated", "document", "source", "paragraph", "score", "citation"):
        assert key in first
    assert first["source"] == "putin-xi-videoconference-2021-12.txt"
    assert "Winter Olympics opening ceremony" in first["text"]


def test_quote_fact_verify_context_stats_json(db: Path, seed_dir: Path) -> None:
    quote = json.loads(run("quote", "trade", "--json", db=db, seeds=seed_dir).stdout)
    assert quote["result"]["speaker"]
    facts = json.loads(run("fact", "meetings", "--json", db=db, seeds=seed_dir).stdout)
    assert any(f["kind"] == "ordinal" and f["value"] == 37 for f in facts["results"])
    verdict = json.loads(run("verify", "I am delighted to see you.", "--speaker", "Putin", "--json",
                             db=db, seeds=seed_dir).stdout)
    assert verdict["verdict"] == "exact" and verdict["similarity"] == 1.0 and verdict["match"]["paragraph"] == 2
    ctx = json.loads(run("context", quote["result"]["id"], "--json", db=db, seeds=seed_dir).stdout)
    assert any(p["id"] == quote["result"]["id"] for p in ctx["paragraphs"])
    stats = json.loads(run("stats", "--json", db=db, seeds=seed_dir).stdout)
    assert stats["documents"] == 1 and stats["speakers"] == 2 and stats["errors"] == []


def test_console_reads_piped_commands(db: Path, seed_dir: Path) -> None:
    out = run("console", db=db, seeds=seed_dir,
              stdin=('/quote trade\n/fact doses\n/search "belt of eternal peace"\n'
                     '/verify "I am delighted to see you." speaker:Putin\n/nonsense\n/help\n'))
    assert out.returncode == 0, out.stderr
    assert "Vladimir Putin" in out.stdout and "¶" in out.stdout
    assert "150 million doses" in out.stdout
    assert "Exact quote" in out.stdout
    assert "Unknown command /nonsense" in out.stdout and "/context ID" in out.stdout


def test_bare_command_with_no_tokens_starts_console(db: Path, seed_dir: Path) -> None:
    out = run(db=db, seeds=seed_dir, stdin="/search vaccines\n")
    assert out.returncode == 0 and "Sputnik" in out.stdout
    assert "DISCORD_TOKEN" in out.stderr


@pytest.mark.parametrize(
    "args",
    [("search", ""), ("search", "x" * 10_000), ("context", "nope"), ("context", "aaaaaaaaaaaa"),
     ("search", "trade", "--speaker", "Nobody Atall"), ("search", "trade", "--limit", "0"),
     ("fact", "trade", "--kind", "weight"), ("search",), ("frobnicate",)],
)
def test_bad_input_is_one_line_and_exit_2(db: Path, seed_dir: Path, args: tuple[str, ...]) -> None:
    out = run(*args, db=db, seeds=seed_dir)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_missing_seeds_folder_keeps_existing_index(db: Path, seed_dir: Path, tmp_path: Path) -> None:
    assert run("index", db=db, seeds=seed_dir).returncode == 0
    out = run("search", "trade", db=db, seeds=tmp_path / "missing")
    assert out.returncode == 2 and "not found" in out.stderr and "Traceback" not in out.stderr
    assert run("search", "trade", "--json", db=db, seeds=seed_dir).returncode == 0


def test_empty_and_binary_seeds(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("\n\n")
    out = run("stats", db=db, seeds=empty)
    assert out.returncode == 2 and "empty" in out.stderr
    binary = tmp_path / "binary"
    binary.mkdir()
    (binary / "x.txt").write_bytes(bytes(range(256)) * 4)
    out = run("stats", db=tmp_path / "b.db", seeds=binary)
    assert out.returncode == 2 and "binary" in out.stderr and "Traceback" not in out.stderr


def test_core_never_imports_chat_libraries(db: Path, seed_dir: Path) -> None:
    code = ("import sys, asyncio, bot.service, adapters.cli, adapters.console;"
            "print(any(m.split('.')[0] in ('discord', 'slack_bolt', 'slack_sdk') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert out.stdout.strip() == "False", out.stderr


def test_console_daily_and_reload(db: Path, seed_dir: Path) -> None:
    out = run("console", db=db, seeds=seed_dir, stdin=(
        "/daily set console 09:00 Europe/Moscow speaker:Putin\n/daily now\n/daily set console 9pm Nowhere/Land\n"
        "/daily status\n/reload\n"))
    assert out.returncode == 0, out.stderr
    assert "Daily quote set: console: 09:00 Europe/Moscow (speaker Putin)" in out.stdout
    assert "[console] Quote of the day" in out.stdout and "Vladimir Putin" in out.stdout
    assert "is not a time" in out.stdout
    assert "Transcripts unchanged" in out.stdout
    again = run("console", db=db, seeds=seed_dir, stdin="/daily status\n")
    assert "console: 09:00 Europe/Moscow" in again.stdout  # the schedule survived the restart


def test_console_daily_card_is_saved_beside_the_index(db: Path, seed_dir: Path) -> None:
    out = run("console", db=db, seeds=seed_dir, stdin=(
        "/daily set console 09:00 UTC speaker:Putin card:true\n/daily now\n/daily status\n"
        "/daily set console 09:00 UTC card:maybe\n"))
    assert out.returncode == 0, out.stderr
    assert "Daily quote set: console: 09:00 UTC (speaker Putin) as an image card — next" in out.stdout
    posted = out.stdout.split("[console] Quote of the day\n", 1)[1]
    saved = Path(posted.splitlines()[0].removeprefix("Card saved to "))
    assert saved.parent == db.parent / "cards" and saved.read_bytes().startswith(b"\x89PNG")
    assert "Vladimir Putin" in posted and f"id {saved.stem.removeprefix('quote-')}" in posted  # the text as well
    assert "card: takes true or false, not “maybe”." in out.stdout and "Traceback" not in out.stderr


def test_reload_reports_what_changed(db: Path, seed_dir: Path) -> None:
    assert run("index", db=db, seeds=seed_dir).returncode == 0
    (seed_dir / "new.txt").write_text("New\n\nAda Lovelace: The engine weaves algebraic patterns.\n")
    out = run("reload", "--json", db=db, seeds=seed_dir)
    report = json.loads(out.stdout)
    assert report["applied"] and report["added"] == ["new.txt"] and report["quotes_added"] == 1
    (seed_dir / "broken.txt").write_bytes(b"\x00\x00")
    out = run("reload", db=db, seeds=seed_dir)
    assert "Reload refused; still serving the previous index" in out.stdout and "broken.txt" in out.stdout


def test_console_about_speakers(db: Path, seed_dir: Path) -> None:
    out = run("console", db=db, seeds=seed_dir, stdin="/about speakers\n/about speakers nothing.txt\n")
    assert out.returncode == 0, out.stderr
    assert "Vladimir Putin (President of Russia) — 1 turn — as President of Russia Vladimir Putin" in out.stdout
    assert "No transcript called “nothing.txt”" in out.stdout
