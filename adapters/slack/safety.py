"""Make any text inert before it reaches Slack: no pings, no links, no control sequences.

Slack reads ``<…>`` as a control sequence (``<!channel>``, ``<@U123>``, ``<#C123>``,
``<https://x|label>``), so escaping ``&``, ``<`` and ``>`` in every piece of transcript or
user text is what keeps it text. Text objects are also sent with ``verbatim: true`` so
Slack does not auto-link bare URLs, ``#channel`` names or ``@here`` on its own.
"""

from __future__ import annotations

import re
from typing import Any

_WORD_JOINER = "\u2060"
# A bare "@here" is only a mention when link_names is on (it is not); the invisible joiner
# keeps it text even if a client or a future API default parses it.
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.I)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")


def escape(text: str) -> str:
    """Escape the three characters Slack reserves; nothing in the result can ping or link."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@" + _WORD_JOINER + m.group(1), text)


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object for text that is already escaped; verbatim keeps Slack from linking."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str) -> dict[str, Any]:
    """A plain_text object, for labels we write ourselves (buttons)."""
    return {"type": "plain_text", "text": text, "emoji": True}


def mention(user_id: str) -> str:
    """A user mention built only from an id Slack itself sent; anything else becomes text."""
    return f"<@{user_id}>" if _USER_ID.match(user_id or "") else "someone"


def safe_url(url: str) -> str:
    """``url`` escaped for ``<url|label>`` if it is a plain http(s) link that cannot break out, else ""."""
    return url.replace("&", "&amp;") if re.fullmatch(r"https?://[^\s<>|\"']+", url or "") else ""
