"""The one place that reports errors: a brief reply to the user, the unexpected logged once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.errors import QuotebotError

from .safety import escape

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.ack.async_ack import AsyncAck
    from slack_bolt.context.async_context import AsyncBoltContext
    from slack_bolt.context.respond.async_respond import AsyncRespond
    from slack_sdk.web.async_client import AsyncWebClient

    Work = Callable[[dict[str, Any], AsyncRespond, AsyncWebClient], Awaitable[None]]

_log = logging.getLogger(__name__)

UNEXPECTED = "Sorry, something went wrong on my side; it has been logged. Please try again in a moment."


def message_for(error: Exception) -> str:
    """What the user reads: the core's own sentence for its errors, a generic apology for the rest."""
    if isinstance(error, QuotebotError):
        return escape(str(error)) or "That did not work."
    return UNEXPECTED


async def on_error(error: Exception, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
    """Bolt's global error hook (``@app.error``): every listener's exception ends here."""
    if isinstance(error, QuotebotError):
        _log.debug("user error: %s", error)
    else:
        _log.error("unexpected error handling %s", _describe(body), exc_info=error)
    text = message_for(error)
    try:
        if context.respond is not None and context.response_url:
            await context.respond(text=text, response_type="ephemeral", replace_original=False)
        elif context.channel_id and context.user_id:
            await client.chat_postEphemeral(channel=context.channel_id, user=context.user_id, text=text)
    except Exception as exc:  # the reply itself failed (network, expired url): nothing left to tell the user
        _log.warning("could not send the error reply: %s", exc)


def api_error(exc: SlackApiError) -> str:
    """The Web API's error code (``invalid_auth``), or the HTTP status when the body was not JSON."""
    data = exc.response.data
    return str(data.get("error", "error")) if isinstance(data, dict) else f"HTTP {exc.response.status_code}"


def _describe(body: dict[str, Any]) -> str:
    if body.get("command"):
        return f"command {body['command']}"
    actions = body.get("actions") or [{}]
    return f"{body.get('type', 'request')} {actions[0].get('action_id', '')}".strip()


def acked(work: Work) -> Callable[..., Awaitable[None]]:
    """A Bolt listener that acks at once, runs ``work(body, respond, client)``, and answers its errors itself.

    Errors are handled here rather than left to Bolt: when a listener raises after ack(), Bolt's
    asyncio runner (slack_bolt 1.30, listener/asyncio_runner.py) replaces the ack with None, and if
    that happens before its 10 ms poll saw the ack, Slack gets a 404 after 3 s. ``on_error`` is the
    same function Bolt calls for everything else, so there is still one place that reports.
    """

    async def listener(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext,
                       client: AsyncWebClient) -> None:
        await ack()
        try:
            await work(body, respond, client)  # the client holds this workspace's bot token
        except Exception as error:
            await on_error(error, body, context, client)

    listener.__name__ = listener.__qualname__ = work.__name__  # Bolt logs listeners by name
    return listener


def register(app: AsyncApp) -> None:
    app.error(on_error)
