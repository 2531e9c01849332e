"""Cues become speech: consecutive cues of one speaker join into paragraphs, so sentences span cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Paragraph
from ..moments import TimeMark
from .cues import Cue

UNNAMED = "Unnamed speaker"
"""Who speaks in a recording that names nobody (and gives no ``speaker`` in its metadata)."""
LONG_PARAGRAPH = 1500
"""Characters after which a sentence end starts a new paragraph, so context stays readable."""
HARD_LIMIT = 4000
"""Characters after which even unpunctuated captions start a new paragraph at a cue boundary."""
PAUSE = 4.0
"""Seconds of silence after a sentence end that start a new paragraph."""
_GLUED = re.compile(r"^(?:[,.;:!?%)\]}”…]|['’](?:s|t|re|ll|ve|d|m)\b|n['’]t\b)")
"""A cue that goes on the word before it: punctuation, or a contraction's tail (``'s``, ``n't``)."""
_NOTE_ONLY = re.compile(r"^(?:[\[(][^\[\]()]{1,40}[\])]\s*)+$")
"""``[Music]``, ``(applause)``: sounds, not speech."""
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(slots=True)
class _Turn:
    speaker: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    times: list[TimeMark] = field(default_factory=list)
    start: float | None = None
    end: float | None = None

    def add(self, cue: Cue) -> None:
        glue = "" if not self.parts or _GLUED.match(cue.text) else " "
        offset = self.length + len(glue)
        # A word's own time beats its cue's: the cue's start stands for its first word only when untimed.
        marks = {0: cue.start} if cue.start is not None else {}
        marks.update(cue.words)
        self.times.extend((offset + o, t, cue.end) for o, t in sorted(marks.items()))
        if self.start is None and marks:
            self.start = min(marks.values())
        self.end = cue.end if cue.end is not None else self.end
        self.parts.append(glue + cue.text)
        self.length = offset + len(cue.text)

    def ends_sentence(self) -> bool:
        return bool(self.parts) and bool(_SENTENCE_END.search(self.parts[-1]))


def _breaks(turn: _Turn, cue: Cue) -> bool:
    if turn.length >= HARD_LIMIT:
        return True
    if not turn.ends_sentence():
        return False
    paused = cue.start is not None and turn.end is not None and cue.start - turn.end >= PAUSE
    return paused or turn.length >= LONG_PARAGRAPH


def paragraphs(cues: list[Cue], speaker: str = "") -> list[Paragraph]:
    """Paragraphs of the cues; a cue without a name continues the last named speaker."""
    turns: list[_Turn] = []
    current = speaker or UNNAMED
    for cue in cues:
        if not cue.text or _NOTE_ONLY.match(cue.text):
            continue
        current = cue.speaker or current
        if not turns or turns[-1].speaker != current or _breaks(turns[-1], cue):
            turns.append(_Turn(current))
        turns[-1].add(cue)
    return [Paragraph(n=i, speaker=t.speaker, role="", retranslated=False, text="".join(t.parts), line=0,
                      start=t.start, end=t.end, times=tuple(t.times))
            for i, t in enumerate(turns, start=1)]
