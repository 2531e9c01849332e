"""Slash commands: /quote, /fact, /search, /verify, /context, and /quotebot with every one as a subcommand.

Each listener acks at once (Slack allows 3 seconds), then answers through ``respond``;
errors go to the one error handler (errors.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.errors import UsageError

from . import blocks, help_text, replies
from .errors import acked
from .lookups import COMMANDS, Lookup, run

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.respond.async_respond import AsyncRespond

    from bot.service import QuoteService

    Work = Callable[[dict[str, Any], AsyncRespond], Awaitable[None]]

ALIASES = {"facts": "fact", "quotes": "quote", "find": "search", "check": "verify"}
LATER = ("daily", "reload")
"""Admin commands of the daily-and-reload issue; /quotebot names them until they exist."""


async def answer(service: QuoteService, q: Lookup, respond: AsyncRespond) -> None:
    r = await run(service, q)
    kind = replies.response_type(q, r)
    await respond(**replies.compose(r, q, ephemeral=kind == "ephemeral"), response_type=kind)


async def _send(respond: AsyncRespond, r: blocks.Rendered) -> None:
    await respond(text=r.text, blocks=[b for g in r.groups for b in g], response_type="ephemeral")


def lookup_command(service: QuoteService, name: str) -> Work:
    async def work(command: dict[str, Any], respond: AsyncRespond) -> None:
        await answer(service, Lookup.parse(name, command.get("text") or "", command.get("user_id", "")), respond)

    work.__name__ = f"slash_{name}"
    return work


def quotebot_command(service: QuoteService) -> Work:
    async def slash_quotebot(command: dict[str, Any], respond: AsyncRespond) -> None:
        words = (command.get("text") or "").split(maxsplit=1)
        sub = ALIASES.get(words[0].lower(), words[0].lower()) if words else "help"
        rest = words[1] if len(words) > 1 else ""
        if sub == "help":
            await _send(respond, help_text.help_message())
        elif sub == "about":
            await _send(respond, blocks.stats(await service.stats(), help_text.ABOUT))
        elif sub in COMMANDS:
            await answer(service, Lookup.parse(sub, rest, command.get("user_id", "")), respond)
        elif sub in LATER:
            await _send(respond, help_text.not_yet(sub))
        else:
            raise UsageError(f"I don't know “{sub[:40]}”. Try /quotebot help.")

    return slash_quotebot


def register(app: AsyncApp, service: QuoteService) -> None:
    for name in COMMANDS:
        app.command(f"/{name}")(acked(lookup_command(service, name)))
    app.command("/quotebot")(acked(quotebot_command(service)))
