"""A transcript's lines, with page furniture taken out and page and line numbers kept.

Court and hearing transcripts (pdftotext of a paginated record) number every line down the
margin, repeat a header and a footer on every page and put the page number under the last
line; a word index may follow the record. Only the numbered lines are the record. Spacelog
style air-to-ground logs carry ``_page : 148`` lines, which give the page and are not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARGIN = re.compile(r"^\s{0,3}(\d{1,2})(?:([ \t]+)(\S.*?))?\s*$")
_PAGE_NUMBER = re.compile(r"^\s{4,}(\d{1,4})\s*$")
_KEY_LINE = re.compile(r"^_([a-z]+)\s*:\s*(.*)$")
NEW_PARAGRAPH_INDENT = 6
"""Spaces after the margin number that open a paragraph; a continuation line has about three."""


@dataclass(slots=True)
class Line:
    n: int
    """1-based line of the file."""
    text: str
    page: int | None = None
    page_line: int | None = None
    opens: bool | None = None
    """True: opens a paragraph (by indentation); None: blank lines decide."""


def _is_paged(lines: list[str]) -> bool:
    """Most non-blank lines start with a margin number of 1 to 30."""
    filled = [ln for ln in lines if ln.strip()]
    numbered = sum(1 for ln in filled if (m := _MARGIN.match(ln)) and 1 <= int(m.group(1)) <= 30)
    return numbered >= 20 and numbered >= 0.4 * len(filled)


def _paged(lines: list[str], first_line: int) -> list[Line]:
    out: list[Line] = []
    unpaged: list[Line] = []
    for i, raw in enumerate(lines):
        m = _MARGIN.match(raw)
        if m and 1 <= int(m.group(1)) <= 30:
            if m.group(3):
                line = Line(first_line + i, m.group(3), None, int(m.group(1)),
                            len(m.group(2).expandtabs()) >= NEW_PARAGRAPH_INDENT)
                out.append(line)
                unpaged.append(line)
            continue
        page = _PAGE_NUMBER.match(raw)
        if page:  # the number under a page's last line: the lines above are that page
            for line in unpaged:
                line.page = int(page.group(1))
            unpaged = []
        # anything else without a margin number is a header, a footer or the word index
    return out


def _plain(lines: list[str], first_line: int) -> list[Line]:
    out: list[Line] = []
    page: int | None = None
    for i, raw in enumerate(lines):
        key = _KEY_LINE.match(raw)
        if key:  # "_page : 148", "_tape :", "_extra : ..." are the log's bookkeeping, not speech
            if key.group(1) == "page" and key.group(2).strip().isdigit():
                page = int(key.group(2))
            continue
        out.append(Line(first_line + i, raw.strip(), page))
    return out


def read_lines(text: str, first_line: int) -> tuple[list[Line], bool]:
    """The lines of ``text`` that can hold speech, and whether it is a paged (court) record."""
    lines = text.replace("\f", "").split("\n")
    if _is_paged(lines):
        return _paged(lines, first_line), True
    return _plain(lines, first_line), False
