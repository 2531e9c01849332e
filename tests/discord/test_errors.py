"""Failures end in a short private answer; the unexpected is logged once; admins are checked at run time."""

from __future__ import annotations

import asyncio
import logging

import discord
import pytest
from discord import app_commands

from adapters.discord import admin_only, is_admin, respond
from adapters.discord.errors import UNEXPECTED
from bot.service import QuoteService

from . import payloads
from .conftest import ADMIN_ID, Harness


class SlowService:
    """The real service behind a delay, as a big index on a busy disk would be."""

    def __init__(self, service: QuoteService, delay: float = 0.05) -> None:
        self._service = service
        self._delay = delay

    def __getattr__(self, name: str):
        method = getattr(self._service, name)

        async def slowly(*args, **kwargs):
            await asyncio.sleep(self._delay)
            return await method(*args, **kwargs)

        return slowly


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_unexpected_exception_ends_in_a_friendly_private_reply(bot: Harness, caplog) -> None:
    await bot.client.service.close()  # the index is gone: the service raises something nobody planned for
    answer = await bot.command("search", query="trade")
    assert answer.ephemeral and answer.reply["content"] == UNEXPECTED
    logged = errors_logged(caplog)
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert "/search" in logged[0].getMessage()


async def test_after_deferring_the_error_is_a_follow_up(bot: Harness, caplog, monkeypatch) -> None:
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.01)
    await bot.client.service.close()
    monkeypatch.setattr(bot.client, "service", SlowService(bot.client.service))
    answer = await bot.command("quote", topic="trade")
    assert answer.callback.body["type"] == 5  # "thinking…" first
    follow_up = next(c for c in answer.calls if c.path.startswith("/webhooks/"))
    assert follow_up.method == "POST" and follow_up.body["content"] == UNEXPECTED
    assert follow_up.body["flags"] & 64
    assert len(errors_logged(caplog)) == 1


async def test_slow_work_defers_then_answers_with_a_follow_up(bot: Harness, monkeypatch) -> None:
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.01)
    monkeypatch.setattr(bot.client, "service", SlowService(bot.client.service))
    answer = await bot.command("search", query="China")
    assert answer.callback.body["type"] == 5
    follow_up = next(c for c in answer.calls if c.path.startswith("/webhooks/"))
    assert follow_up.body["embeds"][0]["title"] == "Search: China"
    second = await bot.press(answer, "Next")  # the pager lives on the follow-up message
    assert [f["name"][:2] for f in second.embed["fields"]][0] == "6."


async def test_search_has_a_per_user_cooldown(bot: Harness) -> None:
    for _ in range(4):
        assert not (await bot.command("search", query="trade")).ephemeral
    slowed = await bot.command("search", query="trade")
    assert slowed.ephemeral and slowed.reply["content"].startswith("Going a bit fast: try /search again in ")
    assert slowed.reply["content"].endswith(" s.")
    other = await bot.command("search", query="trade", user_id=bot.stranger)
    assert not other.ephemeral  # someone else is not slowed down


async def test_verify_has_a_per_user_cooldown(bot: Harness) -> None:
    for _ in range(3):
        await bot.command("verify", text="trade grew by 31 percent")
    slowed = await bot.command("verify", text="trade grew by 31 percent")
    assert "try /verify again in" in slowed.reply["content"]


def _interaction(bot: Harness, *, user_id: int, guild: bool = True, permissions: int = 0) -> discord.Interaction:
    data = payloads.interaction(2, payloads.command("reload", 1), user_id=user_id, guild=guild,
                                permissions=permissions)
    return discord.Interaction(data=data, state=bot.client._connection)


def test_is_admin_needs_manage_server_or_a_listed_id(bot: Harness) -> None:
    settings = bot.client.settings
    assert not is_admin(_interaction(bot, user_id=bot.owner, permissions=payloads.MEMBER_PERMISSIONS), settings)
    assert is_admin(_interaction(bot, user_id=bot.owner, permissions=payloads.MANAGE_GUILD), settings)
    assert is_admin(_interaction(bot, user_id=ADMIN_ID), settings)
    assert is_admin(_interaction(bot, user_id=ADMIN_ID, guild=False), settings)
    assert not is_admin(_interaction(bot, user_id=bot.owner, guild=False), settings)


async def test_a_non_admin_calling_an_admin_command_is_refused(bot: Harness) -> None:
    @app_commands.command(name="probe", description="An admin command of our own.")
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    async def probe(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("done", ephemeral=True)

    bot.client.tree.add_command(probe)
    refused = await bot.command("probe")
    assert refused.ephemeral and refused.reply["content"].startswith("Only server admins")
    allowed = await bot.command("probe", permissions=payloads.MANAGE_GUILD)
    assert allowed.reply["content"] == "done"
