"""A real QuoteClient, logged in against the loopback fake of Discord's API, over a real index."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest

from adapters.discord import QuoteClient
from bot.config import Settings, load_settings
from bot.service import QuoteService
from tests.fakes import FakeClock  # noqa: F401  (re-exported for the Discord tests)

from . import payloads
from .fake_api import EMBED_LINKS, EPHEMERAL, READ_HISTORY, SEND_MESSAGES, TOKEN, VIEW_CHANNEL, Call, FakeDiscord

BUNDLED = Path(__file__).resolve().parents[2] / "seeds"
ADMIN_ID = 1_199_999_999_999_999_999
"""Below ``payloads.USER_IDS``, so no test's fresh users ever turn out to be the listed admin."""

HARBOUR = """Harbour board meeting

Chair Jane Doe: Welcome. The harbour budget rose by 12 percent to US$4 million this year, and dredging starts in May.

Engineer Omar Said (retranslated): The new quay will take eighteen months to build and needs 300 workers on the site.

Jane Doe: Tell @everyone at the port that the **night shift** keeps working through the winter storms.

Jane Doe: {long}
"""
LONG_SENTENCE = " ".join(["the dredging of the northern channel and the harbour basin will continue"] * 120) + "."


@dataclass
class Exchange:
    """One interaction and every request the library made to Discord while handling it."""

    payload: dict[str, Any]
    calls: list[Call]
    started: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [m for c in self.calls if (m := c.message) is not None]

    @property
    def reply(self) -> dict[str, Any]:
        assert self.messages, f"no message was sent; requests: {[(c.method, c.path) for c in self.calls]}"
        return self.messages[0]

    @property
    def embed(self) -> dict[str, Any]:
        return self.reply["embeds"][0]

    @property
    def ephemeral(self) -> bool:
        return bool((self.reply.get("flags") or 0) & EPHEMERAL)

    @property
    def callback(self) -> Call:
        return next(c for c in self.calls if c.path.endswith("/callback"))

    def buttons(self) -> dict[str, dict[str, Any]]:
        return {b["label"]: b for row in self.reply.get("components", []) for b in row["components"]}


class Harness:
    """Delivers interaction payloads the way the gateway does and waits for the bot to finish."""

    def __init__(self, client: QuoteClient, api: FakeDiscord) -> None:
        self.client = client
        self.api = api
        # fresh users for every test: cooldowns are per user, and a test should not inherit another's
        self.owner = next(payloads.USER_IDS)
        self.stranger = next(payloads.USER_IDS)

    async def deliver(self, payload: dict[str, Any]) -> Exchange:
        message = payload.get("message")
        self.api.expect(payload["token"], int(payload["channel_id"]), int(message["id"]) if message else None)
        before = asyncio.all_tasks()
        started = time.perf_counter()
        self.client._connection.parse_interaction_create(payload)  # what the gateway does on INTERACTION_CREATE
        work = [t for t in asyncio.all_tasks() - before
                if t.get_name().startswith(("CommandTree-invoker", "discord-ui-view-dispatch", "discord-ui-dynamic-item"))]
        await asyncio.wait_for(asyncio.gather(*work), 10)
        return Exchange(payload, self.api.calls_for(payload["token"]), started)

    async def command(self, name: str, *, user_id: int | None = None, guild: bool = True,
                      permissions: int = payloads.MEMBER_PERMISSIONS, **options: Any) -> Exchange:
        data = payloads.command(name, self.api.commands.get(name, 1), **options)
        return await self.deliver(payloads.interaction(2, data, user_id=user_id or self.owner, guild=guild,
                                                       permissions=permissions))

    async def message_command(self, name: str, content: str, *, embeds: list[dict[str, Any]] | None = None,
                              user_id: int | None = None) -> Exchange:
        """Apps → ``name`` on a message saying ``content`` (posted by the stranger)."""
        target = payloads.message(content, author_id=self.stranger, embeds=embeds)
        data = payloads.message_command(name, self.api.commands.get(name, 1), target)
        return await self.deliver(payloads.interaction(2, data, user_id=user_id or self.owner))

    async def subcommand(self, group: str, name: str, *, user_id: int | None = None, guild: bool = True,
                         permissions: int = payloads.MEMBER_PERMISSIONS, focused: str | None = None,
                         channels: dict[str, dict[str, Any]] | None = None, **options: str) -> Exchange:
        """``/group name``; ``focused`` makes it an autocomplete request for that option."""
        data = payloads.subcommand(group, name, self.api.commands.get(group, 1), channels=channels, focused=focused,
                                   **options)
        return await self.deliver(payloads.interaction(4 if focused else 2, data, user_id=user_id or self.owner,
                                                       guild=guild, permissions=permissions))

    async def autocomplete(self, name: str, focused: str, **options: str) -> Exchange:
        data = payloads.command(name, self.api.commands[name], focused=focused, **options)
        return await self.deliver(payloads.interaction(4, data, user_id=self.owner))

    async def press(self, on: Exchange, label: str, *, user_id: int | None = None) -> Exchange:
        """Press the button labelled ``label`` on the message ``on`` created (as it now is, after any edits)."""
        for mid in self.api.created.get(on.payload["token"], []):
            message = self.api.messages[mid]
            found = [b["custom_id"] for row in message["components"] for b in row["components"] if b["label"] == label]
            if found:
                break
        else:
            raise AssertionError(f"no {label!r} button on the messages of {on.payload['data']['name']}")
        custom_id = found[0]
        return await self.deliver(payloads.interaction(3, payloads.button(custom_id), user_id=user_id or self.owner,
                                                       message=message))


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """The bundled Putin-Xi transcript plus a small one of our own (a retranslated turn, a huge sentence)."""
    folder = tmp_path / "seeds"
    shutil.copytree(BUNDLED, folder)
    (folder / "harbour-board.txt").write_text(HARBOUR.format(long=LONG_SENTENCE), encoding="utf-8")
    return folder


@pytest.fixture
def settings(seeds: Path, tmp_path: Path) -> Settings:
    base = load_settings(seeds=str(seeds), db=str(tmp_path / "q.db"), env_file=False)
    return Settings(seeds=base.seeds, db=base.db, discord_token=TOKEN, admins=frozenset({str(ADMIN_ID)}))


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[QuoteService]:
    svc = await QuoteService.open(settings)
    yield svc
    await svc.close()


@pytest.fixture
async def api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    fake.add_guild(payloads.GUILD_ID, everyone=VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_HISTORY)
    fake.add_channel(payloads.GUILD_ID, payloads.CHANNEL_ID, "general")
    fake.add_channel(payloads.GUILD_ID, payloads.QUOTES_ID, "quotes")
    fake.add_channel(payloads.GUILD_ID, payloads.LOCKED_ID, "locked", deny=SEND_MESSAGES)
    monkeypatch.setattr(discord.http.Route, "BASE", await fake.start())
    yield fake
    await fake.close()
    assert fake.violations == [], "the bot sent messages Discord would refuse"
    unsafe = [m for m in fake.sent_messages() if m.get("allowed_mentions") != {"parse": []}]
    assert unsafe == [], "every message must carry allowed_mentions with nothing to parse"


@pytest.fixture
async def bot(service: QuoteService, settings: Settings, api: FakeDiscord) -> AsyncIterator[Harness]:
    client = QuoteClient(service, settings)
    try:
        await client.login(TOKEN)  # GET /users/@me, GET /oauth2/applications/@me, then setup_hook (sync)
        yield Harness(client, api)
    finally:
        await client.close()


@pytest.fixture
async def clock(bot: Harness) -> FakeClock:
    """The scheduler on a fake clock (Monday 2025-03-03 08:00 UTC), its loop stopped: tests drive ``run_once()``."""
    await bot.client.service.daily.stop()
    fake = FakeClock(datetime(2025, 3, 3, 8, 0, tzinfo=UTC))
    bot.client.service.daily.clock = fake
    return fake
