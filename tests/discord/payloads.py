"""Interaction payloads shaped as Discord's gateway sends them (INTERACTION_CREATE ``d``).

Type 2 is a slash command, 4 an autocomplete request, 3 a button press. Field names and
nesting follow Discord's documentation and discord.py's ``types/interactions.py``. A
subcommand (``/daily set``) nests its options under the group's; a channel option carries
only the id, with the channel itself in ``resolved``.
"""

from __future__ import annotations

import itertools
from typing import Any

from .fake_api import APP_ID

GUILD_ID = 1_000_000_000_000_000_111
CHANNEL_ID = 1_000_000_000_000_000_222
DM_CHANNEL_ID = 1_000_000_000_000_000_333
QUOTES_ID = 1_000_000_000_000_000_444
LOCKED_ID = 1_000_000_000_000_000_555
"""In the test server: #quotes, where the bot may post, and #locked, where @everyone may not send."""
USER_IDS = itertools.count(1_200_000_000_000_000_001)
MEMBER_PERMISSIONS = 0x0000_0000_0000_0400 | 0x0000_0000_0000_0800  # view channel, send messages
MANAGE_GUILD = 0x20

_ids = itertools.count(1_400_000_000_000_000_001)


def user(user_id: int) -> dict[str, Any]:
    return {"id": str(user_id), "username": f"user{user_id % 1000}", "discriminator": "0",
            "global_name": None, "avatar": None, "public_flags": 0}


def _where(user_id: int, guild: bool, permissions: int, guild_id: int = GUILD_ID,
           channel_id: int = CHANNEL_ID) -> dict[str, Any]:
    if not guild:
        return {"channel_id": str(DM_CHANNEL_ID), "user": user(user_id), "context": 1,
                "channel": {"id": str(DM_CHANNEL_ID), "type": 1, "flags": 0, "last_message_id": None,
                            "recipients": [user(user_id)]},
                "authorizing_integration_owners": {"0": str(GUILD_ID)}}
    return {
        "guild_id": str(guild_id), "guild_locale": "en-US", "context": 0,
        "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
        "channel_id": str(channel_id),
        "channel": {"id": str(channel_id), "type": 0, "guild_id": str(guild_id), "name": "general", "position": 0,
                    "permission_overwrites": [], "nsfw": False, "parent_id": None, "flags": 0,
                    "last_message_id": None, "rate_limit_per_user": 0, "topic": None},
        "member": {"user": user(user_id), "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False,
                   "mute": False, "flags": 0, "pending": False, "permissions": str(permissions), "nick": None,
                   "avatar": None, "premium_since": None, "communication_disabled_until": None},
        "authorizing_integration_owners": {"0": str(guild_id)},
    }


def interaction(kind: int, data: dict[str, Any], *, user_id: int, guild: bool = True,
                permissions: int = MEMBER_PERMISSIONS, message: dict[str, Any] | None = None,
                guild_id: int = GUILD_ID, channel_id: int = CHANNEL_ID) -> dict[str, Any]:
    """In ``channel_id`` of ``guild_id`` (the test server's #general unless given), or a direct message."""
    iid = next(_ids)
    payload = {
        "id": str(iid), "application_id": str(APP_ID), "type": kind, "data": data,
        "token": f"interaction-token-{iid}", "version": 1, "locale": "en-US", "entitlements": [],
        "app_permissions": str(MEMBER_PERMISSIONS), "attachment_size_limit": 10_485_760,
    } | _where(user_id, guild, permissions, guild_id, channel_id)
    if message is not None:
        payload["message"] = message
    return payload


def _options(focused: str | None, options: dict[str, Any]) -> list[dict[str, Any]]:
    """String options (type 3), integers (type 4) and booleans (type 5), as the client sends them."""
    kinds = {bool: 5, int: 4}
    return [{"type": kinds.get(type(v), 3), "name": k, "value": v} | ({"focused": True} if k == focused else {})
            for k, v in options.items()]


def command(name: str, command_id: int, *, focused: str | None = None, **options: Any) -> dict[str, Any]:
    """``data`` of a chat-input command; ``focused`` marks the option being typed (autocomplete)."""
    return {"id": str(command_id), "name": name, "type": 1, "options": _options(focused, options)}


def channel(channel_id: int, name: str, kind: int = 0, guild_id: int = GUILD_ID) -> dict[str, Any]:
    """A channel as ``resolved`` carries it; ``permissions`` are the invoking member's, not the bot's."""
    return {"id": str(channel_id), "name": name, "type": kind, "guild_id": str(guild_id), "parent_id": None,
            "permissions": str(MEMBER_PERMISSIONS | MANAGE_GUILD), "flags": 0, "nsfw": False}


def subcommand(group: str, name: str, command_id: int, *, channels: dict[str, dict[str, Any]] | None = None,
               focused: str | None = None, **options: str) -> dict[str, Any]:
    """``data`` of ``/group name``; ``channels`` maps channel options to ``channel(...)`` payloads."""
    channels = channels or {}
    opts = _options(focused, options) + [{"type": 7, "name": k, "value": c["id"]} for k, c in channels.items()]
    data: dict[str, Any] = {"id": str(command_id), "name": group, "type": 1,
                            "options": [{"type": 1, "name": name, "options": opts}]}
    if channels:
        data["resolved"] = {"channels": {c["id"]: c for c in channels.values()}}
    return data


def button(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


def message(content: str, *, author_id: int, embeds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A channel message as ``resolved.messages`` carries it (the target of a message command)."""
    return {"id": str(next(_ids)), "channel_id": str(CHANNEL_ID), "type": 0, "content": content,
            "author": user(author_id), "embeds": embeds or [], "attachments": [], "components": [],
            "mentions": [], "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
            "flags": 0, "timestamp": "2024-05-01T12:00:00+00:00", "edited_timestamp": None}


def message_command(name: str, command_id: int, target: dict[str, Any]) -> dict[str, Any]:
    """``data`` of a message context-menu command (type 3): the message itself is in ``resolved``."""
    return {"id": str(command_id), "name": name, "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}}}
