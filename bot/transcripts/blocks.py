"""Group a transcript's lines into paragraphs (blocks), remembering where each starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import parse_label
from .layout import Line

_SPACES = re.compile(r"[ \t]+")
_PRESS_Q = re.compile(r"^Q(?:\s{2,}|\t)")


@dataclass(slots=True)
class Block:
    line: int
    page: int | None
    page_line: int | None
    first: str
    """The block's first line, for trailer checks ("See also")."""
    text: str


def blocks_of(lines: list[Line], paged: bool) -> list[Block]:
    """Paragraph texts with their starting line. Hard-wrapped lines are joined.

    A paged record opens a paragraph by indentation; other text by a blank line, or on every line
    when the file has no blank lines at all. A speaker label always opens one.
    """
    has_blank = paged or any(not ln.text for ln in lines[1:-1])
    groups: list[list[Line]] = []
    closed = True
    for ln in lines:
        if not ln.text:
            closed = True
            continue
        opens = bool(ln.opens) if paged else (closed or not has_blank)
        if not groups or opens or _opens_turn(ln.text):
            groups.append([])
        groups[-1].append(ln)
        closed = False
    return [Block(g[0].n, g[0].page, g[0].page_line, g[0].text, _join(g)) for g in groups]


def _opens_turn(text: str) -> bool:
    """A line with a speaker label opens a paragraph, even without a blank line before it; a wrapped line that
    happens to begin "President Biden. Thank you" does not (only a paragraph's first line can be a hearing's turn)."""
    label = parse_label(text)
    return label is not None and label.style != "period"


def _join(group: list[Line]) -> str:
    text = _SPACES.sub(" ", " ".join(x.text for x in group))
    if _PRESS_Q.match(group[0].text):  # "Q    Will he ...": the wide gap is what makes the Q a label
        text = "Q  " + text[2:]
    return text
