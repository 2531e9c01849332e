"""Text helpers every adapter needs: cutting at a word boundary, bolding matched words."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.models import FileError, ProcessVersion, ReloadReport

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
               escape: Callable[[str], str] = lambda s: s, keep: re.Pattern[str] | None = None) -> str:
    """Escape the whole of ``text``, then wrap whole-word, case-insensitive matches of ``terms`` with ``bold``.

    Escaping first, in one piece, is what keeps markup spread over a match inert: bolding a word
    inside ``[official docs](https://…)`` must not leave the brackets around it unescaped. Terms are
    escaped the same way to be found in the escaped text; a match never starts inside an escape
    (after a backslash) or an entity (``&amp;``), nor inside what ``keep`` matches (an escape sequence
    of several characters).
    """
    safe = escape(text)
    words = sorted({escape(t) for t in terms if t and len(t) > 1}, key=len, reverse=True)
    if not words:
        return safe
    kept = f"({keep.pattern if keep else '(?!)'})|"  # group 1: left as it is
    pattern = re.compile(kept + r"(?<![\w&\\])(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)
    return pattern.sub(lambda m: m.group(0) if m.group(1) else bold(m.group(0)), safe)


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
def process_line(p: ProcessVersion) -> str:
    """One process on the shared database: who, which index version, as of when."""
    return f"process {p.process}: index {p.version} (reported {p.at}" + (f", after reload {p.request})" if p.request else ")")
