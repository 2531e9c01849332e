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
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{1,20}$")
_FORMATTING = re.compile(r"[*_~`]")
_LITERAL = "<!date^00000000^{{_}}|{}>"
LITERAL = re.compile(r"<!date\^00000000\^\{_\}\|[*_~`]>")
"""A formatting character kept literal by ``escape``: the one ``<…>`` sequence escaped text may hold."""
_QUOTE_START = re.compile(r"^&gt;", re.M)
_SOFT_HYPHEN = "\u00ad"
# What Slack sends for a command with should_escape on: <#C1|name>, <@U1|name>, <!here>, <https://x|label>.
_SLACK_MARKUP = re.compile(r"<([#@!]?)([^<>|]*)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """Escape the three characters Slack reserves; nothing in the result can ping or link."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@" + _WORD_JOINER + m.group(1), text)


def literal(text: str) -> str:
    """``escape``, and every formatting character kept literal: for transcript text shown in mrkdwn.

    mrkdwn has no escape for ``*``, ``_``, ``~`` and `````; each is sent as the fallback of a date
    that cannot be formatted, which Slack always shows as plain text (jsx-slack's ``<Escape>`` does
    the same). A ``>`` starting a line (a block quote) gets an invisible soft hyphen before it.
    """
    text = _FORMATTING.sub(lambda m: _LITERAL.format(m.group(0)), escape(text))
    return _QUOTE_START.sub(_SOFT_HYPHEN + "&gt;", text)


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object for text that is already escaped; verbatim keeps Slack from linking."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str) -> dict[str, Any]:
    """A plain_text object, for labels we write ourselves (buttons)."""
    return {"type": "plain_text", "text": text, "emoji": True}


def mention(user_id: str) -> str:
    """A user mention built only from an id Slack itself sent; anything else becomes text."""
    return f"<@{user_id}>" if _USER_ID.match(user_id or "") else "someone"


def channel_mention(channel_id: str) -> str:
    """A channel link built only from a channel id (a link, not a ping); anything else becomes text."""
    return f"<#{channel_id}>" if CHANNEL_ID.match(channel_id or "") else escape(channel_id)


def unescape(text: str) -> str:
    """Command text from Slack's escaped form back to what was typed: ``<#C1|quotes> &amp; co`` -> ``#quotes & co``.

    Commands with ``should_escape`` on (/quotebot, /daily) get this, so their words search as typed.
    """

    def typed(m: re.Match[str]) -> str:
        sigil, target, label = m.groups()
        if sigil in ("#", "@"):
            return label if (label or "").startswith(sigil) else sigil + (label or target)
        if sigil == "!":
            return label or "@" + target.split("^")[0]
        return label or target

    text = _SLACK_MARKUP.sub(typed, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def safe_url(url: str) -> str:
    """``url`` escaped for ``<url|label>`` if it is a plain http(s) link that cannot break out, else ""."""
    return url.replace("&", "&amp;") if re.fullmatch(r"https?://[^\s<>|\"']+", url or "") else ""
