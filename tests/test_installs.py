"""The installation and OAuth-state stores, the same tests on the SQLite file and on a real PostgreSQL; and the
adapter's slack_sdk stores over them keep an Installation whole."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.oauth import InstallationStore, StateStore
from bot.store.installs import Installs, SqliteInstalls

from . import pg


@pytest.fixture(params=["sqlite", "postgresql"])
async def installs(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Installs]:
    if request.param == "sqlite":
        store: Installs = await SqliteInstalls.open(str(tmp_path / "q.db"))
        yield store
        await store.close()
        return
    from bot.store.pg import open_pool
    from bot.store.pg_installs import PgInstalls

    server = request.getfixturevalue("pg_server")  # sync fixture: the server; the database is made here
    url = await pg.fresh_database(server)
    pool = await open_pool(url)
    yield PgInstalls(pool)
    await pool.close()
    await pg.drop_database(server, url)


async def test_one_installation_per_workspace_replaced_and_deleted(installs: Installs) -> None:
    await installs.save("slack", "", "TA", '{"n": 1}')
    await installs.save("slack", "", "TB", '{"n": 2}')
    await installs.save("slack", "", "TA", '{"n": 3}')  # a reinstall replaces the workspace's record
    assert await installs.find("slack", "", "TA") == '{"n": 3}'
    assert await installs.find("slack", "E1", "TA") is None
    assert await installs.find("discord", "", "TA") is None
    await installs.delete("slack", "", "TA")
    assert await installs.find("slack", "", "TA") is None
    assert await installs.find("slack", "", "TB") == '{"n": 2}'


async def test_a_workspace_is_found_by_its_id_alone_in_any_organisation(installs: Installs) -> None:
    await installs.save("slack", "E1", "TG", '{"grid": 1}')  # a workspace of an Enterprise Grid organisation
    await installs.save("slack", "", "TA", '{"n": 1}')
    assert await installs.find_workspace("slack", "TG") == '{"grid": 1}'
    assert await installs.find_workspace("slack", "TA") == '{"n": 1}'
    assert await installs.find_workspace("slack", "TZ") is None
    assert await installs.find_workspace("discord", "TA") is None
    await installs.delete("slack", "E1", "TG")
    assert await installs.find_workspace("slack", "TG") is None


async def test_a_state_is_good_once_and_not_after_it_expires(installs: Installs) -> None:
    await installs.issue_state("s1", time.time() + 60)
    await installs.issue_state("s2", time.time() - 1)
    assert await installs.consume_state("s1") is True
    assert await installs.consume_state("s1") is False
    assert await installs.consume_state("s2") is False
    assert await installs.consume_state("never-issued") is False


async def test_two_redirects_with_one_state_install_once(installs: Installs) -> None:
    await installs.issue_state("s1", time.time() + 60)
    results = await asyncio.gather(*(installs.consume_state("s1") for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]


async def test_the_slack_stores_keep_an_installation_whole(installs: Installs) -> None:
    store = InstallationStore(installs)
    made = Installation(app_id="A1", team_id="TA", team_name="Team A", bot_token="xoxb-a", bot_id="BA",
                        bot_user_id="UBA", bot_scopes="commands,chat:write", user_id="U1", installed_at=1700000000.5)
    await store.async_save(made)
    bot = await store.async_find_bot(enterprise_id=None, team_id="TA")
    assert bot is not None
    assert (bot.bot_token, bot.bot_id, bot.bot_user_id, bot.team_id, bot.bot_scopes, bot.installed_at) == \
        ("xoxb-a", "BA", "UBA", "TA", ["commands", "chat:write"], 1700000000.5)
    assert await store.async_find_bot(enterprise_id=None, team_id="TB") is None
    grid = Installation(app_id="A1", enterprise_id="E1", team_id="TG", bot_token="xoxb-g", bot_id="BG",
                        bot_user_id="UBG", user_id="U1")
    await store.async_save(grid)
    assert await store.async_find_bot(enterprise_id=None, team_id="TG") is None  # Bolt's lookup needs the org
    found = await store.find_workspace_bot("TG")  # the quote of the day's knows the workspace alone
    assert found is not None and (found.bot_token, found.enterprise_id) == ("xoxb-g", "E1")
    assert await store.find_workspace_bot("TB") is None
    await store.async_delete_all(enterprise_id=None, team_id="TA")
    assert await store.async_find_installation(enterprise_id=None, team_id="TA") is None
    states = StateStore(installs)
    state = await states.async_issue()
    assert await states.async_consume(state) and not await states.async_consume(state)
