"""Where in the recording or on the page a piece of a paragraph is: marks, clock times and deep links.

A paragraph carries marks: (character offset, start seconds, end seconds) for each cue or word
whose text begins there, and (offset, page, line) for each printed line. The moment of a quote
is the last mark at or before its first character: the cue in which its first word is spoken.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..text.fold import fold

TimeMark = tuple[int, float, float | None]
LineMark = tuple[int, int, int]


def encode(times: Sequence[TimeMark], lines: Sequence[LineMark]) -> str:
    """Marks as compact JSON for the paragraph row ("" when the paragraph has none)."""
    if not times and not lines:
        return ""
    return json.dumps({"t": [list(m) for m in times], "l": [list(m) for m in lines]}, separators=(",", ":"))


def decode(raw: str) -> tuple[list[TimeMark], list[LineMark]]:
    if not raw:
        return [], []
    data = json.loads(raw)
    times = [(int(o), float(a), None if b is None else float(b)) for o, a, b in data.get("t", ())]
    lines = [(int(o), int(p), int(n)) for o, p, n in data.get("l", ())]
    return times, lines


def _at(marks: Sequence[tuple], offset: int) -> tuple | None:
    if not marks:
        return None
    i = bisect_right([m[0] for m in marks], max(0, offset)) - 1
    return marks[i] if i >= 0 else None  # words before the first timed cue have no known time


def time_at(times: Sequence[TimeMark], offset: int) -> float | None:
    mark = _at(times, offset)
    return mark[1] if mark else None


def end_at(times: Sequence[TimeMark], offset: int) -> float | None:
    """The end of the cue that holds the character just before ``offset`` (a quote's last word)."""
    mark = _at(times, offset - 1)
    return mark[2] if mark else None


def line_at(lines: Sequence[LineMark], offset: int) -> tuple[int, int] | None:
    mark = _at(lines, offset)
    return (mark[1], mark[2]) if mark else None


def clock(seconds: float) -> str:
    """12:34, or 1:02:03 past the hour."""
    s = int(math.floor(seconds + 1e-6))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m}:{s % 60:02d}"


def _is_youtube(host: str) -> bool:
    return host == "youtu.be" or host == "youtube.com" or host.endswith(".youtube.com")


def deep_link(base: str, seconds: float | None) -> str:
    """The recording at this moment: YouTube and Spotify take ``t=`` in the query, other media a ``#t=`` fragment.

    Only an http(s) address from the document's own metadata is ever made a link.
    """
    if seconds is None or not base:
        return ""
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    t = str(int(math.floor(seconds + 1e-6)))
    host = parts.hostname or ""
    if _is_youtube(host) or host == "open.spotify.com":
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"] + [("t", t)]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={t}"))


def span_moment(start: float | None, page: int | None, times: Sequence[TimeMark], lines: Sequence[LineMark],
                a: int, b: int) -> tuple[float | None, float | None, int | None, int | None]:
    """(start, end, page, line) of the text at offsets ``a``..``b`` of a paragraph that begins at ``start``/``page``."""
    at = time_at(times, a) if times else start
    end = end_at(times, b) if times else None
    spot = line_at(lines, a)
    return at, end, spot[0] if spot else page, spot[1] if spot else None


def original_offset(text: str, folded_at: int) -> int:
    """The offset in ``text`` of the character at ``folded_at`` in ``fold(text)`` (-1 stays -1).

    Folding can change lengths (``…`` becomes ``...``, ``ß`` becomes ``ss``, runs of spaces one), so the
    first character whose fold reaches past ``folded_at`` is found by bisection.
    """
    if folded_at <= 0 or (text.isascii() and "  " not in text):
        return folded_at
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        if len(fold(text[: mid + 1] + "x")) - 1 <= folded_at:  # how far the fold of text[:mid + 1] reaches
            lo = mid + 1
        else:
            hi = mid
    return lo
