"""Slack's retries handled once: every Events API delivery's ``event_id`` is recorded in the shared database
before any listener sees it, and a delivery whose id is already there gets an empty 200 and nothing else.

Slack redelivers an event (with ``X-Slack-Retry-Num`` and ``X-Slack-Retry-Reason``) when the first delivery
was not acknowledged within 3 seconds or failed, possibly to another worker behind the load balancer; the
id is recorded where every worker looks (bot/store/deliveries.py or pg_deliveries.py). Slash commands and
interactivity are never retried by Slack and pass untouched. The first delivery wins even if its worker
then fails to answer: an event is answered at most once, never twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.response import BoltResponse

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from slack_bolt.request.async_request import AsyncBoltRequest

    from bot.store.deliveries import Deliveries

_log = logging.getLogger(__name__)
PLATFORM = "slack"


def event_id(body: dict[str, Any]) -> str:
    """The id of an Events API delivery, or "" for anything else (commands, actions, url_verification)."""
    if body.get("type") != "event_callback":
        return ""
    return str(body.get("event_id") or "")


def _header(request: AsyncBoltRequest, name: str) -> str:
    values = request.headers.get(name) or [""]
    return str(values[0])


def once_per_event(deliveries: Deliveries) -> Callable[..., Awaitable[BoltResponse | None]]:
    """A global Bolt middleware; it runs after the signature check and the workspace's authorization."""

    async def skip_redeliveries(body: dict[str, Any], request: AsyncBoltRequest,
                                next: Callable[[], Awaitable[None]]) -> BoltResponse | None:  # noqa: A002 (Bolt's name)
        seen = event_id(body)
        if not seen or await deliveries.first(PLATFORM, seen):
            await next()
            return None
        _log.info("event %s was delivered before; acknowledging the retry (%s, %s) and doing nothing", seen,
                  _header(request, "x-slack-retry-num") or "no retry number",
                  _header(request, "x-slack-retry-reason") or "no reason given")
        return BoltResponse(status=200, body="")

    return skip_redeliveries
