"""Make text inert before it reaches Discord: nothing pings, nothing formats unless we mean it to.

``allowed_mentions`` (none, on the client and on every send) already stops pings; this module
also keeps echoed text from *rendering* as a mention, a channel link or markdown, so what a
user typed is shown back exactly as typed.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown

_ZWSP = "\u200b"
# <@id>, <@!id>, <@&id> (user and role mentions), <#id> (channel links)
_TAG = re.compile(r"<(?=[@#])")
_BROADCAST = re.compile(r"@(everyone|here)\b", re.I)


def defang(text: str) -> str:
    """Break mentions with an invisible space; for places that show text raw (footer, author)."""
    text = _TAG.sub("<" + _ZWSP, text)
    return _BROADCAST.sub(lambda m: "@" + _ZWSP + m.group(1), text)


def escape(text: str) -> str:
    """Escape markdown and break mentions; for descriptions, titles, fields and content."""
    return defang(escape_markdown(text))


def bold(text: str) -> str:
    """Bold text that is already escaped."""
    return f"**{text}**"
