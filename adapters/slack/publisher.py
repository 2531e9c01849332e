"""The daily quote's way into Slack: ``chat.postMessage`` to a channel id, failures sorted into permanent or not.

A permanent failure (channel gone, bot removed, permission missing) pauses the schedule with
the reason shown in /daily status; anything else (rate limit, 5xx, network) is retried by the core.
With installs in many workspaces (OAuth), ``InstalledPublishers`` hands the core a ``SlackPublisher``
holding the bot token of the schedule's workspace, found in the installation store.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters import cards
from bot.daily.ports import DeliveryError

from . import blocks, jump

if TYPE_CHECKING:
    from bot.models import Excerpt

    from .oauth import InstallationStore

_log = logging.getLogger(__name__)

INVITE = "invite me with /invite @quotebot"
PERMANENT = {
    "channel_not_found": f"the channel was not found: it was deleted, or it is private and I am not in it ({INVITE})",
    "not_in_channel": f"I am not in the channel; {INVITE}",
    "is_archived": "the channel is archived",
    "account_inactive": "the bot's token is no longer active; reinstall the app",
    "invalid_auth": "Slack rejected the bot token; reinstall the app",
    "token_revoked": "the bot token was revoked; reinstall the app",
    "missing_scope": "the app lacks a permission; add the scopes in slack-manifest.yml and reinstall it",
    "restricted_action": "the workspace does not let me post in that channel",
}
NOT_INSTALLED = "the app is not installed in this workspace any more; reinstall it"
TRANSIENT = ("fatal_error", "internal_error", "service_unavailable", "request_timeout")
NETWORK = (TimeoutError, aiohttp.ClientError, OSError)
CARD_SECONDS = 10.0
"""How long the card's upload may take after the text is posted: with the Web API client's 30 s for the text,
well inside the scheduler's 45 s per post, so a slow upload never makes the posted day count as failed."""
CARD_TITLE = 250


def delivery_error(exc: SlackApiError) -> DeliveryError:
    """A Web API failure as the core's DeliveryError: the codes in PERMANENT pause, everything else is retried."""
    response: Any = exc.response
    status = int(getattr(response, "status_code", 0) or getattr(response, "status", 0) or 0)
    data = getattr(response, "data", None)
    code = str(data.get("error", "")) if isinstance(data, dict) else ""
    if code.startswith("restricted_action"):  # also _read_only_channel, _thread_only_channel, …
        return DeliveryError(f"{PERMANENT['restricted_action']} ({code})", permanent=True)
    if code in PERMANENT:
        reason = PERMANENT[code]
        if code == "missing_scope" and isinstance(data, dict) and data.get("needed"):
            reason = f"the app lacks the {data['needed']} permission; add it (see slack-manifest.yml) and reinstall"
        return DeliveryError(f"{reason} ({code})", permanent=True)
    if status == 429 or code == "ratelimited":
        return DeliveryError("Slack is rate limiting me (ratelimited)", permanent=False)
    if status >= 500 or code in TRANSIENT:
        return DeliveryError(f"Slack had a server error ({code or f'HTTP {status}'})", permanent=False)
    # A code we do not know: retrying costs a few calls a day at most; pausing would need an admin.
    _log.warning("Slack Web API error %s (HTTP %s); treating it as temporary", code or "without a code", status)
    return DeliveryError(f"Slack answered {code or f'HTTP {status}'}", permanent=False)


def unreachable(exc: BaseException) -> DeliveryError:
    return DeliveryError(f"cannot reach Slack ({exc or type(exc).__name__})", permanent=False)


def granted(headers: Any) -> set[str]:
    """The token's scopes, from the ``x-oauth-scopes`` header Slack sends with every Web API answer."""
    raw = headers.get("x-oauth-scopes", "") if headers else ""
    return {s.strip() for s in str(raw).split(",") if s.strip()}


def _elsewhere(info: dict[str, Any], workspace: str) -> bool:
    """Whether a channel is outside ``workspace``: Slack names its own workspace (``context_team_id``) and,
    for a channel shared by Slack Connect, the others (``shared_team_ids``). A channel object naming
    none is this workspace's: the bot token sees no other workspace's channels.
    """
    teams = {str(t) for t in [info.get("context_team_id"), *(info.get("shared_team_ids") or [])] if t}
    return bool(teams) and workspace not in teams


class SlackPublisher:
    """The ``Publisher`` port for Slack; registered with ``service.daily`` by ``run_slack``."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    def owns(self, workspace: str) -> bool:
        return True

    async def check(self, channel: str, workspace: str = "") -> None:
        """The channel exists, is in ``workspace`` (when given), is not archived, and I am in it (or it is public
        and I have chat:write.public). The channel's workspace is Slack's answer, not the command's word."""
        try:
            resp = await self.client.conversations_info(channel=channel)
        except SlackApiError as exc:
            raise delivery_error(exc) from None
        except NETWORK as exc:
            raise unreachable(exc) from None
        info = resp.get("channel") or {}
        if workspace and _elsewhere(info, workspace):
            raise DeliveryError("that channel belongs to another workspace", permanent=True)
        if info.get("is_archived"):
            raise DeliveryError("the channel is archived", permanent=True)
        if info.get("is_im") or info.get("is_mpim"):
            raise DeliveryError("the quote of the day goes to a channel, not a direct message", permanent=True)
        if info.get("is_member"):
            return
        if not info.get("is_private") and "chat:write.public" in granted(resp.headers):
            return
        raise DeliveryError(f"I am not a member of that channel; {INVITE}", permanent=True)

    async def post(self, channel: str, excerpt: Excerpt, title: str, *, card: bool = False) -> None:
        """The cited blocks by chat.postMessage; with ``card``, then the card uploaded to the channel.

        The text goes first and is the post the day's claim covers: a card that cannot be drawn or uploaded is
        logged and left out, never retried, so the day is neither lost nor posted twice.
        """
        await self._text(channel, excerpt, title)
        if card:
            await self._card(channel, excerpt)

    async def _text(self, channel: str, excerpt: Excerpt, title: str) -> None:
        r = blocks.daily_quote(excerpt, title)
        try:
            # No link_names: nothing in a quote may ping. Unfurling off: a transcript URL stays a citation.
            actions = {"type": "actions", "block_id": "quotebot_actions", "elements": jump.buttons([excerpt])}
            await self.client.chat_postMessage(channel=channel, text=r.text,
                                               blocks=[*(b for g in r.groups for b in g), actions],
                                               unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            raise delivery_error(exc) from None
        except NETWORK as exc:
            raise unreachable(exc) from None

    async def _card(self, channel: str, excerpt: Excerpt) -> None:
        made = await cards.render_or_none(excerpt)
        if made is None:
            return
        title = f"{excerpt.speaker}, {excerpt.citation.document}"[:CARD_TITLE]
        try:
            async with asyncio.timeout(CARD_SECONDS):
                await self.client.files_upload_v2(channel=channel, file=made.png, filename=made.filename, title=title,
                                                  alt_txt=made.alt)
        except SlackApiError as exc:
            _log.warning("the daily card of quote %s was not uploaded to %s (%s); the text was posted", excerpt.id,
                         channel, delivery_error(exc))
        except NETWORK as exc:
            _log.warning("the daily card of quote %s was not uploaded to %s (%s); the text was posted", excerpt.id,
                         channel, unreachable(exc))


class InstalledPublishers:
    """The ``WorkspacePublishers`` port for installs in many workspaces: each post with its workspace's token.

    The token is looked up for every post (a reinstall's new token is used at once; any worker may post for
    any workspace, the day's claim in the shared database makes it once). A workspace the app was uninstalled
    from is a permanent DeliveryError: its schedules pause, and /daily set after a reinstall resumes them.
    """

    platform = "slack"

    def __init__(self, store: InstallationStore, client: AsyncWebClient) -> None:
        self.store = store
        self.client = client
        """The app's client without a token: where the Web API is, and its timeout."""

    def owns(self, workspace: str) -> bool:
        return True

    async def for_workspace(self, workspace: str) -> SlackPublisher:
        bot = await self.store.find_workspace_bot(workspace)  # a schedule knows the team id, not the organisation
        if bot is None or not bot.bot_token:
            raise DeliveryError(NOT_INSTALLED, permanent=True)
        return SlackPublisher(AsyncWebClient(token=bot.bot_token, base_url=self.client.base_url,
                                             timeout=self.client.timeout, logger=self.client.logger))
