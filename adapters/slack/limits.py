"""Slack's size limits, owned here: 3,000 characters a section, 50 blocks a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.text import truncate as cut  # no-break spaces count as spaces

from .safety import mrkdwn

SECTION_TEXT = 3000
MAX_BLOCKS = 50
FALLBACK_TEXT = 3000
BUTTON_VALUE = 2000

Block = dict[str, Any]


def fit(raw: str, render: Callable[[str], str], limit: int = SECTION_TEXT) -> str:
    """The longest word-boundary cut of ``raw`` whose rendering (escaped, bolded) fits ``limit``."""
    budget = limit
    while True:
        out = render(cut(raw, budget))
        if len(out) <= limit or budget <= 1:
            return out[:limit]
        budget -= max(1, len(out) - limit)


def assemble(groups: list[list[Block]], tail: list[Block] | None = None, *, limit: int = MAX_BLOCKS) -> list[Block]:
    """Whole groups (a passage and its citation stay together) up to ``limit`` blocks, then ``tail``."""
    tail = tail or []
    out: list[Block] = []
    room = limit - len(tail)
    for n, group in enumerate(groups):
        rest = len(groups) - n
        need = len(group) + (1 if rest > 1 else 0)  # leave room for the "not shown" note
        if len(out) + need > room:
            out.append({"type": "context", "elements": [mrkdwn(f"{rest} more not shown: Slack shows at most "
                                                                f"{limit} blocks. Narrow the request to see them.")]})
            break
        out.extend(group)
    return out + tail
