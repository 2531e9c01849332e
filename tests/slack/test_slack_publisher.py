"""SlackPublisher against the fake Web API: which failures pause a schedule and which are retried."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.slack.app import web_client
from adapters.slack.publisher import SlackPublisher
from bot.config import Settings
from bot.daily.ports import DeliveryError
from bot.models import Excerpt
from bot.service import QuoteService

from .slack_harness import FakeSlack

PERMANENT = ["channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth",
             "token_revoked", "missing_scope", "restricted_action", "restricted_action_read_only_channel"]
TRANSIENT = ["ratelimited", 500, 502, 503, "fatal_error", "internal_error", "service_unavailable", "some_new_error"]


@pytest.fixture
def publisher(slack_settings: Settings, workspace: FakeSlack) -> SlackPublisher:
    return SlackPublisher(web_client(slack_settings))


async def quote(service: QuoteService) -> Excerpt:
    found = await service.quote("trade")
    assert found is not None
    return found


@pytest.mark.parametrize("failure", PERMANENT + TRANSIENT)
async def test_post_failures_are_classified(publisher: SlackPublisher, workspace: FakeSlack, service: QuoteService,
                                            failure: str | int) -> None:
    workspace.failures["chat.postMessage"] = [failure]
    with pytest.raises(DeliveryError) as err:
        await publisher.post("C0QUOTES", await quote(service), "Quote of the day")
    assert err.value.permanent is (failure in PERMANENT)
    assert (f"({failure})" if failure in PERMANENT else str(failure)) in str(err.value)
    await publisher.post("C0QUOTES", await quote(service), "Quote of the day")  # the next one goes through
    assert len(workspace.api("chat.postMessage")) == 2


async def test_missing_scope_names_the_scope(publisher: SlackPublisher, workspace: FakeSlack) -> None:
    workspace.failures["conversations.info"] = ["missing_scope"]
    with pytest.raises(DeliveryError, match=r"lacks a permission.*\(missing_scope\)") as err:
        await publisher.check("G0SECRET")
    assert err.value.permanent


async def test_network_errors_are_transient(slack_settings: Settings, service: QuoteService) -> None:
    gone = SlackPublisher(web_client(replace(slack_settings, slack_api_url="http://127.0.0.1:9/api")))
    with pytest.raises(DeliveryError, match="cannot reach Slack") as err:
        await gone.post("C0QUOTES", await quote(service), "Quote of the day")
    assert not err.value.permanent
    with pytest.raises(DeliveryError, match="cannot reach Slack") as err:
        await gone.check("C0QUOTES")
    assert not err.value.permanent


@pytest.mark.parametrize(("channel", "says"), [
    ("C0QUOTES", ""),
    ("C1", ""),
    ("C0PUBLIC", "I am not a member of that channel; invite me with /invite @quotebot"),
    ("G0SECRET", "I am not a member of that channel; invite me with /invite @quotebot"),
    ("C0OLD", "the channel is archived"),
    ("D0DIRECT", "not a direct message"),
    ("C0GONE", "the channel was not found"),
])
async def test_check(publisher: SlackPublisher, channel: str, says: str) -> None:
    if not says:
        await publisher.check(channel)
        return
    with pytest.raises(DeliveryError, match=says) as err:
        await publisher.check(channel)
    assert err.value.permanent


async def test_check_accepts_public_channels_with_chat_write_public(publisher: SlackPublisher,
                                                                   workspace: FakeSlack) -> None:
    workspace.scopes += ",chat:write.public"
    await publisher.check("C0PUBLIC")
    with pytest.raises(DeliveryError, match="invite me"):
        await publisher.check("G0SECRET")  # private channels still need an invitation


async def test_check_with_slack_down_is_transient(publisher: SlackPublisher, workspace: FakeSlack) -> None:
    workspace.failures["conversations.info"] = [500]
    with pytest.raises(DeliveryError, match="server error") as err:
        await publisher.check("C0QUOTES")
    assert not err.value.permanent
