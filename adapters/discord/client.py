"""The Discord client: owns the command tree, syncs it at start-up, never pings anyone.

It also plugs Discord into the daily-quote scheduler, which the service owns (one per process,
shared with Slack when both run): registered and started in ``setup_hook``, let go on ``close``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.config import Settings
from bot.daily.scheduler import DailyScheduler
from bot.errors import UsageError
from bot.service import QuoteService

from .autocomplete import Suggestions
from .commands import LOOKUP_COMMANDS
from .daily import daily
from .errors import report
from .info import INFO_COMMANDS
from .jump import ContextButton
from .publisher import DiscordPublisher
from .reload import reload
from .shards import IDENTIFY_HOLD, syncs_commands
from .verify_message import verify_quote

_log = logging.getLogger(__name__)
MAX_RATELIMIT_WAIT = 20.0
"""Seconds discord.py may wait out a rate limit before raising ``RateLimited`` (must be well under the
daily scheduler's post timeout, itself well inside the claim's lease)."""


class QuoteTree(app_commands.CommandTree["QuoteClient"]):
    async def on_error(self, interaction: discord.Interaction[QuoteClient], error: app_commands.AppCommandError,
                       /) -> None:
        await report(interaction, error)


class QuoteClient(discord.Client):
    """Slash commands only: they arrive as interactions, so no privileged intent is needed."""

    def __init__(self, service: QuoteService, settings: Settings, **options: Any) -> None:
        # quotebot never joins voice: the "PyNaCl/davey is not installed" start-up warnings are only noise
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        # A rate limit longer than this raises instead of being waited out, so a daily post stays well inside
        # its claim's lease and a command answers instead of hanging.
        super().__init__(intents=discord.Intents(guilds=True), allowed_mentions=discord.AllowedMentions.none(),
                         max_ratelimit_timeout=MAX_RATELIMIT_WAIT, **options)
        self.service = service
        self.settings = settings
        self.suggestions = Suggestions(service)
        self.publisher = DiscordPublisher(self, settings)
        self.max_concurrency = 1
        """How many shards Discord lets IDENTIFY at once (read from /gateway/bot when sharded)."""
        self._daily: DailyScheduler | None = None
        self._unfollow: Callable[[], None] | None = None
        self.tree = QuoteTree(self)
        commands: tuple[app_commands.Command[Any, ..., Any] | app_commands.Group, ...] = (
            *LOOKUP_COMMANDS, *INFO_COMMANDS, daily, reload)
        for command in commands:
            self.tree.add_command(command)
        self.tree.add_command(verify_quote)  # Apps → Verify quote, on any message
        self.add_dynamic_items(ContextButton)  # Context buttons work on any message, after any restart

    async def setup_hook(self) -> None:
        await self.suggestions.refresh()
        # any reload here, including one an admin ran in another process, renews what autocomplete offers
        self._unfollow = self.service.on_new_index(self.suggestions.index_changed)
        if self.settings.discord_shard_count is not None:
            self.max_concurrency = await self._max_concurrency()
        if syncs_commands(self.settings):
            await self._sync()
        else:
            _log.info("commands are synced by the process that runs shard 0, not this one")
        self._daily = self.service.daily
        self._daily.register(self.publisher)
        self._daily.start()  # a no-op if another adapter in this process started it

    async def _sync(self) -> None:
        guild_id = self.settings.discord_guild_id
        if guild_id is None:
            synced = await self.tree.sync()
            _log.info("synced %d global commands (they can take up to an hour to appear)", len(synced))
            return
        guild = discord.Object(id=guild_id)
        self.tree.copy_global_to(guild=guild)
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.Forbidden:
            raise UsageError(f"DISCORD_GUILD_ID={guild_id}: the bot is not in that server. Invite it with the link "
                             "in docs/discord.md, or unset DISCORD_GUILD_ID to sync globally.") from None
        _log.info("synced %d commands to server %s", len(synced), guild_id)

    async def _max_concurrency(self) -> int:
        try:
            _, _, limit = await self.http.get_bot_gateway()
        except discord.DiscordException as exc:  # identify one at a time, the safe choice
            _log.warning("cannot read Discord's max_concurrency (%s); identifying one shard at a time", exc)
            return 1
        return max(1, int(limit.get("max_concurrency", 1)))

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """With a shared database, IDENTIFYs are serialised across every process: one per max_concurrency
        bucket at a time, 5 s apart (discord.py spaces them within one process only)."""
        gate = self.service.shared.start_gate
        if gate is None or shard_id is None:
            await super().before_identify_hook(shard_id, initial=initial)
            return
        await gate.pass_through(shard_id % self.max_concurrency, IDENTIFY_HOLD)

    async def close(self) -> None:
        """Stop posting to Discord; stop the scheduler too unless another adapter still posts through it."""
        if self._daily is not None:
            await self._daily.unregister(self.publisher)
        if self._unfollow is not None:
            self._unfollow()
            self._unfollow = None
        await super().close()

    async def on_ready(self) -> None:
        _log.info("connected to Discord as %s in %d servers", self.user, len(self.guilds))


class ShardedQuoteClient(QuoteClient, discord.AutoShardedClient):
    """The shards DISCORD_SHARD_IDS names (of DISCORD_SHARD_COUNT) in one process, each its own gateway connection."""

    def __init__(self, service: QuoteService, settings: Settings) -> None:
        super().__init__(service, settings, shard_count=settings.discord_shard_count,
                         shard_ids=list(settings.discord_shard_ids or ()))


def make_client(service: QuoteService, settings: Settings) -> QuoteClient:
    return ShardedQuoteClient(service, settings) if settings.discord_shard_count is not None else QuoteClient(service, settings)
