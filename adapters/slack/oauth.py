"""Installs in many workspaces: Bolt's OAuth flow, with its installation and state stores on the shared database.

This module only translates slack_sdk's store interfaces to the core's ``Installs`` (bot/store/installs.py,
or pg_installs.py with QUOTEBOT_DATABASE_URL): the SQL lives there. Bolt's authorize then answers every
request with the bot token of the workspace it came from, found by its team id.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.installs import Installs

_log = logging.getLogger(__name__)
PLATFORM = "slack"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
SCOPES = ("commands", "chat:write", "files:write", "users:read", "channels:read", "groups:read", "app_mentions:read")
"""The bot scopes an install asks for: the manifest's oauth_config (a test keeps them equal)."""
STATE_SECONDS = 600  # an install started in the browser must be finished within ten minutes


def _when(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(type(value).__name__)


class InstallationStore(AsyncInstallationStore):
    """One installation per workspace (bot scopes only): a reinstall replaces it, an uninstall deletes it."""

    def __init__(self, installs: Installs) -> None:
        self.installs = installs

    @property
    def logger(self) -> logging.Logger:
        return _log

    async def async_save(self, installation: Installation) -> None:
        record = json.dumps(installation.to_dict_for_copying(), default=_when)
        await self.installs.save(PLATFORM, installation.enterprise_id or "", installation.team_id or "", record)
        _log.info("installed in Slack workspace %s", installation.team_id)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        # An org-wide install is found by the organisation alone, as Slack sends no team id for it.
        team = "" if is_enterprise_install else team_id or ""
        record = await self.installs.find(PLATFORM, enterprise_id or "", team)
        return Installation(**json.loads(record)) if record else None

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        found = await self.async_find_installation(enterprise_id=enterprise_id, team_id=team_id,
                                                   is_enterprise_install=is_enterprise_install)
        return found.to_bot() if found and found.bot_token else None

    async def find_workspace_bot(self, team_id: str) -> Bot | None:
        """The bot of a workspace known by its team id alone, in an Enterprise Grid organisation or not."""
        record = await self.installs.find_workspace(PLATFORM, team_id)
        found = Installation(**json.loads(record)) if record else None
        return found.to_bot() if found and found.bot_token else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.installs.delete(PLATFORM, enterprise_id or "", team_id or "")
        _log.info("uninstalled from Slack workspace %s", team_id)


class StateStore(AsyncOAuthStateStore):
    """The ``state`` of each install started, usable once, on the database so any worker may get the redirect."""

    def __init__(self, installs: Installs) -> None:
        self.installs = installs

    @property
    def logger(self) -> logging.Logger:
        return _log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self.installs.issue_state(state, time.time() + STATE_SECONDS)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self.installs.consume_state(state)


def oauth_settings(settings: Settings, installs: Installs) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
                              scopes=list(SCOPES), install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
                              installation_store=InstallationStore(installs), installation_store_bot_only=True,
                              state_store=StateStore(installs))
