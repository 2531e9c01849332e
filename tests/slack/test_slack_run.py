"""Start-up: the mode, one clear line for a missing or rejected token; the daily scheduler's life; the admin check;
the manifest."""

from __future__ import annotations

import asyncio
import re
import socket
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from adapters.slack import run_slack
from adapters.slack.app import is_admin, web_client
from adapters.slack.commands import ALIASES
from adapters.slack.lookups import COMMANDS
from adapters.slack.publisher import SlackPublisher
from adapters.slack.run import choose_mode
from bot.config import Settings
from bot.errors import UsageError
from bot.service import QuoteService

from .slack_harness import ASKER, FakeSlack, SlackDriver

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yml"


def test_mode(slack_settings: Settings) -> None:
    assert choose_mode(slack_settings) == "http"
    assert choose_mode(replace(slack_settings, slack_app_token="xapp-1")) == "socket"


@pytest.mark.parametrize(("change", "says"), [
    ({"slack_bot_token": ""}, "SLACK_BOT_TOKEN is not set"),
    ({"slack_bot_token": "xoxp-user"}, "starts with xoxb-"),
    ({"slack_app_token": "xoxb-wrong"}, "SLACK_APP_TOKEN must be an app-level token"),
    ({"slack_signing_secret": ""}, "Set SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET"),
])
async def test_missing_settings_are_one_clear_line(
    service: QuoteService, slack_settings: Settings, change: dict, says: str
) -> None:
    with pytest.raises(UsageError, match=says) as err:
        await run_slack(service, replace(slack_settings, **change), host="127.0.0.1")
    assert "\n" not in str(err.value)


async def test_rejected_token_is_one_clear_line(
    service: QuoteService, slack_settings: Settings, fake_slack: FakeSlack
) -> None:
    fake_slack.token_error = "invalid_auth"
    with pytest.raises(UsageError, match=r"Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)"):
        await run_slack(service, slack_settings, host="127.0.0.1")
    assert fake_slack.api("auth.test")


async def test_socket_mode_with_a_rejected_app_token_is_one_clear_line(
    service: QuoteService, slack_settings: Settings, fake_slack: FakeSlack
) -> None:
    fake_slack.app_token_error = "invalid_auth"
    settings = replace(slack_settings, slack_app_token="xapp-revoked", slack_signing_secret="")
    with pytest.raises(UsageError, match=r"Slack rejected SLACK_APP_TOKEN \(invalid_auth\)"):
        await run_slack(service, settings, host="127.0.0.1")
    assert fake_slack.api("apps.connections.open")


async def test_socket_mode_answers_a_slash_command(
    service: QuoteService, slack_settings: Settings, fake_slack: FakeSlack
) -> None:
    settings = replace(slack_settings, slack_app_token="xapp-good", slack_signing_secret="")
    task = asyncio.create_task(run_slack(service, settings))
    try:
        await fake_slack.until(lambda: fake_slack.sockets)
        payload = {"token": "x", "team_id": "T1", "channel_id": "C1", "user_id": ASKER, "command": "/quote",
                   "text": "trade", "response_url": fake_slack.url + "/respond/1", "trigger_id": "1.2.3"}
        await fake_slack.sockets[0].send_json({"envelope_id": "env-1", "type": "slash_commands",
                                               "accepts_response_payload": True, "payload": payload})
        await fake_slack.until(lambda: fake_slack.socket_replies)
        assert fake_slack.socket_replies[0] == {"envelope_id": "env-1"}  # the ack
        reply = (await fake_slack.wait_responses(1))[0].body
        assert reply["response_type"] == "in_channel" and "*trade*" in reply["blocks"][0]["text"]["text"]
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_unreachable_api_is_one_clear_line(service: QuoteService, slack_settings: Settings) -> None:
    with pytest.raises(UsageError, match="Cannot reach the Slack Web API"):
        await run_slack(service, replace(slack_settings, slack_api_url="http://127.0.0.1:9/api"), host="127.0.0.1")


async def test_busy_port_is_one_clear_line(service: QuoteService, slack_settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        settings = replace(slack_settings, slack_port=taken.getsockname()[1])
        with pytest.raises(UsageError, match="set QUOTEBOT_SLACK_PORT to a free port"):
            await run_slack(service, settings, host="127.0.0.1")


def test_api_url_is_normalised(slack_settings: Settings) -> None:
    assert web_client(replace(slack_settings, slack_api_url="http://127.0.0.1:1/api")).base_url == \
        "http://127.0.0.1:1/api/"
    assert web_client(replace(slack_settings, slack_api_url="")).base_url == "https://slack.com/api/"


async def test_is_admin(slack_settings: Settings, fake_slack: FakeSlack) -> None:
    fake_slack.users = {"UADMIN": {"id": "UADMIN", "is_admin": True}, "UOWNER": {"id": "UOWNER", "is_owner": True},
                        "UPLAIN": {"id": "UPLAIN", "is_admin": False, "is_owner": False}}
    client = web_client(slack_settings)
    assert await is_admin(client, "ULISTED", slack_settings)  # QUOTEBOT_ADMINS, no API call
    assert not fake_slack.api("users.info")
    assert await is_admin(client, "UADMIN", slack_settings)
    assert await is_admin(client, "UOWNER", slack_settings)
    assert not await is_admin(client, "UPLAIN", slack_settings)
    assert not await is_admin(client, "UNOBODY", slack_settings)
    assert len(fake_slack.api("users.info")) == 4


async def test_the_daily_scheduler_runs_with_the_app_and_stops_with_it(
    slack: SlackDriver, service: QuoteService
) -> None:
    daily = service.daily
    assert isinstance(daily.publishers["slack"], SlackPublisher)
    loop = daily._task
    assert loop is not None and not loop.done()
    daily.start()  # what a second adapter in this process does: still one loop
    assert daily._task is loop


class OtherPublisher:
    platform = "discord"

    async def check(self, channel: str) -> None: ...

    def owns(self, workspace: str) -> bool:
        return True

    async def post(self, channel: str, excerpt: object, title: str) -> None: ...


@pytest.mark.parametrize("other", [False, True])
async def test_leaving_stops_posting_to_slack_only(
    service: QuoteService, slack_settings: Settings, fake_slack: FakeSlack, other: bool
) -> None:
    if other:
        service.daily.register(OtherPublisher())
    task = asyncio.create_task(run_slack(service, slack_settings, host="127.0.0.1"))
    await fake_slack.until(lambda: "slack" in service.daily.publishers)
    loop = service.daily._task
    assert loop is not None
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "slack" not in service.daily.publishers
    if other:  # another adapter of this process still posts: the same loop goes on for it
        assert service.daily._task is loop and not loop.done()
    else:
        assert loop.done() and service.daily._task is None


def test_manifest_declares_every_command_and_few_scopes() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    declared = dict(re.findall(r"command: (/\w+)\n(?:\s+\w+: .*\n)*?\s+should_escape: (\w+)", text))
    assert {f"/{c}" for c in COMMANDS} | {"/quotebot", "/daily", "/reload", "/about", "/help"} == set(declared)
    # Channel mentions arrive as ids only where should_escape is on: /daily, and /quotebot daily.
    assert {c for c, escaped in declared.items() if escaped == "true"} == {"/daily", "/quotebot"}
    assert "socket_mode_enabled: true" in text and "is_enabled: true" in text
    scopes = re.search(r"bot:\n((?:\s+- .+\n)+)", text)
    assert scopes and set(re.findall(r"- ([\w:.]+)", scopes.group(1))) == {
        "commands", "chat:write", "files:write", "users:read", "channels:read", "groups:read", "app_mentions:read"}
    events = yaml.safe_load(text)["settings"]["event_subscriptions"]["bot_events"]
    assert events == ["app_mention"]  # every event the app has a listener for, besides the uninstall ones
    assert "facts" in ALIASES
