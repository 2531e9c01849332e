"""Otter and Descript text exports: a heading line ``Jane Doe  0:03`` or ``**Jane Doe** 0:42`` opens each turn."""

from __future__ import annotations

import re

from .cues import Cue, clean, seconds

_HEADING = re.compile(r"^[ \t]*(?:\*\*|__)?(?P<name>[^\W\d_][^*_:\n]{0,60}?)(?:\*\*|__)?[ \t]+[(\[]?(?P<t>\d{1,2}:\d{2}(?::\d{2})?)[)\]]?[ \t]*$",
                      re.M)
_FOOTER = re.compile(r"^\s*transcribed by\b", re.I)


def _name_shaped(name: str) -> bool:
    """``Jane Doe``, ``Speaker 2``, ``Unknown Speaker``: a prose line ending in a time (``we met at 10:30``) is not."""
    words = name.split()
    return 0 < len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() or w in ("de", "van", "von", "da", "la") for w in words)


def read_headings(text: str) -> tuple[str, list[Cue]] | None:
    """(title, cues) when at least two timed headings open turns, else None (not this format)."""
    found = [m for m in _HEADING.finditer(text) if _name_shaped(m.group("name"))]
    if len(found) < 2:
        return None
    title = next((ln.strip("*# \t") for ln in text[: found[0].start()].splitlines() if ln.strip()), "")
    cues = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        body = text[m.end(): nxt.start() if nxt else len(text)]
        lines = [ln for ln in body.splitlines() if not _FOOTER.match(ln)]
        cues.append(Cue(seconds(m.group("t")), None, clean(" ".join(lines)), m.group("name").strip()))
    for i in range(len(cues) - 1):
        cues[i] = Cue(cues[i].start, cues[i + 1].start, cues[i].text, cues[i].speaker)
    return title, cues
