"""Real ``quotebot run`` processes, one per shard, on one PostgreSQL, against the loopback fake API and gateway.

Each process runs ``tests.discord.run_bot`` (the normal command, its Discord addresses pointed at the fakes)
with its own SQLite index, the same seeds folder and DISCORD_SHARD_COUNT/DISCORD_SHARD_IDS; its output goes
to a file the failure messages quote. A server (guild) per shard: its id puts it on that shard.
"""

from __future__ import annotations

import asyncio
import inspect
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..env import child_env
from . import payloads
from .fake_api import EMBED_LINKS, READ_HISTORY, SEND_MESSAGES, TOKEN, VIEW_CHANNEL, Call, FakeDiscord
from .fake_gateway import FakeGateway, Session, shard_of

ROOT = Path(__file__).resolve().parents[2]
ENV = child_env("FAKE_DISCORD_")
SHARDS = 3
EVERYONE = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_HISTORY
ADMIN = payloads.MEMBER_PERMISSIONS | payloads.MANAGE_GUILD


def guild_on(shard: int) -> int:
    """A server id on ``shard`` (Discord's rule: the id's timestamp bits, ``(id >> 22) % count``)."""
    guild = payloads.GUILD_ID
    while shard_of(guild, SHARDS) != shard:
        guild += 1 << 22
    return guild


GUILDS = [guild_on(k) for k in range(SHARDS)]
GENERAL = [g + 1 for g in GUILDS]
"""Where each server's members run commands."""
DAILY = [g + 2 for g in GUILDS]
EXTRA = [g + 3 for g in GUILDS]
"""Two channels per server for quotes of the day (ids sort after #general's, and #extra after #daily)."""


class BotProcess:
    def __init__(self, name: str, shard: int, tmp: Path, seeds: Path, pg_url: str, api: FakeDiscord,
                 gateway: FakeGateway) -> None:
        self.name, self.shard = name, shard
        self.out = tmp / f"{name}.out"
        self.args = [sys.executable, "-m", "tests.discord.run_bot", "run", "--db", str(tmp / f"{name}.db"),
                     "--seeds", str(seeds)]
        self.env = ENV | {
            "PYTHONPATH": str(ROOT), "QUOTEBOT_DATABASE_URL": pg_url, "QUOTEBOT_SEMANTIC": "off",
            "DISCORD_TOKEN": TOKEN, "DISCORD_SHARD_COUNT": str(SHARDS), "DISCORD_SHARD_IDS": str(shard),
            "FAKE_DISCORD_API": api.base_for(name), "FAKE_DISCORD_GATEWAY": gateway.url(name)}
        self.proc: subprocess.Popen[bytes] | None = None
        self.killed = False

    def start(self) -> None:
        self.killed = False
        with self.out.open("ab") as out:
            self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         cwd=ROOT, env=self.env)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.killed = True
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def tail(self) -> str:
        return self.out.read_text(errors="replace")[-1500:] if self.out.exists() else "(no output)"


@dataclass
class Answer:
    payload: dict[str, Any]
    session: Session
    """The gateway connection the interaction was sent on."""
    calls: list[Call]
    latency: float
    """Seconds from sending the interaction to the first answering request."""

    @property
    def callbacks(self) -> list[Call]:
        return [c for c in self.calls if c.path.endswith("/callback")]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [m for c in self.calls if (m := c.message) is not None]

    @property
    def text(self) -> str:
        """Everything the answer says: content, embed titles, descriptions, fields, footers."""
        parts = []
        for m in self.messages:
            parts.append(m.get("content") or "")
            for e in m.get("embeds") or []:
                parts += [e.get("title") or "", e.get("description") or "", (e.get("footer") or {}).get("text") or ""]
                parts += [f"{f['name']} {f['value']}" for f in e.get("fields") or []]
        return "\n".join(parts)

    @property
    def choices(self) -> list[str]:
        return [c["name"] for cb in self.callbacks if cb.body.get("type") == 8 for c in cb.body["data"]["choices"]]


class Cluster:
    def __init__(self, api: FakeDiscord, gateway: FakeGateway, bots: list[BotProcess]) -> None:
        self.api, self.gateway, self.bots = api, gateway, bots

    def outputs(self) -> str:
        return "\n".join(f"--- {b.name} ---\n{b.tail()}" for b in self.bots)

    async def wait_for(self, check: Callable[[], object], timeout: float, what: str) -> None:
        """Until ``check()`` (or what it returns, when that is awaitable) is true; fails early if a process died."""
        end = time.monotonic() + timeout
        while not await _result(check()):
            dead = [b.name for b in self.bots if b.proc and not b.killed and b.proc.poll() is not None]
            if dead or time.monotonic() > end:
                raise AssertionError(f"{what}: {'exited: ' + ', '.join(dead) if dead else 'timed out'}\n{self.outputs()}")
            await asyncio.sleep(0.05)

    async def ready(self, *bots: BotProcess, timeout: float = 45) -> None:
        """Every given process has identified its shard and been sent its server (and shard 0 synced commands)."""
        def up(b: BotProcess) -> bool:
            return any(s.ready for s in self.gateway.identified(b.name))
        await self.wait_for(lambda: all(up(b) for b in bots) and self.api.commands, timeout,
                            f"{', '.join(b.name for b in bots)} connecting")

    async def ask(self, payload: dict[str, Any], *, timeout: float = 15) -> Answer:
        """Send the interaction over the gateway and wait for its answer (a message, or autocomplete choices)."""
        token = payload["token"]
        started = time.perf_counter()
        session = await self.gateway.deliver(payload)

        def answered() -> bool:
            calls = self.api.calls_for(token)
            return any(c.message is not None or (c.path.endswith("/callback") and c.body.get("type") == 8)
                       for c in calls)
        await self.wait_for(answered, timeout, f"an answer to /{payload['data']['name']} in server {payload.get('guild_id')}")
        calls = self.api.calls_for(token)
        return Answer(payload, session, calls, calls[0].at - started)

    def command(self, shard: int, name: str, *, permissions: int = payloads.MEMBER_PERMISSIONS,
                focused: str | None = None, **options: Any) -> dict[str, Any]:
        data = payloads.command(name, self.api.commands.get(name, 1), focused=focused, **options)
        return payloads.interaction(4 if focused else 2, data, user_id=next(payloads.USER_IDS), permissions=permissions,
                                    guild_id=GUILDS[shard], channel_id=GENERAL[shard])

    def callbacks(self) -> dict[int, list[Call]]:
        """Every interaction sent over the gateway, with the callbacks the bot made for it."""
        made: dict[int, list[Call]] = {i: [] for i in self.gateway.delivered}
        for c in self.api.calls:
            if c.path.startswith("/interactions/") and c.path.endswith("/callback"):
                made.setdefault(int(c.path.split("/")[2]), []).append(c)
        return made

    def daily_set(self, shard: int, channel_id: int, at: str, zone: str) -> dict[str, Any]:
        data = payloads.subcommand("daily", "set", self.api.commands.get("daily", 1), time=at, timezone=zone,
                                   channels={"channel": payloads.channel(channel_id, "daily", guild_id=GUILDS[shard])})
        return payloads.interaction(2, data, user_id=next(payloads.USER_IDS), permissions=ADMIN,
                                    guild_id=GUILDS[shard], channel_id=GENERAL[shard])


async def _result(value: object) -> object:
    return await value if inspect.isawaitable(value) else value


def add_servers(api: FakeDiscord) -> None:
    for g, general, daily, extra in zip(GUILDS, GENERAL, DAILY, EXTRA, strict=True):
        api.add_guild(g, everyone=EVERYONE)
        api.add_channel(g, general, "general")
        api.add_channel(g, daily, "daily")
        api.add_channel(g, extra, "extra")
