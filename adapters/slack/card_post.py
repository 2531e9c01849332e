"""/quote card:true on Slack: the quote drawn as a PNG card and uploaded to the channel, its alt text the quote.

The card goes up with ``files.uploadV2`` (files:write); the asker then privately gets the quote's
Context and Source buttons, which a file cannot carry. A channel the bot is not in refuses the
upload, and the asker is told how to fix that.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from adapters import cards
from bot.errors import UsageError

from . import blocks, jump
from .errors import api_error
from .limits import assemble
from .lookups import Lookup
from .safety import escape

if TYPE_CHECKING:
    from slack_bolt.context.respond.async_respond import AsyncRespond
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.service import QuoteService

TITLE = 250


async def post_card(service: QuoteService, client: AsyncWebClient, q: Lookup, channel: str,
                    respond: AsyncRespond) -> None:
    found = await service.quote(q.text or None, speaker=q.speaker or None)
    if found is None:
        miss = blocks.quote(None, q.text)
        await respond(text=miss.text, response_type="ephemeral")
        return
    made = await asyncio.to_thread(cards.render, found)
    title = f"{found.speaker}, {found.citation.document}"[:TITLE]
    try:
        await client.files_upload_v2(channel=channel, file=made.png, filename=made.filename, title=title,
                                     alt_txt=made.alt)
    except SlackApiError as exc:
        raise UsageError(f"I could not post the card here ({api_error(exc)}): invite me to this channel, "
                         "or leave out card:true for the text.") from None
    head = f"Posted the card of quote `{escape(found.id)}`."
    tail = [{"type": "actions", "block_id": "quotebot_actions", "elements": jump.buttons([found])}]
    await respond(text=head, blocks=assemble([[blocks.section(head)]], tail), response_type="ephemeral")
