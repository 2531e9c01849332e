"""``@quotebot harbour wall``: a mention in a channel is a /quote on the words after it, answered in the
mention's thread with the same blocks, citation and buttons as /quote (replies.py), escaped the same way.

A miss ("No quote about … found") goes to the asker alone, in the thread. Slack sends the mention's text
escaped (``&amp;``, ``<@U1>``, ``<https://x|label>``): the bot's own mention is dropped and the rest made
plain before it is searched. Retries of the event are skipped before this runs (redeliveries.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import replies
from .errors import on_error
from .lookups import Lookup, run
from .safety import unescape

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.async_context import AsyncBoltContext
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.service import QuoteService

COMMAND = "quote"


def question(text: str, bot_user_id: str = "") -> str:
    """The words of a mention, without the bot's own ``<@U…>`` (every one of them), as typed."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", " ", text)
    return " ".join(unescape(text).split())


def register(app: AsyncApp, service: QuoteService) -> None:
    async def app_mention(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        # Bolt acknowledged the event before this runs; errors are answered here, as acked() does for commands.
        try:
            await answer(service, event, client, context.bot_user_id or "")
        except Exception as error:
            await on_error(error, {"type": "event app_mention"}, context, client)

    app.event("app_mention")(app_mention)


async def answer(service: QuoteService, event: dict[str, Any], client: AsyncWebClient, bot_user_id: str) -> None:
    channel, user = str(event.get("channel", "")), str(event.get("user", ""))
    thread = str(event.get("thread_ts") or event.get("ts") or "")
    q = Lookup.parse(COMMAND, question(str(event.get("text") or ""), bot_user_id), user)
    r = await run(service, q)
    if not r.groups:  # nothing found: the asker alone is told, as /quote does
        await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=r.text)
        return
    message = replies.compose(r, q, ephemeral=False)
    await client.chat_postMessage(channel=channel, thread_ts=thread, unfurl_links=False, unfurl_media=False,
                                  **message)
