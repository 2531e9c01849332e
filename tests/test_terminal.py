"""The command on terminals as they are: not UTF-8, fed control characters, asked for nothing but exclusions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .env import child_env

ROOT = Path(__file__).resolve().parents[1]
ENV = child_env("PYTHONIOENCODING", "LC_", "LANG")


def run(*args: str, db: Path, seeds: Path, env: dict[str, str] | None = None, stdin: str | bytes | None = None,
        ) -> subprocess.CompletedProcess[bytes]:
    argv = [sys.executable, "-m", "adapters.cli", *args, "--db", str(db), "--seeds", str(seeds)]
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(argv, capture_output=True, input=data, timeout=60, env=ENV | (env or {}), cwd=ROOT)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}],
                         ids=["ascii", "lang-c"])
def test_a_terminal_that_is_not_utf8_gets_answers(tmp_path: Path, seed_dir: Path, env: dict[str, str]) -> None:
    db = tmp_path / "enc.db"
    # the bundled transcript has curly quotes and dashes in every citation
    for args in (("search", "belt of eternal peace"), ("quote", "trade"), ("fact", "trade"), ("stats",)):
        out = run(*args, db=db, seeds=seed_dir, env=env)
        assert out.returncode == 0, out.stderr.decode(errors="replace")
        assert b"Traceback" not in out.stderr
        assert out.stdout.strip()
    data = run("search", "belt of eternal peace", "--json", db=db, seeds=seed_dir, env=env)
    assert data.returncode == 0
    assert "belt of\u00a0eternal peace" in json.loads(data.stdout)["results"][0]["text"]  # JSON stays exact
    console = run("console", db=db, seeds=seed_dir, env=env, stdin="/quote trade\n/search caf\u00e9 \u2014 \u00ab\n".encode())
    assert console.returncode == 0 and b"Traceback" not in console.stderr


def test_the_console_never_echoes_control_characters(tmp_path: Path, seed_dir: Path) -> None:
    evil = "\x1b[2J\x1b]0;pwned\x07\r\x08\u202e"
    out = run("console", db=tmp_path / "c.db", seeds=seed_dir, stdin=f"/nonsense{evil}\n/context {evil}\n"
                                                                        f"/search {evil}zz\n/verify {evil}\n")
    assert out.returncode == 0
    text = out.stdout.decode()
    assert not any(ch in text for ch in "\x1b\x07\r\x08\u202e"), repr(text)


@pytest.mark.parametrize("topic", [" -trade", "!!!"])
def test_fact_without_a_word_is_a_usage_error_as_search_is(tmp_path: Path, seed_dir: Path, topic: str) -> None:
    db = tmp_path / "f.db"
    search = run("search", topic, db=db, seeds=seed_dir)
    fact = run("fact", topic, db=db, seeds=seed_dir)
    assert search.returncode == fact.returncode == 2
    assert fact.stdout == b"" and fact.stderr == search.stderr
