"""The daily quote's way out on Discord: the core's ``Publisher`` port, posting by channel id.

Failures are sorted here, once. What Discord will refuse again (channel gone, bot removed,
permission missing) is permanent and pauses the schedule; what may pass (network, 5xx, rate
limit) is transient, and the scheduler retries it with the day's claim kept. discord.py has
already waited out rate limits and retried 500/502/504 itself before an error reaches us.
"""

from __future__ import annotations

import hashlib
import io
import logging

import aiohttp
import discord

from adapters import cards
from bot.config import Settings
from bot.daily.ports import DeliveryError
from bot.models import Excerpt

from .embeds import excerpt_embed
from .jump import jump_view
from .limits import cut
from .respond import NO_MENTIONS
from .shards import owns

_log = logging.getLogger(__name__)
PLATFORM = "discord"
FAILURES = (discord.HTTPException, discord.RateLimited, aiohttp.ClientError, OSError)
"""What a request to Discord raises when delivery fails (``TimeoutError`` is an ``OSError``)."""
_NEEDED = (("send_messages", "Send Messages"), ("embed_links", "Embed Links"))
Postable = discord.TextChannel | discord.VoiceChannel | discord.StageChannel
"""Channels with a text chat: text and announcement channels, and the chat of voice and stage channels."""


def _said(exc: discord.HTTPException) -> str:
    return cut(exc.text or exc.response.reason or str(exc.status), 80)


def classify(exc: BaseException) -> DeliveryError:
    """The delivery failure a request error means, permanent or not."""
    if isinstance(exc, discord.NotFound):
        return DeliveryError("the channel is gone, or the bot was removed from the server", permanent=True)
    if isinstance(exc, discord.Forbidden):
        return DeliveryError(f"the bot is not allowed to post there ({_said(exc)})", permanent=True)
    if isinstance(exc, discord.RateLimited):
        return DeliveryError("Discord is rate limiting the bot", permanent=False)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429 or exc.status >= 500:
            # a 5xx body may be an HTML page: the status line says enough
            return DeliveryError(f"Discord did not take the post ({exc.status} {exc.response.reason})",
                                 permanent=False)
        return DeliveryError(f"Discord refused the post ({exc.status} {_said(exc)})", permanent=True)
    return DeliveryError(f"could not reach Discord ({type(exc).__name__})", permanent=False)


def nonce(channel: str, quote_id: str) -> str:
    """The post's nonce: the same for every try of one quote in one channel, so Discord, which is asked to
    enforce it, makes the message once even when a try it did take is made again. discord.py keeps one nonce
    across its own retries of a send; this one also holds across the scheduler's (a post its timeout cut off,
    a transient failure tried later, a claim taken over after a crash)."""
    return hashlib.blake2b(f"{channel}:{quote_id}".encode(), digest_size=12).hexdigest()  # 24 of Discord's 25


def channel_id(channel: str) -> int:
    try:
        return int(channel)
    except ValueError:
        raise DeliveryError(f"“{cut(channel, 30)}” is not a Discord channel id", permanent=True) from None


class DiscordPublisher:
    """Posts the quote of the day as the same cited embed ``/quote`` answers with."""

    platform = PLATFORM

    def __init__(self, client: discord.Client, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    def owns(self, workspace: str) -> bool:
        """Only the process whose shards hold a server posts its dailies (the claim covers resharding)."""
        return owns(self.settings, workspace)

    async def post(self, channel: str, excerpt: Excerpt, title: str, *, card: bool = False) -> None:
        """The cited embed as ``/quote`` gives it; with ``card``, the card's PNG attached to the same message, its
        alt text the quote and citation (one message, so the day's claim covers both)."""
        cid = channel_id(channel)
        target = self.client.get_channel(cid)
        if target is not None and not isinstance(target, discord.abc.Messageable):
            raise DeliveryError("that channel does not take messages", permanent=True)
        # a channel not in the cache (before the gateway is ready) is posted to by id all the same
        messageable = target or self.client.get_partial_messageable(cid)
        made = await cards.render_or_none(excerpt) if card else None
        try:
            try:
                await self._send(messageable, excerpt, title, made, nonce(channel, excerpt.id))
            except discord.Forbidden as exc:
                if made is None:
                    raise
                # Refused (no Attach Files there, say): nothing was posted, so the embed alone goes out today.
                _log.warning("the daily card could not go to %s (%s); posting the embed alone", channel, _said(exc))
                await self._send(messageable, excerpt, title, None, nonce(channel, excerpt.id))
        except FAILURES as exc:
            raise classify(exc) from exc

    @staticmethod
    async def _send(to: discord.abc.Messageable, excerpt: Excerpt, title: str, made: cards.Card | None,
                    once: str) -> None:
        files = [discord.File(io.BytesIO(made.png), filename=made.filename, description=made.alt)] if made else []
        # with a nonce, discord.py also sends enforce_nonce: a repeat of a post Discord made returns that message
        await to.send(embed=excerpt_embed(excerpt, title=title), allowed_mentions=NO_MENTIONS,
                      view=jump_view([excerpt]), files=files, nonce=once)

    async def check(self, channel: str, workspace: str = "") -> None:
        """The channel exists, is in the server ``workspace`` (when given), has a text chat, and lets the bot
        send messages with embeds. The server is Discord's answer, never the id the command carried."""
        cid = channel_id(channel)
        try:
            target, me = await self._locate(cid)
        except discord.NotFound:
            raise DeliveryError("the channel does not exist, or the bot cannot see it", permanent=True) from None
        except discord.Forbidden:
            raise DeliveryError("the bot cannot see that channel", permanent=True) from None
        except FAILURES as exc:
            raise classify(exc) from exc
        if workspace and str(target.guild.id) != workspace:
            raise DeliveryError("that channel is in another server; pick a channel of this one", permanent=True)
        perms = target.permissions_for(me)
        missing = [label for flag, label in _NEEDED if not getattr(perms, flag)]
        if missing:
            raise DeliveryError(f"the bot lacks {' and '.join(missing)} there; allow them for its role in that "
                                "channel's permissions", permanent=True)

    async def _locate(self, cid: int) -> tuple[Postable, discord.Member]:
        """The channel and the bot's member in its server: from the cache, else from the API."""
        cached = self.client.get_channel(cid)
        found = _postable(cached or await self.client.fetch_channel(cid))
        if cached is not None and found.guild.me is not None:
            return found, found.guild.me
        # fetched alone, a channel's server is a stub without roles; fetch it again bound to the full server
        guild = await self.client.fetch_guild(found.guild.id, with_counts=False)
        bound = _postable(await guild.fetch_channel(cid))
        assert self.client.user is not None  # setup_hook, and so the scheduler, run after login
        return bound, await guild.fetch_member(self.client.user.id)


def _postable(channel: object) -> Postable:
    if not isinstance(channel, Postable):
        raise DeliveryError("it is not a text channel in a server", permanent=True)
    return channel
