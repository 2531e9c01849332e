"""Button presses (block_actions): Previous / Next on search results, Post to channel, Context and Source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import jump, paging, replies, sharing
from .errors import acked
from .lookups import Lookup, run

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.respond.async_respond import AsyncRespond
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.service import QuoteService


def _pressed(body: dict[str, Any]) -> tuple[str, str, bool]:
    """(button value, who pressed, whether the message is ephemeral)."""
    action = (body.get("actions") or [{}])[0]
    container = body.get("container") or {}
    user = str((body.get("user") or {}).get("id", ""))
    return str(action.get("value", "")), user, bool(container.get("is_ephemeral"))


def register(app: AsyncApp, service: QuoteService) -> None:
    async def turn_page(body: dict[str, Any], respond: AsyncRespond, _client: AsyncWebClient) -> None:
        value, user, ephemeral = _pressed(body)
        q = paging.turn(value, user)
        msg = replies.compose(await run(service, q), q, ephemeral=ephemeral, shared_by="" if ephemeral else q.user)
        await respond(**msg, replace_original=True)

    async def post_to_channel(body: dict[str, Any], respond: AsyncRespond, _client: AsyncWebClient) -> None:
        value, user, _ = _pressed(body)
        q = sharing.claim(value, user)
        msg = replies.compose(await run(service, q), q, ephemeral=False, shared_by=user)
        await respond(**msg, response_type="in_channel", replace_original=False)
        await respond(delete_original=True)

    async def show_context(body: dict[str, Any], respond: AsyncRespond, _client: AsyncWebClient) -> None:
        value, user, _ = _pressed(body)
        q = Lookup("context", jump.quote_id(value), user=user)
        msg = replies.compose(await run(service, q), q, ephemeral=True)
        await respond(**msg, response_type="ephemeral", replace_original=False)

    async def opened_source(ack: Any) -> None:
        await ack()  # a link button: Slack opened the URL, and only wants to hear that the press arrived

    app.action(jump.CONTEXT_ACTIONS)(acked(show_context))
    app.action(jump.SOURCE_ACTIONS)(opened_source)
    app.action(paging.PREVIOUS)(acked(turn_page))
    app.action(paging.NEXT)(acked(turn_page))
    app.action(sharing.POST)(acked(post_to_channel))
