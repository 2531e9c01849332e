"""A paged transcript (PDF) through the text parser, each paragraph keeping the page and printed line
of every line it was joined from."""

from __future__ import annotations

import re
from dataclasses import replace

from ..labels import parse_label
from ..model import Document, Paragraph
from ..parser import parse_document
from ..reader import RawTranscript
from .pdf import PageLine

_SPACES = re.compile(r"[ \t]+")


def _marks(p: Paragraph, lines: list[str], where: list[tuple[int, int] | None]) -> tuple[tuple[int, int, int], ...]:
    """(offset, page, line) for each source line found, in order, in the paragraph's joined text."""
    out: list[tuple[int, int, int]] = []
    at = 0
    for i in range(max(0, p.line - 1), len(lines)):
        spot = where[i]
        if spot is None:
            if out:
                break  # the blank line before the next turn
            continue
        content = _SPACES.sub(" ", lines[i].strip())
        if not out:
            label = parse_label(content)
            out.append((0, *spot))  # the paragraph's text begins with this line's words, after any label
            at = len(label.rest if label else content)
            continue
        found = p.text.find(content, at)
        if found < 0:
            break
        out.append((found, *spot))
        at = found + len(content)
    return tuple(out)


def paged_document(rows: list[PageLine], meta: dict[str, str], key: str) -> Document:
    """Lines -> the text parser's paragraphs, a blank line before each label so each turn is a paragraph."""
    lines: list[str] = []
    where: list[tuple[int, int] | None] = []
    for page, line, text in rows:
        if lines and parse_label(text) is not None:
            lines.append("")
            where.append(None)
        lines.append(text)
        where.append((page, line))
    lines.append("")
    where.append(None)
    doc = parse_document(RawTranscript(text="\n".join(lines), meta=meta), key)
    paragraphs = []
    for p in doc.paragraphs:
        marks = _marks(p, lines, where)
        first = marks[0] if marks else None
        paragraphs.append(replace(p, page=first[1] if first else None, line=first[2] if first else 0, lines=marks))
    doc.paragraphs = paragraphs
    return doc
