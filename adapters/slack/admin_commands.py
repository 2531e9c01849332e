"""The admin commands, /daily and /reload (also /quotebot daily|reload): who asks is checked before anything runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.errors import UsageError

from . import daily, reload, replies
from .admin import is_admin

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from slack_bolt.context.respond.async_respond import AsyncRespond
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.config import Settings
    from bot.service import QuoteService

NAMES = ("daily", "reload")


class NotAdminError(UsageError):
    """Someone who is not an admin ran an admin command; nothing was done."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Sorry, /{name} is only for this workspace's admins and owners (and the people the "
                         "bot's operator named as admins). Nothing was changed.")


class AdminCommands:
    def __init__(self, service: QuoteService, settings: Settings) -> None:
        self.service, self.settings = service, settings

    async def run(self, name: str, command: dict[str, Any], text: str, respond: AsyncRespond,
                  client: AsyncWebClient) -> None:
        """``name`` is one of NAMES; ``text`` is its arguments as Slack sent them."""
        if not await is_admin(client, str(command.get("user_id", "")), self.settings):
            raise NotAdminError(name)
        if name == "daily":
            await replies.private(respond, await daily.run(self.service, command, text))
        else:
            await reload.run(self.service, respond, command)

    def listener(self, name: str) -> Callable[[dict[str, Any], AsyncRespond, AsyncWebClient], Awaitable[None]]:
        """The work for ``/daily`` or ``/reload`` itself, to wrap in ``errors.acked``."""

        async def work(command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
            await self.run(name, command, command.get("text") or "", respond, client)

        work.__name__ = f"slash_{name}"
        return work
