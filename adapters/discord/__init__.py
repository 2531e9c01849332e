"""The Discord adapter: slash commands answering from the transcripts with cited embeds."""

from __future__ import annotations

import logging

import aiohttp
import discord

from bot.config import Settings
from bot.errors import UsageError
from bot.service import QuoteService

from .admin import admin_only, is_admin
from .client import QuoteClient, make_client

__all__ = ["QuoteClient", "admin_only", "is_admin", "run_discord"]

_log = logging.getLogger(__name__)

_GET_TOKEN = ("copy the bot token from https://discord.com/developers/applications > your app > Bot > "
              "Reset Token, and put DISCORD_TOKEN=... in .env (see docs/discord.md)")


async def run_discord(service: QuoteService, settings: Settings) -> None:
    """Log in, sync the commands and serve until cancelled; discord.py handles reconnects and rate limits."""
    if not settings.discord_token:
        raise UsageError(f"DISCORD_TOKEN is invalid: it is not set; {_GET_TOKEN}.")
    client = make_client(service, settings)
    try:
        async with client:
            await client.login(settings.discord_token)
            await client.connect()  # reconnects on its own once logged in
    except discord.LoginFailure:
        raise UsageError(f"DISCORD_TOKEN is invalid: {_GET_TOKEN}.") from None
    except (aiohttp.ClientError, OSError) as exc:
        if client.user is not None:
            raise
        raise UsageError(f"Cannot reach Discord to log in ({exc}); check the network and try again.") from None
    finally:
        _log.info("disconnected from Discord")
