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
        last = out[-1][0] if out else 0
        if last < n <= last + 3:  # a number or two lost in extraction does not end the page
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


_RULER = frozenset(("5", "10", "15", "20", "25"))
MARGIN_GAP = 12.0
"""Points between a margin number and the text beside it; words of one line sit about 3 apart."""


Row = tuple[float, float, list[dict]]
"""(vertical middle, height, words left to right) of one printed line."""


def _rows(words: list[dict]) -> list[Row]:
    """Words grouped into printed lines by their vertical middle."""
    rows: list[Row] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        mid, height = (w["top"] + w["bottom"]) / 2, max(1.0, w["bottom"] - w["top"])
        if rows and abs(mid - rows[-1][0]) <= 0.4 * height:
            rows[-1][2].append(w)
        else:
            rows.append((mid, height, [w]))
    return [(mid, height, sorted(r, key=lambda w: w["x0"])) for mid, height, r in rows]


def _split_margin(row: list[dict]) -> tuple[str, str]:
    """(margin number or "", the line's text): digits set apart from the text by a wide gap are margin."""
    margin, i = "", 0
    while i < len(row) - 1 and row[i]["text"].isdigit() and len(row[i]["text"]) <= 2 \
            and row[i + 1]["x0"] - row[i]["x1"] >= MARGIN_GAP:
        margin = row[i]["text"]  # of two margin columns (a 5, 10, 15 ruler and the line number) the nearer
        i += 1
    words = row[i:]
    while len(words) > 1 and words[-1]["text"] in _RULER and words[-1]["x0"] - words[-2]["x1"] >= MARGIN_GAP * 3:
        words = words[:-1]  # a 5, 10, 15 ruler out on the right
    text = " ".join(w["text"] for w in words)
    return margin, _glyphs(text)


_CID = re.compile(r"\(cid:(\d+)\)")


def _glyphs(text: str) -> str:
    """Glyphs pdfminer could not map come out as ``(cid:N)``; court PDFs draw their hyphen as 173 (the
    soft hyphen), as in ``Anti(cid:173)Injunction``. The rest carry no letter and go."""
    return _CID.sub(lambda m: "-" if m.group(1) == "173" else "", text).replace("\u00ad", "-")


def margin_lines(words: list[dict]) -> str:
    """The page as text lines, each that has a margin number written ``N text`` (a lone number alone),
    whether the PDF puts the number on the text's own baseline or a little above or below it."""
    rows = []
    for mid, height, r in _rows(words):
        lone = r[0]["text"]
        margin, text = _split_margin(r) if len(r) > 1 else ((lone, "") if lone.isdigit() else ("", lone))
        rows.append((margin, text, mid, height))
    out: list[list] = []
    for i, (margin, text, mid, height) in enumerate(rows):
        if margin and not text:  # a number printed on its own, a little above or below its line
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            if nxt and not nxt[0] and nxt[1] and nxt[2] - mid < 0.8 * height:
                rows[i + 1] = (margin, *nxt[1:])
                continue
            if out and not out[-1][0] and out[-1][1] and mid - out[-1][2] < 0.8 * height:
                out[-1][0] = margin
                continue
        out.append([margin, text, mid])
    return "\n".join(f"{m} {t}".strip() for m, t, _ in out)


def read_pdf_pages(path: Path) -> list[str]:
    """The text of each page; Unreadable when pdfplumber is missing or the file is no PDF it can read."""
    try:
        import pdfplumber
    except ImportError:
        raise Unreadable("PDF transcripts need the pdf extra: pip install 'quotebot[pdf]'") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(path) as pdf:
            return [margin_lines(page.extract_words()) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds for a damaged file; any of them means unreadable
        _log.debug("cannot read %s", path, exc_info=True)
        raise Unreadable(f"cannot read the PDF: {type(exc).__name__}") from None
