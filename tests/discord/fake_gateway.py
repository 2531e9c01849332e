"""A loopback fake of Discord's gateway: the websocket a bot process connects each of its shards to.

Opcodes as discord.py's ``DiscordWebSocket`` reads them: HELLO (10) first; an IDENTIFY (2) with
``shard: [id, count]`` gets READY (the shard's servers as unavailable entries), then a GUILD_CREATE
for each server on that shard, built from the fake API's servers and channels; heartbeats (1) get
their ACK (11); ``reconnect`` sends RECONNECT (7). A RESUME (6) gets INVALID_SESSION, so the client
identifies afresh: this fake keeps no events to replay. Frames are plain JSON text, which discord.py takes whatever compression its URL asks.

``deliver`` sends an INTERACTION_CREATE on the connection of the shard that holds the payload's
server, as Discord does, and remembers which connection got it. The path of the websocket URL
names the process (``/gateway/<name>/``), so a test can tell processes apart.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .fake_api import APP_ID, TOKEN, FakeDiscord

HEARTBEAT_MS = 41_250
HELLO, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HEARTBEAT_ACK, DISPATCH = 10, 1, 2, 6, 7, 9, 11, 0


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


@dataclass
class Session:
    """One websocket connection: which process opened it, which shard it identified as, what it was sent."""

    via: str
    ws: web.WebSocketResponse
    number: int
    shard: tuple[int, int] | None = None
    intents: int | None = None
    events: list[str] = field(default_factory=list)
    seq: int = 0
    open: bool = True
    ready: bool = False
    """READY and every GUILD_CREATE of its shard have been sent."""

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        self.events.append(event)
        await self.ws.send_str(json.dumps({"op": DISPATCH, "t": event, "s": self.seq, "d": data}))


class FakeGateway:
    def __init__(self, api: FakeDiscord) -> None:
        self.api = api
        self.sessions: list[Session] = []
        self.delivered: dict[int, Session] = {}
        """Interaction id → the connection it was sent on."""
        self._numbers = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> str:
        """Serve on a free loopback port; the fake API's /gateway/bot then names this gateway."""
        app = web.Application()
        app.router.add_get("/gateway/{via}/", self._connect)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"ws://127.0.0.1:{port}"
        self.api.gateway_url = self.url
        return self.base

    def url(self, via: str) -> str:
        """The gateway address for the process named ``via``."""
        return f"{self.base}/gateway/{via}/"

    async def close(self) -> None:
        for s in self.sessions:
            if s.open:
                await s.ws.close()
        if self._runner:
            await self._runner.cleanup()

    # -- what tests read ----------------------------------------------------------------------

    def identified(self, via: str | None = None) -> list[Session]:
        """Open connections that have identified (of one process, when ``via`` is given)."""
        return [s for s in self.sessions if s.open and s.shard is not None and via in (None, s.via)]

    def holder(self, guild_id: int) -> Session | None:
        """The open connection of the shard that holds ``guild_id`` (the latest, if a shard connected twice)."""
        found = [s for s in self.identified() if s.shard and s.shard[0] == shard_of(guild_id, s.shard[1])]
        return found[-1] if found else None

    async def deliver(self, payload: dict[str, Any]) -> Session:
        """INTERACTION_CREATE on the connection holding the payload's server (or any, for a direct message)."""
        guild = payload.get("guild_id")
        session = self.holder(int(guild)) if guild else next(iter(self.identified()), None)
        if session is None:
            raise AssertionError(f"no shard holding server {guild} is connected")
        message = payload.get("message")
        self.api.expect(payload["token"], int(payload["channel_id"]), int(message["id"]) if message else None)
        self.delivered[int(payload["id"])] = session
        await session.dispatch("INTERACTION_CREATE", payload)
        return session

    async def reconnect(self, session: Session) -> None:
        """Ask the connection to reconnect (op 7), as Discord does before it moves a session elsewhere."""
        await session.ws.send_str(json.dumps({"op": RECONNECT, "d": None}))

    # -- Discord's side -----------------------------------------------------------------------

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        session = Session(request.match_info["via"], ws, next(self._numbers))
        self.sessions.append(session)
        try:
            await ws.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_MS}, "s": None, "t": None}))
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                if frame.get("op") == HEARTBEAT:
                    await ws.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None}))
                elif frame.get("op") == IDENTIFY:
                    await self._identify(session, frame["d"])
                elif frame.get("op") == RESUME:
                    await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            session.open = False
        return ws

    async def _identify(self, session: Session, d: dict[str, Any]) -> None:
        if d.get("token") != TOKEN:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard_id, count = d.get("shard") or (0, 1)
        session.shard, session.intents = (int(shard_id), int(count)), d.get("intents")
        mine = [g for g in self.api.guilds if shard_of(g, count) == shard_id]
        await session.dispatch("READY", {
            "v": 10, "user": self.api.bot_user(), "session_id": f"session-{session.number}",
            "resume_gateway_url": self.url(session.via), "shard": [shard_id, count],
            "guilds": [{"id": str(g), "unavailable": True} for g in mine],
            "application": {"id": str(APP_ID), "flags": 0}})
        for g in mine:
            await session.dispatch("GUILD_CREATE", self._guild(g))
        session.ready = True

    def _guild(self, guild_id: int) -> dict[str, Any]:
        """The server as GUILD_CREATE carries it: its channels, and the bot's own member (no others: no intent)."""
        channels = [{k: v for k, v in c.items() if k != "guild_id"} for c in self.api.guild_channels.values()
                    if c["guild_id"] == str(guild_id)]
        me = {"user": self.api.bot_user(), "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False,
              "mute": False, "flags": 0, "nick": None, "avatar": None}
        return self.api.guilds[guild_id] | {
            "unavailable": False, "large": False, "member_count": 2, "joined_at": "2024-01-01T00:00:00+00:00",
            "channels": channels, "members": [me], "threads": [], "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": []}
