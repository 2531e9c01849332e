"""The "Verify quote" message shortcut: check the quotations in any message, in its thread, for the asker alone.

The answer is a ``chat.postEphemeral`` in the message's thread with a "Post to thread" button; the
button's value carries the message's text and where it was, so it works after a restart. Slack's
message text is made plain first (``<@U1>``, ``<https://x|label>``, entities), then the core finds
the claims and verifies each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from adapters.message_text import plain_words
from bot.checks import MessageCheck, check_message
from bot.errors import QuotebotError, UsageError

from . import blocks, jump, sharing
from .errors import acked, api_error
from .limits import BUTTON_VALUE, assemble
from .safety import escape, plain, unescape

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.respond.async_respond import AsyncRespond
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.service import QuoteService

CALLBACK = "verify_quote"
"""The shortcut's ``callback_id`` in slack-manifest.yml."""
POST = "quotebot_post_thread"
NOT_A_MEMBER = ("not_in_channel", "channel_not_found")
"""chat.postEphemeral's refusals in a channel the bot was not invited to; the response_url still works there."""


@dataclass(frozen=True, slots=True)
class Target:
    """The message checked: where it is, its plain text, and who asked."""

    channel: str
    thread_ts: str
    text: str
    user: str

    @classmethod
    def of(cls, body: dict[str, Any]) -> Target:
        message = body.get("message") or {}
        thread = str(message.get("thread_ts") or message.get("ts") or body.get("message_ts") or "")
        text = plain_words(unescape(str(message.get("text") or "")))
        return cls(str((body.get("channel") or {}).get("id", "")), thread, text, str((body.get("user") or {}).get("id", "")))

    def encode(self) -> str | None:
        value = json.dumps({"c": self.channel, "th": self.thread_ts, "t": self.text, "u": self.user},
                           ensure_ascii=False, separators=(",", ":"))
        return value if len(value) <= BUTTON_VALUE else None

    @classmethod
    def decode(cls, value: str) -> Target:
        try:
            raw = json.loads(value)
            return cls(str(raw["c"]), str(raw["th"]), str(raw["t"]), str(raw["u"]))
        except (ValueError, TypeError, KeyError):
            raise UsageError("That button no longer works; use Verify quote on the message again.") from None


def compose(check: MessageCheck, target: Target, *, private: bool, shared_by: str = "") -> dict[str, Any]:
    """One answer for every verdict: each its headline, what was checked and the cited passage; then buttons."""
    rendered = [blocks.verdict(v) for v in check.verdicts]
    groups = [g for r in rendered for g in r.groups]
    text = "\n".join(r.text for r in rendered)
    if check.skipped:
        groups.append([blocks.note(f"{check.skipped} more quotation(s) not checked: at most five at once.")])
    elements = []
    value = target.encode() if private else None
    if value:
        elements.append({"type": "button", "action_id": POST, "style": "primary", "text": plain("Post to thread"),
                         "value": value})
    elements += jump.buttons(v.match for v in check.verdicts)
    tail = [sharing.shared_by(shared_by)] if shared_by else []
    if elements:
        tail.append({"type": "actions", "block_id": "quotebot_actions", "elements": elements})
    return {"text": text, "blocks": assemble(groups, tail)}


def register(app: AsyncApp, service: QuoteService) -> None:
    async def tell(client: AsyncWebClient, target: Target, respond: AsyncRespond, text: str,
                   blocks: list[dict[str, Any]] | None = None) -> None:
        """In the thread, to the asker alone; where the bot is not a member, through the shortcut's response_url."""
        try:
            await client.chat_postEphemeral(channel=target.channel, user=target.user, thread_ts=target.thread_ts,
                                            text=text, blocks=blocks)
        except SlackApiError as exc:
            if api_error(exc) not in NOT_A_MEMBER:
                raise
            await respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False,
                          thread_ts=target.thread_ts)

    async def verify_quote(body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        target = Target.of(body)
        try:
            check = await check_message(service, target.text)
        except QuotebotError as exc:  # nothing quotable, too long: one friendly line, in the thread
            await tell(client, target, respond, escape(str(exc)))
            return
        answer = compose(check, target, private=True)
        await tell(client, target, respond, answer["text"], answer["blocks"])

    async def post_to_thread(body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        action = (body.get("actions") or [{}])[0]
        target = Target.decode(str(action.get("value", "")))
        presser = str((body.get("user") or {}).get("id", ""))
        if presser != target.user:
            raise UsageError("Only the person who asked can post this answer.")
        check = await check_message(service, target.text)
        message = compose(check, target, private=False, shared_by=presser)
        await client.chat_postMessage(channel=target.channel, thread_ts=target.thread_ts, unfurl_links=False,
                                      unfurl_media=False, **message)
        await respond(delete_original=True)

    app.shortcut(CALLBACK)(acked(verify_quote))
    app.action(POST)(acked(post_to_thread))
