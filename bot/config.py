"""Settings, read once from the environment (and ``.env``) and validated at start-up."""

from __future__ import annotations

import os
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


_SWITCH = {"on": True, "1": True, "true": True, "yes": True, "off": False, "0": False, "false": False, "no": False}


def _ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.replace(";", ",").split(",") if part.strip())


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
    admins: frozenset[str] = field(default_factory=frozenset)
    daily_grace_hours: float = 6.0
    semantic: bool = True
    """Rank by meaning as well as words, with the bundled sentence model (QUOTEBOT_SEMANTIC=off: words only)."""
    log_level: str = "INFO"


def load_settings(*, seeds: str | None = None, db: str | None = None, env_file: bool = True) -> Settings:
    """Command-line values win over the environment, which wins over defaults."""
    if env_file:
        from dotenv import load_dotenv

        load_dotenv(override=False)
    env = os.environ
    seeds_dir = seeds or env.get("QUOTEBOT_SEEDS")
    if seeds_dir:
        seeds_path = Path(seeds_dir).expanduser()
    elif Path("seeds").is_dir():
        seeds_path = Path("seeds")
    else:
        seeds_path = bundled_seeds()
    guild = env.get("DISCORD_GUILD_ID", "").strip()
    if guild and not guild.isdigit():
        raise UsageError("DISCORD_GUILD_ID must be a server id (digits only)")
    port = env.get("QUOTEBOT_SLACK_PORT", "3000").strip() or "3000"
    if not port.isdigit():
        raise UsageError("QUOTEBOT_SLACK_PORT must be a port number")
    try:
        grace = float(env.get("QUOTEBOT_DAILY_GRACE_HOURS", "6") or 6)
    except ValueError:
        raise UsageError("QUOTEBOT_DAILY_GRACE_HOURS must be a number of hours") from None
    semantic = env.get("QUOTEBOT_SEMANTIC", "on").strip().lower() or "on"
    if semantic not in _SWITCH:
        raise UsageError("QUOTEBOT_SEMANTIC must be on or off")
    return Settings(
        seeds=seeds_path.resolve(),
        db=Path(db or env.get("QUOTEBOT_DB") or default_db()).expanduser(),
        discord_token=env.get("DISCORD_TOKEN", "").strip(),
        discord_guild_id=int(guild) if guild else None,
        slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
        slack_app_token=env.get("SLACK_APP_TOKEN", "").strip(),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
        slack_port=int(port),
        slack_api_url=env.get("SLACK_API_URL", "").strip(),
        admins=_ids(env.get("QUOTEBOT_ADMINS", "")),
        daily_grace_hours=grace,
        semantic=_SWITCH[semantic],
        log_level=env.get("QUOTEBOT_LOG_LEVEL", "INFO").upper(),
    )
