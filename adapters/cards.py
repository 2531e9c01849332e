"""Quote cards: a cited quote as a 1200x630 PNG to share, drawn by Pillow with the font shipped in ``fonts/``.

The card is opaque (dark navy, light text, contrast above 12:1), so it reads the same on a dark
or a light chat theme; 1200x630 is the size Discord, Slack and link previews show whole. Only the
shipped DejaVu Sans is ever loaded: no system font is assumed. The alt text is the full quote and
its citation, so nothing on the card is lost to a screen reader or to a long quote's cut.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.models import TRANSLATION_NOTE, Excerpt

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

_log = logging.getLogger(__name__)

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
SIZE = (1200, 630)
ALT_TEXT = 1000
"""Characters of alt text; Discord keeps 1,024 on an attachment, Slack more."""
BACKGROUND, TEXT, MUTED, FAINT, WARNING = "#0F172A", "#F8FAFC", "#CBD5E1", "#94A3B8", "#FBBF24"
_ACCENTS = ("#60A5FA", "#F87171", "#34D399", "#FBBF24", "#A78BFA", "#F472B6", "#2DD4BF", "#FB923C")
_MARGIN, _BAR = 72, 12
_QUOTE_BOX = (_MARGIN + 40, 120, SIZE[0] - _MARGIN, 430)
_SIZES = (46, 42, 38, 34, 31, 28, 25)


@dataclass(frozen=True, slots=True)
class Card:
    png: bytes
    alt: str
    filename: str


def alt_text(e: Excerpt) -> str:
    """The full quote and its citation, cut only if the quote alone is longer than an attachment allows."""
    cite = e.citation.line()
    room = ALT_TEXT - len(cite) - 5  # the two quotation marks and " — "
    words = e.text if len(e.text) <= room else e.text[: max(0, room - 1)].rstrip() + "…"
    return f"“{words}” — {cite}"


@functools.cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


def _accent(speaker: str) -> str:
    """The speaker's colour, the same one Discord's embeds use for them."""
    return _ACCENTS[zlib.crc32(speaker.encode()) % len(_ACCENTS)]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw: ImageDraw.ImageDraw, text: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the quote fits its box; at the smallest, the lines that fit, ending in "…"."""
    left, top, right, bottom = _QUOTE_BOX
    quoted = " ".join(text.split())  # the large opening mark above says it is a quotation
    for size in _SIZES:
        font = _font(REGULAR, size)
        lines = _wrap(draw, quoted, font, right - left)
        if len(lines) * int(size * 1.32) <= bottom - top:
            return font, lines
    font = _font(REGULAR, _SIZES[-1])
    lines = _wrap(draw, quoted, font, right - left)[: (bottom - top) // int(_SIZES[-1] * 1.32)]
    while lines and draw.textlength(lines[-1] + " …", font=font) > right - left:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] = lines[-1].rstrip(" ,;:—–-") + " …"
    return font, lines


def _clip(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def render(e: Excerpt) -> Card:
    """The card for ``e``: words, speaker and role, document and date, quote id, and the translation note."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    accent = _accent(e.speaker)
    width = SIZE[0] - 2 * _MARGIN
    draw.rectangle((0, 0, _BAR, SIZE[1]), fill=accent)
    draw.text((_MARGIN - 8, 40), "“", font=_font(BOLD, 120), fill=accent)
    font, lines = _fit(draw, e.text)
    step = int(font.size * 1.32)
    for n, line in enumerate(lines):
        draw.text((_QUOTE_BOX[0], _QUOTE_BOX[1] + n * step), line, font=font, fill=TEXT)
    c = e.citation
    draw.line((_MARGIN, 452, SIZE[0] - _MARGIN, 452), fill="#334155", width=2)
    draw.text((_MARGIN, 470), _clip(draw, c.speaker, _font(BOLD, 32), width), font=_font(BOLD, 32), fill=TEXT)
    if c.role:
        draw.text((_MARGIN, 512), _clip(draw, c.role, _font(REGULAR, 24), width), font=_font(REGULAR, 24), fill=MUTED)
    where = c.document + (f" · {c.date}" if c.date else "") + f" · ¶{c.paragraph}"
    draw.text((_MARGIN, 550), _clip(draw, where, _font(REGULAR, 22), width), font=_font(REGULAR, 22), fill=FAINT)
    foot = f"id {c.quote_id}" if c.quote_id else ""
    draw.text((_MARGIN, 584), foot, font=_font(REGULAR, 20), fill=FAINT)
    if c.retranslated:
        note = TRANSLATION_NOTE[0].upper() + TRANSLATION_NOTE[1:]
        left = _MARGIN + draw.textlength(foot + "    ", font=_font(REGULAR, 20))
        draw.text((left, 584), _clip(draw, note, _font(BOLD, 20), int(SIZE[0] - _MARGIN - 160 - left)),
                  font=_font(BOLD, 20), fill=WARNING)
    mark = "quotebot"
    draw.text((SIZE[0] - _MARGIN - draw.textlength(mark, font=_font(BOLD, 22)), 582), mark, font=_font(BOLD, 22),
              fill=accent)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return Card(out.getvalue(), alt_text(e), f"quote-{c.quote_id or 'card'}.png")


async def render_or_none(e: Excerpt) -> Card | None:
    """The card, drawn off the event loop; None (logged) when it cannot be drawn, so a daily post goes out as text."""
    try:
        return await asyncio.to_thread(render, e)
    except Exception:  # a damaged font file, Pillow missing or out of memory: the text post must still go out
        _log.exception("could not draw the card of quote %s; posting the text alone", e.id)
        return None
