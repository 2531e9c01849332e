"""A loopback fake of Discord's HTTP API: records every request the library makes, answers like Discord.

discord.py's ``Route.BASE`` points here, so the real client, tree, views and webhook adapter
build and send their real requests; nothing is mocked inside the bot. The fake also refuses,
as Discord would with a 400, any message that breaks a size limit, and keeps the refusals in
``violations`` so a test fails loudly instead of the bot failing in production.

It also knows servers and their channels (``add_guild``, ``add_channel``), so the daily
publisher can look a channel up, work out the bot's permissions from roles and overwrites, and
post to it; ``post_status`` makes every channel post fail with that status until cleared.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

APP_ID = 1_100_000_000_000_000_001
TOKEN = "test-bot-token"
EPHEMERAL = 64
_API = "/api/v10"
VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, READ_HISTORY = 0x400, 0x800, 0x4000, 0x10000
ATTACH_FILES = 0x8000
_ERRORS = {403: (50013, "Missing Permissions"), 404: (10003, "Unknown Channel"), 429: (0, "You are being rate limited."),
           500: (0, "500: Internal Server Error"), 503: (0, "503: Service Unavailable")}


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float = field(default_factory=time.perf_counter)
    response: Any = None
    files: dict[str, bytes] = field(default_factory=dict)
    """Uploaded attachments by file name (a multipart request's file parts)."""
    via: str = ""
    """The process that made the request, when its API base names one (``/via/<name>/api/v10``)."""

    @property
    def message(self) -> dict[str, Any] | None:
        """The message this request creates or edits, in Discord's message-data shape."""
        if "/callback" in self.path:
            data = self.body.get("data") if self.body.get("type") in (4, 7) else None
            return data
        if self.path.startswith(("/webhooks/", "/channels/")) and self.method in ("POST", "PATCH"):
            return self.body
        return None


def embed_problems(message: dict[str, Any]) -> list[str]:
    """Every way ``message`` breaks Discord's documented limits."""
    problems = []
    if len(message.get("content") or "") > 2000:
        problems.append("content over 2,000")
    embeds = message.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for e in embeds:
        sizes = {"title": (len(e.get("title") or ""), 256), "description": (len(e.get("description") or ""), 4096),
                 "footer": (len((e.get("footer") or {}).get("text") or ""), 2048),
                 "author": (len((e.get("author") or {}).get("name") or ""), 256),
                 "fields": (len(e.get("fields") or []), 25)}
        problems += [f"{k} {n} > {limit}" for k, (n, limit) in sizes.items() if n > limit]
        for f in e.get("fields") or []:
            if not 1 <= len(f.get("name") or "") <= 256 or not 1 <= len(f.get("value") or "") <= 1024:
                problems.append(f"field {f.get('name', '')[:20]!r} out of bounds")
        total += sum(n for k, (n, _) in sizes.items() if k != "fields")
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in e.get("fields") or [])
    if total > 6000:
        problems.append(f"embeds total {total} > 6000")
    return problems


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py decodes a body only when the content type is exactly "application/json", as Discord sends it
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def _error(status: int) -> web.Response:
    code, message = _ERRORS.get(status, (0, f"{status}: Error"))
    return _json({"code": code, "message": message}, status=status)


class FakeDiscord:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.originals: dict[str, int] = {}
        self.created: dict[str, list[int]] = {}
        self.channels: dict[str, int] = {}
        self.commands: dict[str, int] = {}
        self.guild_forbidden = False
        self.guilds: dict[int, dict[str, Any]] = {}
        self.guild_channels: dict[int, dict[str, Any]] = {}
        self.post_status: int | None = None
        self.post_delay = 0.0
        """Seconds every channel post takes before Discord answers (a slow API)."""
        self.max_concurrency = 1
        """Shards that may IDENTIFY at once, as /gateway/bot's session_start_limit says."""
        self.gateway_url: Callable[[str], str] = lambda via: "wss://gateway.invalid"
        """The address /gateway/bot answers the process ``via`` with: a loopback gateway's once one is started."""
        self.login_gate: asyncio.Event | None = None
        """While set and not yet released, logging in waits for it (to order a test's events)."""
        self.nonces: dict[tuple[int, str], int] = {}
        """(channel, nonce) → the message made with it: a post sent again with ``enforce_nonce`` gets that message."""
        self.retry_after: float | None = None
        """While set, every channel post is refused with a 429 asking to wait this long, as Discord's edge sends it."""
        self._ids = itertools.count(1_300_000_000_000_000_001)
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}{_API}"
        return self.base

    def base_for(self, via: str) -> str:
        """An API base that marks every request made through it as coming from the process ``via``."""
        return self.base.replace(_API, f"/via/{via}{_API}")

    async def close(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- what tests read ----------------------------------------------------------------------

    def calls_for(self, token: str) -> list[Call]:
        return [c for c in self.calls if f"/{token}" in c.path]

    def sent_messages(self) -> list[dict[str, Any]]:
        return [m for c in self.calls if (m := c.message) is not None]

    def posts(self, channel_id: int) -> list[dict[str, Any]]:
        """Messages the bot created in a channel by posting to it (not interaction answers), each once."""
        made = dict.fromkeys(int(c.response["id"]) for c in self.calls
                             if c.method == "POST" and c.path == f"/channels/{channel_id}/messages" and c.response)
        return [self.messages[m] for m in made]

    def attempts(self, channel_id: int) -> int:
        return sum(c.method == "POST" and c.path == f"/channels/{channel_id}/messages" for c in self.calls)

    # -- servers, set up by tests -------------------------------------------------------------

    def add_guild(self, guild_id: int, *, everyone: int) -> None:
        """A server the bot is in; ``everyone`` is the @everyone role's permissions (the bot has no other role)."""
        self.guilds[guild_id] = {"id": str(guild_id), "name": f"server {guild_id % 1000}", "icon": None,
                                 "owner_id": "1200000000000000009", "features": [], "mfa_level": 0,
                                 "verification_level": 0, "explicit_content_filter": 0,
                                 "default_message_notifications": 0, "nsfw_level": 0, "premium_tier": 0,
                                 "preferred_locale": "en-US", "system_channel_flags": 0, "emojis": [],
                                 "stickers": [], "roles": [self._role(guild_id, "@everyone", everyone)]}

    def add_channel(self, guild_id: int, channel_id: int, name: str, *, kind: int = 0, deny: int = 0) -> None:
        """A channel of ``guild_id``; ``deny`` is taken from @everyone there by a permission overwrite."""
        overwrites = [{"id": str(guild_id), "type": 0, "allow": "0", "deny": str(deny)}] if deny else []
        self.guild_channels[channel_id] = {
            "id": str(channel_id), "type": kind, "guild_id": str(guild_id), "name": name, "position": 0,
            "permission_overwrites": overwrites, "nsfw": False, "parent_id": None, "flags": 0,
            "last_message_id": None, "rate_limit_per_user": 0, "topic": None}

    @staticmethod
    def _role(role_id: int, name: str, permissions: int) -> dict[str, Any]:
        return {"id": str(role_id), "name": name, "permissions": str(permissions), "position": 0, "color": 0,
                "hoist": False, "managed": False, "mentionable": False, "flags": 0}

    def expect(self, token: str, channel_id: int, message_id: int | None = None) -> None:
        """The harness announces an interaction: where it happened and, for a button, on which message."""
        self.channels[token] = channel_id
        if message_id is not None:
            self.originals[token] = message_id

    # -- Discord's side -----------------------------------------------------------------------

    @staticmethod
    async def _read(request: web.Request) -> tuple[Any, dict[str, bytes]]:
        """The JSON body, or for an upload the ``payload_json`` part and the files, as Discord reads them."""
        if not request.can_read_body:
            return None, {}
        if not request.content_type.startswith("multipart/"):
            return await request.json(), {}
        body: Any = None
        files: dict[str, bytes] = {}
        reader = await request.multipart()
        async for part in reader:
            data = await part.read()  # type: ignore[union-attr]
            if part.name == "payload_json":  # type: ignore[union-attr]
                body = json.loads(data)
            else:
                files[part.filename or ""] = bytes(data)  # type: ignore[union-attr]
        return body, files

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body, files = await self._read(request)
        via, path = "", request.path
        if m := re.fullmatch(r"/via/([^/]+)(/.*)", path):
            via, path = m.groups()
        path = path.removeprefix(_API)
        call = Call(request.method, path, dict(request.query), body, files=files, via=via)
        self.calls.append(call)
        if call.message is not None and (problems := embed_problems(call.message)):
            self.violations += problems
            return _json({"code": 50035, "message": "Invalid Form Body", "errors": problems}, status=400)
        if path == "/users/@me" and self.login_gate is not None:
            await self.login_gate.wait()
        if path.startswith(("/users/", "/oauth2/", "/applications/")) and \
                request.headers.get("Authorization") != f"Bot {TOKEN}":
            return _json({"code": 0, "message": "401: Unauthorized"}, status=401)
        response = await self._route(call)
        if isinstance(response, web.Response) and response.status < 300 and isinstance(response.body, bytes):
            call.response = json.loads(response.body)
        return response

    async def _route(self, call: Call) -> web.StreamResponse:
        p = call.path
        if p == "/users/@me":
            return _json(self.bot_user())
        if p == "/oauth2/applications/@me":
            return _json(self.app_info())
        if p == "/gateway/bot":
            return _json({"url": self.gateway_url(call.via), "shards": 1, "session_start_limit": {
                "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": self.max_concurrency}})
        if m := re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", p):
            if m.group(1) and self.guild_forbidden:
                return _json({"code": 50001, "message": "Missing Access"}, status=403)
            return _json([self._command(c) for c in call.body])
        if m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", p):
            return _json(self._callback(int(m.group(1)), m.group(2), call.body))
        if m := re.fullmatch(r"/webhooks/\d+/([^/]+)", p):
            message = self._store(None, self.channels.get(m.group(1), 0), call.body)
            self.created.setdefault(m.group(1), []).append(int(message["id"]))
            return _json(message)
        if m := re.fullmatch(r"/webhooks/\d+/([^/]+)/messages/(@original|\d+)", p):
            mid = self.originals.get(m.group(1), 0) if m.group(2) == "@original" else int(m.group(2))
            return _json(self._store(mid, self.channels.get(m.group(1), 0), call.body))
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)", p):
            return _json(self._store(int(m.group(2)), int(m.group(1)), call.body))
        if m := re.fullmatch(r"/channels/(\d+)/messages", p):
            if self.post_delay:
                await asyncio.sleep(self.post_delay)
            if self.retry_after is not None:
                return web.Response(body=json.dumps({"message": "You are being rate limited.", "retry_after":
                                                     self.retry_after, "global": False, "code": 0}).encode(),
                                    status=429, headers={"Content-Type": "application/json", "Via": "1.1 google"})
            return self._post(int(m.group(1)), call.body, call.files)
        if (m := re.fullmatch(r"/channels/(\d+)", p)) and int(m.group(1)) in self.guild_channels:
            return _json(self.guild_channels[int(m.group(1))])
        if (m := re.fullmatch(r"/guilds/(\d+)", p)) and int(m.group(1)) in self.guilds:
            return _json(self.guilds[int(m.group(1))])
        if (m := re.fullmatch(r"/guilds/(\d+)/members/(\d+)", p)) and int(m.group(1)) in self.guilds \
                and int(m.group(2)) == APP_ID:
            return _json({"user": self.bot_user(), "roles": [], "joined_at": "2024-01-01T00:00:00+00:00",
                          "deaf": False, "mute": False, "flags": 0, "nick": None, "avatar": None})
        return _error(404)

    def _post(self, channel_id: int, body: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        """A message posted to a channel: refused with ``post_status`` while it is set, or if the channel is gone."""
        if self.post_status is not None:
            return _error(self.post_status)
        if channel_id not in self.guild_channels:
            return _error(404)
        denied = sum(int(o["deny"]) for o in self.guild_channels[channel_id]["permission_overwrites"])
        if body.get("attachments") and denied & ATTACH_FILES:  # an upload where the channel denies Attach Files
            return _error(403)
        key = (channel_id, str(body.get("nonce")))
        if body.get("enforce_nonce") and key in self.nonces:  # Discord made this one already: it answers with it
            return _json(self.messages[self.nonces[key]])
        message = self._store(None, channel_id, body)
        message["attachments"] = [self._attachment(channel_id, a, files) for a in body.get("attachments", [])]
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
            self.nonces[key] = int(message["id"])
        return _json(message)

    def _attachment(self, channel_id: int, sent: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        """An uploaded file as Discord answers with it: its own id, size and CDN address."""
        aid, name = next(self._ids), sent.get("filename", "")
        url = f"https://cdn.discordapp.invalid/attachments/{channel_id}/{aid}/{name}"
        return {"id": str(aid), "filename": name, "description": sent.get("description"),
                "size": len(files.get(name, b"")), "url": url, "proxy_url": url}

    def _command(self, body: dict[str, Any]) -> dict[str, Any]:
        cid = self.commands.setdefault(body["name"], next(self._ids))
        # Discord answers every command with a description ("" for a context-menu command)
        return {"description": ""} | body | {"id": str(cid), "application_id": str(APP_ID), "version": str(cid)}

    def _callback(self, interaction_id: int, token: str, body: dict[str, Any]) -> dict[str, Any]:
        kind, data = body["type"], body.get("data") or {}
        out: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
        if kind in (4, 5):  # a new message (or its "thinking" placeholder)
            message = self._store(None, self.channels.get(token, 0), data)
            self.originals.setdefault(token, int(message["id"]))
            self.created.setdefault(token, []).append(int(message["id"]))
            out["interaction"] |= {"response_message_id": message["id"], "response_message_loading": kind == 5,
                                   "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL)}
            out["resource"] = {"type": kind, "message": message}
        elif kind == 7 and token in self.originals:  # update the message the button is on
            out["resource"] = {"type": kind, "message": self._store(self.originals[token], 0, data)}
        return out

    def _store(self, message_id: int | None, channel_id: int, data: dict[str, Any]) -> dict[str, Any]:
        old = self.messages.get(message_id or 0) or {}
        mid = message_id or next(self._ids)
        message = {
            "id": str(mid), "channel_id": old.get("channel_id") or str(channel_id), "type": 0,
            "content": "", "embeds": [], "components": [], "attachments": [], "mentions": [], "mention_roles": [],
            "tts": False, "mention_everyone": False, "pinned": False, "flags": 0, "author": self.bot_user(),
            "timestamp": datetime.now(UTC).isoformat(), "edited_timestamp": None,
            "application_id": str(APP_ID), "webhook_id": str(APP_ID),
        } | {k: v for k, v in old.items() if k not in ("id", "channel_id")}
        message |= {k: v for k, v in data.items() if k in ("content", "embeds", "components", "flags", "attachments")}
        self.messages[mid] = message
        return message

    @staticmethod
    def bot_user() -> dict[str, Any]:
        return {"id": str(APP_ID), "username": "quotebot", "discriminator": "0", "global_name": None,
                "avatar": None, "bot": True, "public_flags": 0, "flags": 0}

    def app_info(self) -> dict[str, Any]:
        owner = {"id": "1200000000000000009", "username": "owner", "discriminator": "0", "avatar": None}
        return {"id": str(APP_ID), "name": "quotebot", "description": "", "icon": None, "bot_public": True,
                "bot_require_code_grant": False, "owner": owner, "verify_key": "0" * 64, "flags": 0,
                "summary": "", "team": None, "interactions_endpoint_url": None, "bot": self.bot_user()}
