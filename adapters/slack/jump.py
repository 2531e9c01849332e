"""Buttons under every cited answer: "Context" (what /context ID shows) and a "Source" link to the document.

The Context button's value is the quote id, so it works for anyone, after any restart. The Source
button is a link button, shown only when the document's metadata gives a plain http(s) URL;
Slack still sends its press to the app, which only acknowledges it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.errors import UsageError
from bot.models import Excerpt

from .safety import plain

CONTEXT = "quotebot_context"
SOURCE = "quotebot_source"
CONTEXT_ACTIONS = re.compile(rf"^{CONTEXT}(_\d+)?$")
SOURCE_ACTIONS = re.compile(rf"^{SOURCE}(_\d+)?$")
MAX_CITED = 5
URL_LIMIT = 3000
_QUOTE_ID = re.compile(r"^[a-z2-7]{12}$")
_URL = re.compile(r"https?://[^\s<>|\"'`]+")


def source_url(url: str) -> str:
    """The document's URL if it is a plain http(s) link Slack accepts on a button, else ""."""
    return url if url and len(url) <= URL_LIMIT and _URL.fullmatch(url) else ""


def buttons(cited: Iterable[Excerpt | None], start: int = 1) -> list[dict[str, Any]]:
    """Context, and Source when there is a URL, for each of the first few cited passages.

    Several are numbered from ``start``, as the answer numbers its passages (results 6 to 10 on page two).
    """
    by_id = {e.id: e for e in cited if e is not None and e.id}
    found = list(by_id.values())[:MAX_CITED]
    out = []
    for n, e in enumerate(found, start):
        suffix, label = (f"_{n}", f" {n}") if len(found) > 1 else ("", "")
        out.append({"type": "button", "action_id": CONTEXT + suffix, "text": plain("Context" + label),
                    "value": e.id})
        url = source_url(e.citation.url)
        if url:
            out.append({"type": "button", "action_id": SOURCE + suffix, "text": plain("Source" + label), "url": url})
    return out


def quote_id(value: str) -> str:
    if not _QUOTE_ID.match(value or ""):
        raise UsageError("That button no longer works; run /context with the quote id instead.")
    return value
