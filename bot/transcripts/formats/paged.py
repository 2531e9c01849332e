"""A paged transcript (PDF) through the text parser, each paragraph keeping the page and printed line
of every line it was joined from."""

from __future__ import annotations

import re
from dataclasses import replace

from ..hints import SpeakerHints
from ..labels import parse_label
from ..model import Document, Paragraph
from ..parser import parse_document
from ..reader import RawTranscript
from .pdf import PageLine

_SPACES = re.compile(r"[ \t]+")
Group = list[PageLine]
"""Source lines that make one line of the text handed to the parser."""


def _marks(p: Paragraph, groups: list[Group]) -> tuple[tuple[int, int, int], ...]:
    """(offset, page, line) for each source line found, in order, in the paragraph's joined text."""
    out: list[tuple[int, int, int]] = []
    at = 0
    for group in groups[max(0, p.line - 1):]:
        if not group:
            if out:
                break  # the blank line before the next turn
            continue
        for page, line, text in group:
            content = _SPACES.sub(" ", text.strip())
            if not out:
                label = parse_label(content)
                out.append((0, page, line))  # the paragraph's text begins with this line's words, after any label
                at = len(label.rest if label else content)
                continue
            found = p.text.find(content, at)
            if found < 0:
                return tuple(out)
            out.append((found, page, line))
            at = found + len(content)
    return tuple(out)


def _upper_labels(rows: list[PageLine]) -> bool:
    """Court and hearing transcripts write labels in capitals (``JUSTICE KAGAN:``); when most labels are,
    a wrapped line that merely starts ``Court: …`` continues the speech."""
    heads = [t.split(":", 1)[0] for _, _, t in rows if parse_label(t) is not None]
    return len(heads) >= 2 and sum(h.isupper() for h in heads) * 3 >= len(heads) * 2


def _groups(rows: list[PageLine]) -> list[Group]:
    """One group per line; a label line opens a turn after a blank (empty) group."""
    upper = _upper_labels(rows)
    groups: list[Group] = []
    for row in rows:
        found = parse_label(row[2])
        label = found is not None
        # Court labels have the speech after them; a bare "APPEARANCES:" heads a list of counsel.
        if found is not None and upper and (not row[2].split(":", 1)[0].isupper() or not found.rest):
            label = False
            if groups and groups[-1]:
                groups[-1].append(row)  # joined to the line before, so the parser sees no label
                continue
        if groups and label:
            groups.append([])
        groups.append([row])
    groups.append([])
    return groups


def paged_document(rows: list[PageLine], meta: dict[str, str], key: str, hints: SpeakerHints | None = None) -> Document:
    """Lines -> the text parser's paragraphs, each turn one paragraph, with page and line marks."""
    groups = _groups(rows)
    text = "\n".join(" ".join(t for _, _, t in g) for g in groups)
    doc = parse_document(RawTranscript(text=text, meta=meta, hints=hints or SpeakerHints()), key)
    if "title" not in meta and rows and parse_label(rows[0][2]) is None:
        doc.title = rows[0][2][:150]  # a cover page's first line, not the whole cover joined up
    paragraphs = []
    for p in doc.paragraphs:
        marks = _marks(p, groups)
        first = marks[0] if marks else None
        paragraphs.append(replace(p, page=first[1] if first else None, line=first[2] if first else 0, lines=marks))
    doc.paragraphs = paragraphs
    return doc
