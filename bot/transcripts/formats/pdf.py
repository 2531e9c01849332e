"""PDF transcripts, text per page through pdfplumber (the ``quotebot[pdf]`` extra).

Court and hearing transcripts number the lines of each page in the margin and repeat a header and
footer on every page: the numbers become each paragraph's page and line marks, the furniture goes.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .cues import Unreadable

_log = logging.getLogger(__name__)
_NUMBERED = re.compile(r"^\s*(\d{1,2})(?:\s+(\S.*))?$")
_INDEX_REF = re.compile(r"^\d+:\d+$")
MIN_NUMBERED = 5
"""Numbered lines that make a page a numbered one; when most pages are, unnumbered lines are furniture."""

PageLine = tuple[int, int, str]
"""(page, line, text)."""


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    """The page's margin-numbered lines, as the run 1, 2, 3, … (a lone page number is left out)."""
    out: list[tuple[int, str]] = []
    for ln in lines:
        m = _NUMBERED.match(ln)
        if not m:
            continue
        n = int(m.group(1))
        if n == 1 and len(out) <= 1:
            out = []  # a page number "1" above the margin's own 1
        if n == len(out) + 1:
            out.append((n, (m.group(2) or "").strip()))
    return out


def _is_index(lines: list[str]) -> bool:
    """A concordance page (``abandon 12:3 14:7 …``) lists words, it records no speech."""
    words = " ".join(lines).split()
    return len(words) > 20 and sum(1 for w in words if _INDEX_REF.match(w)) >= len(words) / 4


def page_lines(pages: list[str]) -> list[PageLine]:
    """Every line worth reading, with its page (1-based) and line (the printed number where there is one).

    When most pages number their lines, only numbered lines are speech: the rest is header and footer.
    """
    kept = [(p, [ln for ln in text.split("\n") if ln.strip()]) for p, text in enumerate(pages, start=1)]
    kept = [(p, lines) for p, lines in kept if not _is_index(lines)]
    runs = {p: _numbered(lines) for p, lines in kept}
    numbered = sum(1 for r in runs.values() if len(r) >= MIN_NUMBERED) * 2 >= len(kept) > 0
    out: list[PageLine] = []
    for p, lines in kept:
        if numbered and runs[p]:
            out.extend((p, n, t) for n, t in runs[p] if t)
        else:
            out.extend((p, n, t.strip()) for n, t in enumerate(lines, start=1))
    return out


def read_pdf_pages(path: Path) -> list[str]:
    """The text of each page; Unreadable when pdfplumber is missing or the file is no PDF it can read."""
    try:
        import pdfplumber
    except ImportError:
        raise Unreadable("PDF transcripts need the pdf extra: pip install 'quotebot[pdf]'") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(path) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds for a damaged file; any of them means unreadable
        _log.debug("cannot read %s", path, exc_info=True)
        raise Unreadable(f"cannot read the PDF: {type(exc).__name__}") from None
