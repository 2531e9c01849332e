"""Text helpers every adapter needs: cutting at a word boundary, bolding matched words."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.models import FileError, ReloadReport

ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = max((m.start() for m in re.finditer(r"\s", cut)), default=-1)  # no-break spaces count
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-—–") + ELLIPSIS


def bold_terms(text: str, terms: tuple[str, ...] | list[str], bold: Callable[[str], str],
               escape: Callable[[str], str] = lambda s: s) -> str:
    """Escape ``text`` and wrap whole-word, case-insensitive matches of ``terms`` with ``bold``."""
    words = sorted({t for t in terms if t and len(t) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(bold(escape(m.group(0))))
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def roster_line(speakers: list[tuple[str, str, int]], refused: int) -> str:
    """"Vladimir Putin (President of Russia) ×4, Anton Belsky ×2; 1 line not taken as a speaker"."""
    people = ", ".join(f"{n}" + (f" ({r})" if r else "") + f" ×{t}" for n, r, t in speakers) or "no speakers"
    if refused:
        people += f"; {refused} line{'s' if refused > 1 else ''} not taken as a speaker"
    return people


def refused_speakers(report: ReloadReport) -> list[FileError]:
    """Label-shaped lines of the files a reload just read that were not taken as speakers, for review."""
    touched = set(report.added) | set(report.modified)
    warnings = report.stats.warnings if report.stats else ()
    return [w for w in warnings if w.source in touched and "not taken as a speaker" in w.message]
