"""Settings, read once from the environment (and ``.env``) and validated at start-up."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_seeds() -> Path:
    """The transcript shipped inside the wheel, or the checkout's ``seeds/`` in development."""
    for candidate in (PACKAGE_DIR / "seeds", PACKAGE_DIR.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise UsageError("no bundled transcripts found; pass --seeds DIR")


def default_db() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "quotebot" / "quotebot.db"


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_ID = re.compile(r"^[A-Za-z0-9]{1,40}$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def _ids(raw: str) -> frozenset[str]:
    ids = frozenset(part.strip() for part in raw.replace(";", ",").split(",") if part.strip())
    bad = next((i for i in sorted(ids) if not _ID.match(i)), None)
    if bad is not None:
        raise UsageError(f"QUOTEBOT_ADMINS must be user ids (letters and digits) separated by commas, "
                         f"not “{bad[:40]}”")
    return ids


def _guild(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 1 << 64:
        raise UsageError("DISCORD_GUILD_ID must be a server id (digits only)")
    return int(raw)


def _port(raw: str) -> int:
    raw = raw.strip() or "3000"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 65535:
        raise UsageError(f"QUOTEBOT_SLACK_PORT must be a port number from 1 to 65535, not “{raw[:20]}”")
    return int(raw)


def _grace(raw: str) -> float:
    """Hours after the post time that a missed post may still go out: 0 to 24 (a day later is the next post)."""
    raw = raw.strip() or "6"
    try:
        hours = float(raw)
    except ValueError:
        hours = math.nan
    if not math.isfinite(hours) or not 0 <= hours <= 24:
        raise UsageError(f"QUOTEBOT_DAILY_GRACE_HOURS must be a number of hours from 0 to 24, not “{raw[:20]}”")
    return hours


def _log_level(raw: str) -> str:
    level = raw.strip().upper() or "INFO"
    if level not in _LOG_LEVELS:
        raise UsageError(f"QUOTEBOT_LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, not “{raw.strip()[:20]}”")
    return level


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in _TRUE + _FALSE:
        raise UsageError(f"{name} must be 1 or 0 (yes or no), not “{raw.strip()[:20]}”")
    return value in _TRUE


def _semantic(raw: str) -> str:
    value = raw.strip().lower() or "on"
    if value == "small":
        return "minilm"
    if value not in _TRUE + _FALSE:
        raise UsageError(f"QUOTEBOT_SEMANTIC must be on, small or off, not “{raw.strip()[:20]}”")
    return "mpnet" if value in _TRUE else ""


def _api_url(raw: str) -> str:
    url = raw.strip()
    if url and not _URL.match(url):
        raise UsageError(f"SLACK_API_URL must be an http(s) URL, not “{url[:40]}”")
    return url


def _token(name: str, raw: str) -> str:
    token = raw.strip()
    if any(c.isspace() or not c.isprintable() for c in token):
        raise UsageError(f"{name} must be one token with no spaces inside; check .env")
    return token


def _database_url(raw: str) -> str:
    """Empty (the SQLite file holds everything) or a postgresql:// URL; only the scheme is ever echoed back."""
    url = raw.strip()
    if not url:
        return ""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("postgresql", "postgres"):
        shown = f"a {scheme}:// URL" if scheme and len(scheme) < 20 and scheme.isalnum() else "that value"
        raise UsageError(f"QUOTEBOT_DATABASE_URL must be a postgresql:// URL (or unset for the SQLite file), not {shown}")
    return url


def _slack_oauth(env: Mapping[str, str]) -> tuple[str, str]:
    """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: both or neither, for HTTP mode, instead of one bot token."""
    client_id = _token("SLACK_CLIENT_ID", env.get("SLACK_CLIENT_ID", ""))
    secret = _token("SLACK_CLIENT_SECRET", env.get("SLACK_CLIENT_SECRET", ""))
    if not client_id and not secret:
        return "", ""
    if not client_id or not secret:
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        raise UsageError(f"{missing} is not set: installs in many workspaces need both SLACK_CLIENT_ID and "
                         "SLACK_CLIENT_SECRET (Basic Information > App Credentials)")
    if env.get("SLACK_BOT_TOKEN", "").strip():
        raise UsageError("Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                         "(installs in many workspaces), not both")
    if env.get("SLACK_APP_TOKEN", "").strip() or not env.get("SLACK_SIGNING_SECRET", "").strip():
        raise UsageError("Installs in many workspaces run in HTTP mode: set SLACK_SIGNING_SECRET and unset "
                         "SLACK_APP_TOKEN")
    return client_id, secret


def _shards(count_raw: str, ids_raw: str) -> tuple[int | None, tuple[int, ...] | None]:
    """DISCORD_SHARD_COUNT (the total, across every process) and DISCORD_SHARD_IDS (this process's; all if unset)."""
    count_raw, ids_raw = count_raw.strip(), ids_raw.strip()
    if not count_raw:
        if ids_raw:
            raise UsageError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT too: the total number of shards of every process")
        return None, None
    if not (count_raw.isascii() and count_raw.isdigit()) or not 1 <= int(count_raw) <= 1_000_000:
        raise UsageError(f"DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more, not “{count_raw[:20]}”")
    count = int(count_raw)
    parts = [p.strip() for p in ids_raw.split(",") if p.strip()]
    bad = next((p for p in parts if not (p.isascii() and p.isdigit())), None)
    if bad is not None:
        raise UsageError(f"DISCORD_SHARD_IDS must be shard numbers separated by commas, not “{bad[:20]}”")
    ids = tuple(sorted({int(p) for p in parts})) or tuple(range(count))
    if ids[-1] >= count:
        raise UsageError(f"DISCORD_SHARD_IDS: shard {ids[-1]} is beyond DISCORD_SHARD_COUNT={count} "
                         f"(shards are numbered 0 to {count - 1})")
    return count, ids


def _path(name: str, raw: str) -> str:
    if "\x00" in raw:
        raise UsageError(f"{name} must be a path without NUL characters")
    return raw
@dataclass(frozen=True, slots=True)
class Settings:
    seeds: Path
    db: Path
    discord_token: str = ""
    discord_guild_id: int | None = None
    slack_bot_token: str = ""
    slack_app_token: str = ""
    slack_signing_secret: str = ""
    slack_port: int = 3000
    slack_api_url: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = field(default="", repr=False)
    """Both set (and no bot token): the app is installed per workspace through OAuth (README, "Scaling out")."""
    admins: frozenset[str] = field(default_factory=frozenset)
    daily_grace_hours: float = 6.0
    semantic: str = "mpnet"
    """The bundled sentence model that ranks by meaning as well as words (QUOTEBOT_SEMANTIC: on, the default, is
    all-mpnet-base-v2; small is all-MiniLM-L6-v2, faster and lighter; off is "": words only)."""
    log_level: str = "INFO"
    follow_links: bool = False
    """Follow symbolic links that lead out of the seeds folder (QUOTEBOT_FOLLOW_LINKS=1)."""
    discord_shard_count: int | None = None
    discord_shard_ids: tuple[int, ...] | None = None
    """The shards this process runs (all of them when only the count is set); None: no sharding."""
    database_url: str = field(default="", repr=False)
    """QUOTEBOT_DATABASE_URL: PostgreSQL for the state shared by many processes; empty keeps it in the SQLite file."""


def load_settings(*, seeds: str | None = None, db: str | None = None, env_file: bool = True) -> Settings:
    """Command-line values win over the environment, which wins over defaults.

    Every setting is checked here, once: a bad one stops start-up with a line naming it.
    """
    if env_file:
        from dotenv import load_dotenv

        load_dotenv(override=False)
    env = os.environ
    seeds_dir = _path("QUOTEBOT_SEEDS", seeds or env.get("QUOTEBOT_SEEDS", "").strip())
    if seeds_dir:
        seeds_path = Path(seeds_dir).expanduser()
    elif Path("seeds").is_dir():
        seeds_path = Path("seeds")
    else:
        seeds_path = bundled_seeds()
    db_path = _path("QUOTEBOT_DB", db or env.get("QUOTEBOT_DB", "").strip())
    client_id, client_secret = _slack_oauth(env)
    shard_count, shard_ids = _shards(env.get("DISCORD_SHARD_COUNT", ""), env.get("DISCORD_SHARD_IDS", ""))
    return Settings(
        seeds=seeds_path.resolve(),
        db=Path(db_path or default_db()).expanduser(),
        discord_token=_token("DISCORD_TOKEN", env.get("DISCORD_TOKEN", "")),
        discord_guild_id=_guild(env.get("DISCORD_GUILD_ID", "")),
        slack_bot_token=_token("SLACK_BOT_TOKEN", env.get("SLACK_BOT_TOKEN", "")),
        slack_app_token=_token("SLACK_APP_TOKEN", env.get("SLACK_APP_TOKEN", "")),
        slack_signing_secret=_token("SLACK_SIGNING_SECRET", env.get("SLACK_SIGNING_SECRET", "")),
        slack_port=_port(env.get("QUOTEBOT_SLACK_PORT", "")),
        slack_api_url=_api_url(env.get("SLACK_API_URL", "")),
        slack_client_id=client_id,
        slack_client_secret=client_secret,
        admins=_ids(env.get("QUOTEBOT_ADMINS", "")),
        daily_grace_hours=_grace(env.get("QUOTEBOT_DAILY_GRACE_HOURS", "")),
        semantic=_semantic(env.get("QUOTEBOT_SEMANTIC", "on")),
        log_level=_log_level(env.get("QUOTEBOT_LOG_LEVEL", "")),
        follow_links=_flag("QUOTEBOT_FOLLOW_LINKS", env.get("QUOTEBOT_FOLLOW_LINKS", "")),
        discord_shard_count=shard_count,
        discord_shard_ids=shard_ids,
        database_url=_database_url(env.get("QUOTEBOT_DATABASE_URL", "")),
    )
