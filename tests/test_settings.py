"""Every setting is checked at start: a bad one is one line naming it, exit 2, never a traceback or a hang."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import UsageError

from .env import child_env

ROOT = Path(__file__).resolve().parents[1]
ENV = child_env()

BAD = [
    ("QUOTEBOT_LOG_LEVEL", "verbose"),
    ("QUOTEBOT_DAILY_GRACE_HOURS", "nan"),
    ("QUOTEBOT_DAILY_GRACE_HOURS", "inf"),
    ("QUOTEBOT_DAILY_GRACE_HOURS", "-1"),
    ("QUOTEBOT_DAILY_GRACE_HOURS", "25"),
    ("QUOTEBOT_DAILY_GRACE_HOURS", "six"),
    ("QUOTEBOT_SLACK_PORT", "99999"),
    ("QUOTEBOT_SLACK_PORT", "0"),
    ("QUOTEBOT_SLACK_PORT", "http"),
    ("DISCORD_GUILD_ID", "my-server"),
    ("QUOTEBOT_ADMINS", "U1, <@U2>"),
    ("QUOTEBOT_FOLLOW_LINKS", "maybe"),
    ("SLACK_API_URL", "ftp://example.org/api/"),
    ("DISCORD_TOKEN", "two words"),
    ("QUOTEBOT_DATABASE_URL", "mysql://root:hunter2@db/quotes"),
    ("QUOTEBOT_DATABASE_URL", "hunter2"),
    ("DISCORD_SHARD_IDS", "0,2"),
    ("DISCORD_SHARD_COUNT", "0"),
    ("DISCORD_SHARD_COUNT", "four"),
    ("SLACK_CLIENT_ID", "1111.2222"),
    ("SLACK_CLIENT_SECRET", "hunter2"),
]


OAUTH = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "hunter2", "SLACK_SIGNING_SECRET": "s"}


@pytest.mark.parametrize(("extra", "said"), [({"SLACK_BOT_TOKEN": "xoxb-1"}, "either SLACK_BOT_TOKEN"),
                                             ({"SLACK_APP_TOKEN": "xapp-1"}, "unset SLACK_APP_TOKEN"),
                                             ({"SLACK_SIGNING_SECRET": ""}, "set SLACK_SIGNING_SECRET")])
def test_installs_in_many_workspaces_are_http_mode_without_a_bot_token(monkeypatch: pytest.MonkeyPatch,
                                                                        seed_dir: Path, extra: dict[str, str],
                                                                        said: str) -> None:
    for name, value in {**OAUTH, **extra}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UsageError, match=said) as refused:
        load_settings(seeds=str(seed_dir), db="x.db", env_file=False)
    assert "hunter2" not in str(refused.value)


def test_client_id_and_secret_are_kept(monkeypatch: pytest.MonkeyPatch, seed_dir: Path) -> None:
    for name, value in OAUTH.items():
        monkeypatch.setenv(name, value)
    s = load_settings(seeds=str(seed_dir), db="x.db", env_file=False)
    assert (s.slack_client_id, s.slack_client_secret) == ("1111.2222", "hunter2")
    assert "hunter2" not in repr(s)


@pytest.mark.parametrize(("name", "value"), BAD)
def test_a_bad_setting_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, seed_dir: Path, name: str,
                                          value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(UsageError, match=name) as refused:
        load_settings(seeds=str(seed_dir), db="x.db", env_file=False)
    assert "hunter2" not in str(refused.value)  # a database URL's password is never echoed


def test_good_settings_are_kept(monkeypatch: pytest.MonkeyPatch, seed_dir: Path) -> None:
    for name, value in (("QUOTEBOT_LOG_LEVEL", "debug"), ("QUOTEBOT_DAILY_GRACE_HOURS", "0.5"),
                        ("QUOTEBOT_SLACK_PORT", "65535"), ("QUOTEBOT_ADMINS", "U1;123"),
                        ("QUOTEBOT_FOLLOW_LINKS", "yes")):
        monkeypatch.setenv(name, value)
    s = load_settings(seeds=str(seed_dir), db="x.db", env_file=False)
    assert (s.log_level, s.daily_grace_hours, s.slack_port, s.admins, s.follow_links) == \
        ("DEBUG", 0.5, 65535, frozenset({"U1", "123"}), True)


def test_shard_ids_are_checked_against_the_count(monkeypatch: pytest.MonkeyPatch, seed_dir: Path) -> None:
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "4")
    for ids, message in (("0,4", "shard 4 is beyond DISCORD_SHARD_COUNT=4"), ("1,x", "DISCORD_SHARD_IDS must be")):
        monkeypatch.setenv("DISCORD_SHARD_IDS", ids)
        with pytest.raises(UsageError, match=message):
            load_settings(seeds=str(seed_dir), db="x.db", env_file=False)
    monkeypatch.setenv("DISCORD_SHARD_IDS", " 2, 0,2 ")
    assert load_settings(seeds=str(seed_dir), db="x.db", env_file=False).discord_shard_ids == (0, 2)
    monkeypatch.delenv("DISCORD_SHARD_IDS")
    assert load_settings(seeds=str(seed_dir), db="x.db", env_file=False).discord_shard_ids == (0, 1, 2, 3)


@pytest.mark.parametrize(("name", "value"), [("QUOTEBOT_LOG_LEVEL", "verbose"), ("QUOTEBOT_DAILY_GRACE_HOURS", "nan"),
                                             ("QUOTEBOT_SLACK_PORT", "99999")])
def test_the_command_says_which_setting_and_exits_2(tmp_path: Path, seed_dir: Path, name: str, value: str) -> None:
    out = subprocess.run([sys.executable, "-m", "adapters.cli", "stats", "--db", str(tmp_path / "s.db"),
                          "--seeds", str(seed_dir)], capture_output=True, text=True, timeout=60,
                         env=ENV | {name: value}, cwd=ROOT)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in out.stderr


def _cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "adapters.cli", *argv], capture_output=True, text=True, timeout=60,
                          env=ENV | {"PYTHONPATH": str(ROOT)}, cwd=cwd)


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_common_options_work_on_either_side_of_the_subcommand(tmp_path: Path, seed_dir: Path, before: bool) -> None:
    # cwd has no seeds/ folder: if --seeds were dropped, the bundled transcript would be read instead
    (seed_dir / "extra.txt").write_text("Extra hearing\n\nJane Doe: The ferry timetable changes in June.\n",
                                        encoding="utf-8")
    db = tmp_path / "opts.db"
    common = ["--seeds", str(seed_dir), "--db", str(db), "--json"]
    out = _cli(*(common + ["stats"] if before else ["stats"] + common), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"] == 2
    assert db.exists()
