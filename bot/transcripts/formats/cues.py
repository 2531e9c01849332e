"""A cue: a stretch of speech with its time, as caption and segment formats give it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ...errors import SeedsError


class Unreadable(SeedsError):
    """A file the seeds folder holds that is no transcript we can read: skipped with a warning."""


@dataclass(frozen=True, slots=True)
class Cue:
    start: float | None
    end: float | None
    text: str
    speaker: str = ""
    """"" when the cue names nobody: it continues the last named speaker."""
    words: tuple[tuple[int, float], ...] = ()
    """(offset in ``text``, seconds) of words with their own time (YouTube inline tags, Whisper words)."""


_CLOCK = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d+)?)$")


def seconds(stamp: str) -> float | None:
    """``01:02:03.500``, ``02:03,500``, ``3.480``, ``1:03`` -> seconds; None when it is no time."""
    m = _CLOCK.match(stamp.strip())
    if not m:
        return None
    a, b, s = m.groups()
    h, mi = (a, b) if b is not None else (None, a)
    return round(int(h or 0) * 3600 + int(mi or 0) * 60 + float(s.replace(",", ".")), 3)


_NAME_PREFIX = re.compile(
    r"^(?:>>\s*)?(?P<name>SPEAKER_\d+|Speaker \d+|[A-Z][\w.'’\-]*(?: (?:[A-Z][\w.'’\-]*|de|van|von|al|da|la|del|bin))"
    r"{0,3}(?: \([^()]{1,30}\))?)\s*:\s+(?P<rest>\S.*)$", re.S)
_NOT_NAMES = frozenset("note notes warning update tip yes no so and but well okay ok now here".split())


_LOOSE_PREFIX = re.compile(r"^(?P<name>[^:\s][^:\n]{0,39}?)\s*:\s+(?P<rest>\S.*)$", re.S)


def split_name(text: str, known: frozenset[str] = frozenset()) -> tuple[str, str]:
    """``Jane Doe: words`` -> ("Jane Doe", "words"); ("", text) when the cue opens with no name.

    ``known`` are prefixes the file repeats (meeting display names such as ``jdoe`` or ``Ana (she/her)``).
    """
    m = _NAME_PREFIX.match(text)
    if m and not _named(m.group("name"), known):
        m = None
    if not m:
        m = _LOOSE_PREFIX.match(text) if known else None
        if not m or m.group("name") not in known:
            return "", text
    return m.group("name"), m.group("rest")


def _named(name: str, known: frozenset[str]) -> bool:
    """A one-word prefix (``First: …``, ``Look: …``) is a name only when the file repeats it or writes it in
    capitals; ``Jane Doe``, ``SPEAKER_1`` and ``Speaker 2`` always are."""
    words = name.split()
    if words[0].casefold() in _NOT_NAMES:
        return False
    return len(words) > 1 or name in known or name.isupper() or name.startswith("SPEAKER_")


def repeated_names(texts: list[str]) -> frozenset[str]:
    """Short ``X:`` prefixes that open at least two cues: in a meeting file, those are the speakers' names."""
    seen: dict[str, int] = {}
    for text in texts:
        m = _LOOSE_PREFIX.match(text)
        if m and len(m.group("name").split()) <= 4 and "//" not in m.group("name"):
            name = m.group("name")
            seen[name] = seen.get(name, 0) + 1
    return frozenset(n for n, k in seen.items() if k >= 2 and n.split()[0].casefold() not in _NOT_NAMES)


def clean(text: str) -> str:
    """Entities decoded, spaces made single."""
    return " ".join(html.unescape(text).split())
