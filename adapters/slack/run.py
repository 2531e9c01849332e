"""Run the Slack app until cancelled: Socket Mode with SLACK_APP_TOKEN, else HTTP with SLACK_SIGNING_SECRET."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Literal

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.errors import UsageError
from bot.shared import open_deliveries, open_installs

from .app import build_app
from .errors import api_error
from .oauth import INSTALL_PATH, InstallationStore
from .publisher import InstalledPublishers, SlackPublisher

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.config import Settings
    from bot.daily.scheduler import DailyScheduler
    from bot.service import QuoteService

_log = logging.getLogger(__name__)
PATH = "/slack/events"
Mode = Literal["socket", "http", "oauth"]


def choose_mode(settings: Settings) -> Mode:
    """Socket Mode when an app token is set, HTTP when a signing secret is, HTTP with OAuth installs when a
    client id is (bot/config.py checked that setting's companions); one clear line otherwise."""
    if settings.slack_client_id:
        return "oauth"
    if not settings.slack_bot_token:
        raise UsageError("SLACK_BOT_TOKEN is not set: put the app's Bot User OAuth Token (xoxb-…) in .env "
                         "(see docs/slack.md).")
    if not settings.slack_bot_token.startswith("xoxb-"):
        raise UsageError("SLACK_BOT_TOKEN must be the Bot User OAuth Token, which starts with xoxb-.")
    if settings.slack_app_token:
        if not settings.slack_app_token.startswith("xapp-"):
            raise UsageError("SLACK_APP_TOKEN must be an app-level token (xapp-…) with the connections:write scope.")
        return "socket"
    if settings.slack_signing_secret:
        return "http"
    raise UsageError("Set SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP mode (see docs/slack.md).")


async def check_token(client: AsyncWebClient) -> None:
    """``auth.test`` once at start, so a bad token is one line now rather than a failure per request."""
    try:
        resp = await client.auth_test()
    except SlackApiError as exc:
        raise UsageError(f"Slack rejected SLACK_BOT_TOKEN ({api_error(exc)}): copy the "
                         "Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.") from None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise UsageError(f"Cannot reach the Slack Web API at {client.base_url} ({exc or type(exc).__name__}); "
                         "check the network or SLACK_API_URL.") from None
    _log.info("signed in to Slack workspace %s as %s", resp.get("team"), resp.get("user"))


async def run_slack(service: QuoteService, settings: Settings, *, host: str = "0.0.0.0") -> None:
    """Serve Slack until cancelled. ``host`` is where HTTP mode listens (tests use 127.0.0.1)."""
    mode = choose_mode(settings)
    installs = await open_installs(service.shared, settings) if mode == "oauth" else None
    try:
        deliveries = await open_deliveries(service.shared, settings)  # Slack's retries answered once
        try:
            await _serve(service, settings, mode, build_app(service, settings, installs, deliveries), host)
        finally:
            await deliveries.close()
    finally:
        if installs is not None:
            await installs.close()


async def _serve(service: QuoteService, settings: Settings, mode: Mode, app: AsyncApp, host: str) -> None:
    if mode != "oauth":  # with OAuth there is no token until a workspace installs the app
        await check_token(app.client)
    # The quote of the day: with the one bot token, or with the token of each schedule's workspace.
    publisher = daily_publisher(app)
    service.daily.register(publisher)
    service.daily.start()  # one loop per process: a no-op when Discord started it already
    try:
        if mode == "socket":
            await _socket_mode(app, settings.slack_app_token)
        else:
            await _http_mode(app, host, settings.slack_port)
    finally:
        await _leave_daily(service.daily, publisher)


def daily_publisher(app: AsyncApp) -> SlackPublisher | InstalledPublishers:
    store = app.installation_store
    if isinstance(store, InstallationStore):  # installs in many workspaces (oauth.py)
        return InstalledPublishers(store, app.client)
    return SlackPublisher(app.client)


async def _leave_daily(daily: DailyScheduler, publisher: SlackPublisher | InstalledPublishers) -> None:
    """Stop posting to Slack; the loop goes on for another adapter of this process that is still running."""
    await daily.unregister(publisher)


async def _socket_mode(app: AsyncApp, app_token: str) -> None:
    # The Socket Mode client retries a rejected token forever; ask once first so it is one clear line.
    try:
        await app.client.apps_connections_open(app_token=app_token)
    except SlackApiError as exc:
        raise UsageError(f"Slack rejected SLACK_APP_TOKEN ({api_error(exc)}): create an app-level token "
                         "with connections:write under Basic Information.") from None
    handler = AsyncSocketModeHandler(app, app_token)
    try:
        await handler.connect_async()
        _log.info("connected to Slack in Socket Mode")
        await asyncio.Event().wait()
    finally:
        await handler.close_async()


async def _http_mode(app: AsyncApp, host: str, port: int) -> None:
    # Bolt's own aiohttp application (AsyncSlackAppServer), run on this loop rather than web.run_app's.
    runner = web.AppRunner(app.web_app(path=PATH, port=port), access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            raise UsageError(f"Cannot listen on port {port} ({exc.strerror or exc}); "
                             "set QUOTEBOT_SLACK_PORT to a free port.") from None
        _log.info("listening for Slack on http://%s:%d%s (installs: %s)", host, port, PATH,
                  INSTALL_PATH if app.oauth_flow is not None else "off")
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
