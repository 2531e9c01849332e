"""Discord's size limits, owned here, and cutting text to fit them at a word boundary."""

from __future__ import annotations

from collections.abc import Callable

from adapters.text import truncate as cut  # no-break spaces count as spaces

from .safety import escape

CONTENT = 2000
TITLE = 256
AUTHOR = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
EMBED_TOTAL = 6000
CHOICES = 25
CHOICE_NAME = 100


def fit(raw: str, limit: int, render: Callable[[str], str] = escape) -> str:
    """The longest word-boundary cut of ``raw`` whose rendering (escaped, bolded) fits ``limit``.

    Cutting the raw text, not the rendering, is what keeps an escape or a ``**`` pair whole.
    """
    budget = limit
    while budget > 0:
        out = render(cut(raw, budget))
        if len(out) <= limit:
            return out
        budget -= max(1, len(out) - limit)
    return ""
