"""Who may run the admin commands (/daily, /reload): listed in QUOTEBOT_ADMINS, or a workspace admin or owner."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from .errors import api_error

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.config import Settings

_log = logging.getLogger(__name__)


async def is_admin(client: AsyncWebClient, user_id: str, settings: Settings) -> bool:
    """True for a user id in ``settings.admins``, or one ``users.info`` calls an admin or owner."""
    if not user_id:
        return False
    if user_id in settings.admins:
        return True
    try:
        resp = await client.users_info(user=user_id)
    except SlackApiError as exc:  # missing users:read scope, unknown user: not an admin
        _log.warning("users.info failed for %s: %s", user_id, api_error(exc))
        return False
    user = resp.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
