"""Build the Bolt ``AsyncApp``: the Web API client, request verification, and every listener."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from . import actions, commands, errors, mentions, oauth, shortcuts
from .admin import is_admin
from .admin_commands import AdminCommands
from .redeliveries import once_per_event

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.service import QuoteService
    from bot.store.deliveries import Deliveries
    from bot.store.installs import Installs

__all__ = ["build_app", "is_admin", "web_client"]

DEFAULT_API_URL = "https://slack.com/api/"


def web_client(settings: Settings) -> AsyncWebClient:
    """The bot's Web API client; ``SLACK_API_URL`` points it elsewhere (tests, proxies)."""
    base = settings.slack_api_url or DEFAULT_API_URL
    return AsyncWebClient(token=settings.slack_bot_token or None, base_url=base.rstrip("/") + "/")


def build_app(service: QuoteService, settings: Settings, installs: Installs | None = None,
              deliveries: Deliveries | None = None) -> AsyncApp:
    """The app with its listeners. Bolt verifies every HTTP request's signature (401 otherwise).

    With ``deliveries``, an Events API delivery whose ``event_id`` was seen before (Slack's retry, perhaps
    to another worker) is acknowledged and skipped (redeliveries.py).

    With ``installs`` (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set) it serves the OAuth install and answers each
    workspace with that workspace's token; without, with the one SLACK_BOT_TOKEN.
    """
    app = AsyncApp(
        oauth_settings=oauth.oauth_settings(settings, installs) if installs is not None else None,
        name="quotebot",
        client=web_client(settings),
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=True,
        process_before_response=False,  # ack() returns the HTTP response; the answer follows via respond
    )
    errors.register(app)
    if deliveries is not None:
        app.middleware(once_per_event(deliveries))
    if installs is not None:
        app.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked: the install is deleted
    commands.register(app, service, AdminCommands(service, settings))  # /daily and /reload too
    actions.register(app, service)
    shortcuts.register(app, service)  # the "Verify quote" message shortcut
    mentions.register(app, service)  # @quotebot words: a /quote in the mention's thread
    return app
