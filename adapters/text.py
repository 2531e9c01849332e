"""Text helpers every adapter needs: cutting at a word boundary, bolding matched words."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.models import ProcessVersion

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


def process_line(p: ProcessVersion) -> str:
    """One process on the shared database: who, which index version, as of when."""
    return f"process {p.process}: index {p.version} (reported {p.at}" + (f", after reload {p.request})" if p.request else ")")
