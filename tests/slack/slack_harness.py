"""The loopback harness: a fake Slack (Web API + response_url) and a driver that talks to the app like Slack.

Requests are shaped and signed as Slack sends them; nothing leaves 127.0.0.1. Fixtures are in conftest.py.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from tests.fakes import FakeClock as SharedFakeClock

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret"
ASKER = "UASKER1"
STRANGER = "USTRANGER"
INJECTION = "<!channel> <!here> <!everyone> <@U123> <#C123> <https://evil.example|click> & @here"
BUNDLED = Path(__file__).resolve().parents[2] / "seeds" / "putin-xi-videoconference-2021-12.txt"


def harbour_transcript() -> str:
    paras = ["Harbour Council Minutes, 3 March 2022", ""]
    for n in range(1, 13):
        paras.append(f"Jane Doe: Harbour item {n}: the harbour wall needs section {n} repaired before winter.\n")
    paras.append(f"John Roe: The lighthouse fund {INJECTION} pays 5 & 6 crews.\n")
    return "\n".join(paras)


@dataclass
class Call:
    path: str
    body: dict[str, Any]
    token: str = ""
    """The bearer token the call was made with (empty for response_url posts and OAuth's client credentials)."""


@dataclass
class FakeSlack:
    """Records every Web API call and every response_url post, like bolt-python's mock_web_api_server."""

    calls: list[Call] = field(default_factory=list)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    """conversations.info answers by channel id; any other id is channel_not_found."""
    failures: dict[str, list[str | int]] = field(default_factory=dict)
    """Per Web API method, the next answers to fail: an error code, or an HTTP status with a non-JSON body."""
    scopes: str = "commands,chat:write,users:read,channels:read,groups:read"
    """The bot token's scopes, sent in the x-oauth-scopes header as Slack does."""
    token_error: str = ""
    app_token_error: str = ""
    url: str = ""
    uploads: dict[str, bytes] = field(default_factory=dict)
    """Files uploaded to the URLs files.getUploadURLExternal handed out, by file id."""
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    socket_replies: list[dict[str, Any]] = field(default_factory=list)
    """What the app sent back over Socket Mode (envelope acks)."""
    grants: dict[str, tuple[str, str]] = field(default_factory=dict)
    """oauth.v2.access: per one-time code, the (team id, bot token) an install in that workspace gets."""
    tokens: dict[str, str] = field(default_factory=dict)
    """Each bot token an install was given, and its workspace (auth.test answers with it; others are T1's)."""
    revoked: set[str] = field(default_factory=set)
    """Bot tokens Slack no longer accepts (the app was uninstalled)."""
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.handle)
        app.router.add_post("/respond/{n}", self.handle)
        app.router.add_post("/upload/{file_id}", self.upload)
        app.router.add_get("/socket", self.socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def api(self, name: str) -> list[Call]:
        return [c for c in self.calls if c.path == f"/api/{name}"]

    @property
    def responses(self) -> list[Call]:
        return [c for c in self.calls if c.path.startswith("/respond/")]

    async def wait_responses(self, count: int, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while len(self.responses) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} response_url posts, got {self.responses}")
            await asyncio.sleep(0.01)
        return self.responses

    async def upload(self, request: web.Request) -> web.Response:
        """Step 2 of files.uploadV2: the file's bytes, posted to the URL step 1 returned."""
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK - " + str(len(self.uploads[request.match_info["file_id"]])))

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode's WebSocket: say hello, then record every message the app sends."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                self.socket_replies.append(json.loads(msg.data))
        return ws

    async def until(self, check: Any, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting; calls so far: {self.calls}")
            await asyncio.sleep(0.01)

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.text()
        body = json.loads(raw or "{}") if request.content_type == "application/json" else dict(parse_qsl(raw))
        body.update(request.query)  # GET methods (users.info) send their arguments in the query
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Basic "):  # oauth.v2.access: the app's client id and secret, as HTTP basic auth
            body["client_id"], _, body["client_secret"] = base64.b64decode(auth[6:]).decode().partition(":")
        self.calls.append(Call(request.path, body, auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""))
        if request.path.startswith("/respond/"):
            return web.Response(text="ok")
        method = request.match_info.get("method", "")
        headers = {"x-oauth-scopes": self.scopes}
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            if isinstance(failure, int):
                return web.Response(status=failure, text="upstream trouble", headers=headers)
            status = 429 if failure == "ratelimited" else 200
            headers.update({"Retry-After": "1"} if status == 429 else {})
            return web.json_response({"ok": False, "error": failure}, status=status, headers=headers)
        return web.json_response(self.answer(method, body, self.calls[-1].token), headers=headers)

    def team_of(self, token: str) -> str:
        return self.tokens.get(token, "T1")

    def answer(self, method: str, body: dict[str, Any], token: str = "") -> dict[str, Any]:
        if method == "auth.test":
            if self.token_error or token in self.revoked:
                return {"ok": False, "error": self.token_error or "invalid_auth"}
            team = self.team_of(token)
            return {"ok": True, "url": f"https://{team.lower()}.slack.com/", "team": team, "user": "quotebot",
                    "team_id": team, "user_id": f"UBOT{team}", "bot_id": f"BBOT{team}"}
        if method == "oauth.v2.access":  # the install's redirect: its one-time code for the workspace's bot token
            if (body.get("client_id"), body.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                return {"ok": False, "error": "invalid_client_id"}
            if body.get("code", "") not in self.grants:
                return {"ok": False, "error": "invalid_code"}
            team, bot_token = self.grants.pop(body["code"])
            self.tokens[bot_token] = team
            return {"ok": True, "access_token": bot_token, "token_type": "bot", "scope": self.scopes,
                    "bot_user_id": f"UBOT{team}", "app_id": "A1", "team": {"id": team, "name": f"Team {team}"},
                    "enterprise": None, "authed_user": {"id": "UINSTALLER"}, "is_enterprise_install": False}
        if method == "users.info":
            user = self.users.get(body.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "apps.connections.open":  # Socket Mode: where to open the WebSocket
            if self.app_token_error:
                return {"ok": False, "error": self.app_token_error}
            return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": "1.1"}
        if method == "conversations.info":
            channel = self.channels.get(body.get("channel", ""))
            return {"ok": True, "channel": channel} if channel else {"ok": False, "error": "channel_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.calls):04d}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            listed = json.loads(body.get("files", "[]"))
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in listed]}
        if method == "chat.postMessage":
            return {"ok": True, "channel": body.get("channel"), "ts": f"1700000000.{len(self.calls):06d}"}
        return {"ok": False, "error": "unknown_method"}


def channel_info(channel: str, name: str, *, member: bool = True, private: bool = False, archived: bool = False,
                 im: bool = False, team: str = "T1") -> dict[str, Any]:
    """A conversations.info ``channel`` object as Slack returns it (the fields the adapter reads)."""
    info: dict[str, Any] = {"id": channel, "name": name, "is_channel": not private and not im, "is_group": private,
                            "is_im": im, "is_mpim": False, "is_private": private or im, "is_archived": archived,
                            "context_team_id": team, "shared_team_ids": [team]}
    if not im:
        info["is_member"] = member
    return info


class FakeClock(SharedFakeClock):
    """Time moves only when the test moves it, and the running loop never wakes on its own."""

    async def sleep(self, seconds: float) -> None:
        await asyncio.Event().wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_headers(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or ""}


@dataclass
class Sent:
    status: int
    seconds: float
    text: str


@dataclass
class SlackDriver:
    """Sends what Slack would send to the running app, and reads what the app sent back."""

    url: str
    fake: FakeSlack
    session: aiohttp.ClientSession
    _n: int = 0

    def response_url(self) -> str:
        self._n += 1
        return f"{self.fake.url}/respond/{self._n}"

    async def post(self, body: str, headers: dict[str, str]) -> Sent:
        start = time.monotonic()
        async with self.session.post(self.url, data=body.encode(), headers=headers) as resp:
            return Sent(resp.status, time.monotonic() - start, await resp.text())

    async def command(self, command: str, text: str = "", *, user: str = ASKER, channel: str = "C1",
                      team: str = "T1", **sign: Any) -> Sent:
        body = urlencode({
            "token": "legacy-verification-token", "team_id": team, "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": "asker", "command": command, "text": text,
            "api_app_id": "A1", "is_enterprise_install": "false", "response_url": self.response_url(),
            "trigger_id": "1.2.3",
        })
        return await self.post(body, signed_headers(body, **sign))

    async def press(self, button: dict[str, Any], *, user: str = ASKER, ephemeral: bool = True) -> Sent:
        payload = {
            "type": "block_actions", "user": {"id": user, "username": "someone", "team_id": "T1"},
            "api_app_id": "A1", "token": "legacy-verification-token",
            "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": "C1",
                          "is_ephemeral": ephemeral},
            "trigger_id": "1.2.3", "team": {"id": "T1", "domain": "test"}, "enterprise": None,
            "is_enterprise_install": False, "channel": {"id": "C1", "name": "general"},
            "response_url": self.response_url(),
            "actions": [{"action_id": button["action_id"], "block_id": "quotebot_actions", "text": button["text"],
                         "value": button["value"], "type": "button", "action_ts": "1700000001.000200"}],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, signed_headers(body))

    async def shortcut(self, text: str, *, user: str = ASKER, callback_id: str = "verify_quote",
                       thread_ts: str | None = None) -> Sent:
        """A message shortcut (``message_action``) on a message saying ``text`` (Slack's escaped mrkdwn)."""
        message: dict[str, Any] = {"type": "message", "user": STRANGER, "text": text, "ts": "1700000000.000300"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload = {
            "type": "message_action", "token": "legacy-verification-token", "action_ts": "1700000002.000400",
            "team": {"id": "T1", "domain": "test"}, "user": {"id": user, "username": "asker", "team_id": "T1"},
            "channel": {"id": "C1", "name": "general"}, "is_enterprise_install": False, "enterprise": None,
            "callback_id": callback_id, "trigger_id": "1.2.3", "response_url": self.response_url(),
            "message_ts": message["ts"], "message": message,
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, signed_headers(body))

    async def event(self, event: dict[str, Any], *, event_id: str, team: str = "T1", retry: int = 0) -> Sent:
        """An Events API delivery (JSON, signed); ``retry`` > 0 is Slack's redelivery of the same event id."""
        body = json.dumps({"token": "legacy-verification-token", "team_id": team, "api_app_id": "A1",
                           "type": "event_callback", "event": event, "event_id": event_id,
                           "event_time": int(time.time()), "event_context": f"ctx-{event_id}",
                           "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": f"UBOT{team}",
                                               "is_bot": True, "is_enterprise_install": False}],
                           "is_ext_shared_channel": False})
        headers = {**signed_headers(body), "Content-Type": "application/json"}
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, headers)

    async def mention(self, text: str, *, event_id: str, ts: str = "1700000000.000500", team: str = "T1",
                      thread_ts: str | None = None, retry: int = 0, user: str = ASKER) -> Sent:
        """``@quotebot text`` in #general, as the app_mention event Slack sends (the bot's mention escaped)."""
        event: dict[str, Any] = {"type": "app_mention", "user": user, "text": f"<@UBOT{team}> {text}", "ts": ts,
                                 "channel": "C1", "event_ts": ts, "team": team}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return await self.event(event, event_id=event_id, team=team, retry=retry)

    async def reply(self, sent: Sent, count: int = 1) -> dict[str, Any]:
        """The ``count``-th response_url post (after checking the ack was a fast, empty 200)."""
        assert sent.status == 200, sent
        assert sent.seconds < 3.0
        return (await self.fake.wait_responses(count))[count - 1].body


def texts(message: dict[str, Any]) -> list[str]:
    """Every string Slack would render from a message: the fallback and all text objects."""
    out: list[str] = [message.get("text", "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks", []))
    return out


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]}


async def wait_listening(port: int, task: asyncio.Task[None]) -> None:
    """Until the Slack app started by ``task`` accepts connections on ``port``; its failure is raised."""
    for _ in range(500):
        if task.done():
            task.result()
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.01)
            continue
        writer.close()
        return
    raise AssertionError("the Slack app did not start listening")
