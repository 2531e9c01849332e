"""A citation in Discord's places for it: the footer, the author line, a field, a colour.

The citation is never the part that gets cut: only an absurdly long document title is
shortened, and the paragraph, quote id and translation note always survive.
"""

from __future__ import annotations

import re
import zlib

import discord

from bot.models import TRANSLATION_NOTE, Citation

from .limits import AUTHOR, cut
from .safety import defang, escape

_DOCUMENT = 200
_LINK = re.compile(r"https?://[^\s<>()\[\]`|]+")
"""A link Discord's markdown cannot be broken out of; the only links made are the document's own recording."""
MAX_LINK = 512
"""Longer addresses are shown as the bare time: a citation must never crowd out the passage."""
_PALETTE = (0x3B82F6, 0xEF4444, 0x10B981, 0xF59E0B, 0x8B5CF6, 0xEC4899, 0x14B8A6, 0xF97316)


def _where(c: Citation) -> str:
    return cut(c.document, _DOCUMENT) + (f", {c.date}" if c.date else "")


def moment_link(c: Citation) -> str:
    """``[at 12:34](link)`` when the recording can be linked, the bare ``at 12:34`` or ``p. 3, l. 7``, or ""."""
    moment = c.moment()
    if moment and c.link and len(c.link) <= MAX_LINK and _LINK.fullmatch(c.link):
        return f"[{moment}]({c.link})"
    return moment


def footer(c: Citation) -> str:
    """Plain text (footers show no markdown): document, date, paragraph, moment, id, translation note."""
    parts = [_where(c), f"¶{c.paragraph}", *([c.moment()] if c.moment() else [])] + ([f"id {c.quote_id}"] if c.quote_id else [])
    if c.retranslated:
        parts.append(TRANSLATION_NOTE)
    return defang(" · ".join(parts))


def inline(c: Citation) -> str:
    """The same citation as markdown, for a field under a passage."""
    moment = moment_link(c)
    parts = [f"*{escape(_where(c))}*", f"¶{c.paragraph}", *([moment] if moment else [])] + ([f"id `{c.quote_id}`"] if c.quote_id else [])
    if c.retranslated:
        parts.append(TRANSLATION_NOTE)
    return "— " + " · ".join(parts)


def author(c: Citation) -> str:
    who = c.speaker + (f" ({c.role})" if c.role else "")
    return defang(cut(who, AUTHOR))


def colour(speaker: str) -> discord.Colour:
    """The same colour for the same speaker, in every answer and after every restart."""
    return discord.Colour(_PALETTE[zlib.crc32(speaker.encode()) % len(_PALETTE)])
