"""The ``quotebot`` command in a process of its own, talking to the loopback fakes instead of Discord.

``python -m tests.discord.run_bot [quotebot arguments]``. Only two addresses change, as the in-process
tests change them: discord.py's API base (``FAKE_DISCORD_API``) and the gateway it connects shards to
(``FAKE_DISCORD_GATEWAY``; with a shard count set, discord.py never asks /gateway/bot for it). Everything
else is the normal command line, settings and start-up.
"""

from __future__ import annotations

import os
import sys

import discord.gateway
import discord.http
import yarl

from adapters.cli import main


def point_at_fakes() -> None:
    discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])


if __name__ == "__main__":
    point_at_fakes()
    sys.exit(main())
