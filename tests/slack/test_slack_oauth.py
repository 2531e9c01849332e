"""Installs in many workspaces: Bolt's OAuth flow against the loopback Slack, the stores on the SQLite file,
each workspace answered with its own bot token, and an uninstall that forgets the workspace."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import pytest
import yaml

from adapters.slack.oauth import SCOPES
from bot.service import QuoteService
from bot.store.installs import SqliteInstalls

from .slack_harness import CLIENT_ID, FakeSlack, SlackDriver, signed_headers

ROOT = Path(__file__).resolve().parents[2]


async def install(slack: SlackDriver, team: str, token: str, *, granted: bool = True,
                  redirect_to: SlackDriver | None = None) -> str:
    """What a workspace admin's browser does: open /slack/install, go to Slack, come back with a code
    (to ``redirect_to``: another worker behind the same address)."""
    base = slack.url.removesuffix("/slack/events")
    async with slack.session.get(f"{base}/slack/install") as resp:
        assert resp.status == 200
        page = await resp.text()
        # The cookie is Secure (Slack's installs are https), so send it back by hand over the loopback's http.
        cookie = resp.headers["Set-Cookie"].split(";", 1)[0]
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page)
    assert link, page
    state = re.search(r"state=([^&\"]+)", link.group(1))
    assert state and f"client_id={CLIENT_ID}" in link.group(1)
    if granted:
        slack.fake.grants[f"code-{team}"] = (team, token)
    back = (redirect_to or slack).url.removesuffix("/slack/events")
    async with slack.session.get(f"{back}/slack/oauth_redirect", headers={"Cookie": cookie},
                                 params={"code": f"code-{team}", "state": state.group(1)}) as resp:
        return f"{resp.status} {await resp.text()}"


def tokens_for(fake: FakeSlack, method: str) -> list[str]:
    return [c.token for c in fake.api(method)]


async def event(slack: SlackDriver, team: str, kind: str) -> int:
    body = json.dumps({"token": "legacy", "team_id": team, "api_app_id": "A1", "type": "event_callback",
                       "event": {"type": kind, **({"tokens": {"bot": [f"UBOT{team}"]}} if kind == "tokens_revoked"
                                                  else {})},
                       "event_id": f"Ev{team}{kind}", "event_time": int(time.time()), "authorizations": []})
    headers = {**signed_headers(body), "Content-Type": "application/json"}
    async with slack.session.post(slack.url, data=body.encode(), headers=headers) as resp:
        return resp.status


async def test_each_workspace_installs_and_is_answered_with_its_own_token(installable: SlackDriver,
                                                                           service: QuoteService) -> None:
    fake = installable.fake
    fake.users = {"UPLAIN": {"id": "UPLAIN", "is_admin": False}}
    assert "200" in await install(installable, "TA", "xoxb-team-a")
    assert "200" in await install(installable, "TB", "xoxb-team-b")
    assert [c.body["code"] for c in fake.api("oauth.v2.access")] == ["code-TA", "code-TB"]
    # /daily asks users.info whether the asker is an admin: with the token of the workspace the command came from
    for team in ("TA", "TB", "TA"):
        sent = await installable.command("/daily", "status", user="UPLAIN", team=team)
        assert sent.status == 200
    await installable.fake.wait_responses(3)
    assert tokens_for(fake, "users.info") == ["xoxb-team-a", "xoxb-team-b", "xoxb-team-a"]
    assert all("admin" in r.body.get("text", "") for r in fake.responses)
    # a search needs no Web API call and is answered in either workspace
    await installable.command("/search", "harbour wall", team="TB")
    answers = await installable.fake.wait_responses(4)
    assert "harbour" in json.dumps(answers[-1].body).lower()


async def test_a_workspace_that_did_not_install_is_told_to_install_and_gets_no_token(installable: SlackDriver) -> None:
    assert "200" in await install(installable, "TA", "xoxb-team-a")
    before = len(installable.fake.calls)
    await installable.command("/daily", "status", user="UPLAIN", team="TZ")
    (told,) = await installable.fake.wait_responses(1)
    assert "reinstall" in told.body["text"]  # Bolt's own line, through the command's response_url
    assert all(c.token in ("", "xoxb-team-a") for c in installable.fake.calls[before:])
    assert not installable.fake.api("users.info")


async def test_a_bad_state_or_code_installs_nothing(installable: SlackDriver, service: QuoteService) -> None:
    base = installable.url.removesuffix("/slack/events")
    installable.fake.grants["code-TA"] = ("TA", "xoxb-team-a")
    async with installable.session.get(f"{base}/slack/oauth_redirect",
                                       params={"code": "code-TA", "state": "made-up"}) as resp:
        assert resp.status != 200
    assert not installable.fake.api("oauth.v2.access")  # the state is checked before the code is spent
    installable.fake.grants.clear()  # now a real state, but a code Slack never issued
    assert not (await install(installable, "TA", "xoxb-team-a", granted=False)).startswith("200")
    assert [c.body["code"] for c in installable.fake.api("oauth.v2.access")] == ["code-TA"]
    installs = await SqliteInstalls.open(str(service.settings.db))
    try:
        assert await installs.find("slack", "", "TA") is None
    finally:
        await installs.close()


@pytest.mark.parametrize("kind", ["app_uninstalled", "tokens_revoked"])
async def test_uninstall_forgets_the_workspace(installable: SlackDriver, service: QuoteService, kind: str) -> None:
    assert "200" in await install(installable, "TA", "xoxb-team-a")
    assert "200" in await install(installable, "TB", "xoxb-team-b")
    installs = await SqliteInstalls.open(str(service.settings.db))
    try:
        assert await installs.find("slack", "", "TA") is not None
        installable.fake.revoked.add("xoxb-team-a")  # Slack revokes the token before it tells the app
        assert await event(installable, "TA", kind) == 200
        for _ in range(200):
            if await installs.find("slack", "", "TA") is None:
                break
            await asyncio.sleep(0.02)
        assert await installs.find("slack", "", "TA") is None
        assert await installs.find("slack", "", "TB") is not None
    finally:
        await installs.close()
    installable.fake.users = {"UPLAIN": {"id": "UPLAIN", "is_admin": False}}
    await installable.command("/daily", "status", user="UPLAIN", team="TB")
    await installable.command("/daily", "status", user="UPLAIN", team="TA")
    await installable.fake.wait_responses(1)
    await asyncio.sleep(0.3)
    assert tokens_for(installable.fake, "users.info") == ["xoxb-team-b"]


def test_an_install_asks_for_the_scopes_of_the_manifest() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text(encoding="utf-8"))
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
