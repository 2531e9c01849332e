"""Make text inert before it reaches Discord: nothing pings, nothing formats unless we mean it to.

``allowed_mentions`` (none, on the client and on every send) already stops pings; this module
also keeps echoed text from *rendering* as a mention, a channel link or markdown, so what a
user typed is shown back exactly as typed.
"""

from __future__ import annotations

import re

_ZWSP = "\u200b"
# Characters that format anywhere in a line: bold/italic, underline, strike, spoiler, code, masked links.
_INLINE = re.compile(r"([\\*_~|`\[\]])")
# What formats only at the start of a line: headings (#, -# subtext), block quotes, lists (-, +, 1.).
_LINE_START = re.compile(r"^([ \t]*)([#>+\-]|\d+(?=[.)]))", re.M)
_BROADCAST = re.compile(r"@(everyone|here)\b", re.I)


def defang(text: str) -> str:
    """Break every ``<…>`` tag and @everyone/@here with an invisible space; for places that show text raw.

    Every tag, not only mentions: ``<@id>``, ``<@&id>``, ``<#id>``, ``</cmd:id>`` command mentions,
    ``<t:…>`` timestamps, ``<:emoji:id>`` and ``<https://…>`` all start with ``<``.
    """
    text = text.replace("<", "<" + _ZWSP)
    return _BROADCAST.sub(lambda m: "@" + _ZWSP + m.group(1), text)


def escape(text: str) -> str:
    """Escape all markdown and break every tag and mention; for descriptions, titles, fields and content.

    Context-free per character (discord.py's ``escape_markdown`` leaves URLs and half a masked link
    alone), so any piece of the result is as inert as the whole; line starts are escaped too.
    """
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)),
                           text)
    return defang(text)


def bold(text: str) -> str:
    """Bold text that is already escaped."""
    return f"**{text}**"
