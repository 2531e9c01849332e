"""The environment of a process a test starts."""

from __future__ import annotations

import os

BOT_SETTINGS = ("DISCORD_", "SLACK_", "QUOTEBOT_")


def child_env(*drop: str) -> dict[str, str]:
    """This environment without the user's bot settings (and ``drop``), on the small sentence model: the
    processes tests start answer from transcripts the tests write, and encoding them is five times faster
    (tests/conftest.py ``sentence_model`` says which tests run on the default model)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(BOT_SETTINGS + drop)}
    env["QUOTEBOT_SEMANTIC"] = "small"
    return env
