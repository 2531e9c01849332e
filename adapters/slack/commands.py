"""Slash commands: /quote, /fact, /search, /verify, /context, /about, /help, and /quotebot with every one as a subcommand.

/quotebot also runs the admin commands (/daily, /reload; admin_commands.py). It has ``should_escape`` on
so /quotebot daily gets channel ids; the other subcommands get their text back as typed (``unescape``).

Each listener acks at once (Slack allows 3 seconds), then answers through ``respond``;
errors go to the one error handler (errors.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.errors import UsageError

from . import admin_commands, blocks, card_post, help_text, replies
from .errors import acked
from .lookups import COMMANDS, Lookup, run
from .safety import unescape

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.respond.async_respond import AsyncRespond
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.service import QuoteService

    from .admin_commands import AdminCommands

    Work = Callable[[dict[str, Any], AsyncRespond, AsyncWebClient], Awaitable[None]]

ALIASES = {"facts": "fact", "quotes": "quote", "find": "search", "check": "verify"}


async def answer(service: QuoteService, q: Lookup, respond: AsyncRespond, card: CardPoster | None = None) -> None:
    if q.command == "quote" and q.card and card is not None:
        await card(q, respond)
        return
    r = await run(service, q)
    kind = replies.response_type(q, r)
    await respond(**replies.compose(r, q, ephemeral=kind == "ephemeral"), response_type=kind)


class CardPoster:
    """/quote card:true: uploads the card to the channel the command came from."""

    def __init__(self, service: QuoteService, client: AsyncWebClient, channel: str) -> None:
        self.service, self.client, self.channel = service, client, channel

    async def __call__(self, q: Lookup, respond: AsyncRespond) -> None:
        await card_post.post_card(self.service, self.client, q, self.channel, respond)


def lookup_command(service: QuoteService, name: str) -> Work:
    async def work(command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        q = Lookup.parse(name, command.get("text") or "", command.get("user_id", ""))
        await answer(service, q, respond, CardPoster(service, client, str(command.get("channel_id", ""))))

    work.__name__ = f"slash_{name}"
    return work


INFO = ("about", "help")


async def info(service: QuoteService, name: str, respond: AsyncRespond, rest: str = "") -> None:
    """/help or /about [speakers [file]] (also /quotebot help|about), to the asker alone."""
    if name == "help":
        await replies.private(respond, help_text.help_message())
    elif rest.split()[:1] == ["speakers"]:
        document = unescape(rest.partition(" ")[2]).strip() or None
        await replies.private(respond, blocks.rosters(await service.rosters(document)))
    else:
        await replies.private(respond, blocks.stats(await service.stats(), help_text.ABOUT))


def info_command(service: QuoteService, name: str) -> Work:
    async def work(command: dict[str, Any], respond: AsyncRespond, _client: AsyncWebClient) -> None:
        await info(service, name, respond, command.get("text") or "")

    work.__name__ = f"slash_{name}"
    return work


def quotebot_command(service: QuoteService, admin: AdminCommands) -> Work:
    async def slash_quotebot(command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        words = (command.get("text") or "").split(maxsplit=1)
        sub = ALIASES.get(words[0].lower(), words[0].lower()) if words else "help"
        rest = words[1] if len(words) > 1 else ""
        if sub in INFO:
            await info(service, sub, respond, rest)
        elif sub in COMMANDS:
            q = Lookup.parse(sub, unescape(rest), command.get("user_id", ""))
            await answer(service, q, respond, CardPoster(service, client, str(command.get("channel_id", ""))))
        elif sub in admin_commands.NAMES:
            await admin.run(sub, command, rest, respond, client)
        else:
            raise UsageError(f"I don't know “{unescape(sub)[:40]}”. Try /quotebot help.")

    return slash_quotebot


def register(app: AsyncApp, service: QuoteService, admin: AdminCommands) -> None:
    for name in COMMANDS:
        app.command(f"/{name}")(acked(lookup_command(service, name)))
    for name in INFO:
        app.command(f"/{name}")(acked(info_command(service, name)))
    app.command("/quotebot")(acked(quotebot_command(service, admin)))
    for name in admin_commands.NAMES:
        app.command(f"/{name}")(acked(admin.listener(name)))
