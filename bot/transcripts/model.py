"""What a parsed transcript is made of."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import RosterSpeaker


@dataclass(frozen=True, slots=True)
class Paragraph:
    n: int
    """1-based number within the document's speech."""
    speaker: str
    role: str
    retranslated: bool
    text: str
    line: int
    """1-based line of the file where the paragraph starts."""
    notes: tuple[str, ...] = ()
    start: float | None = None
    """Seconds from the start of the recording where the paragraph is first spoken (None: not timed)."""
    end: float | None = None
    page: int | None = None
    """1-based page of a paged transcript (PDF), where ``line`` is then the printed line number."""
    times: tuple[tuple[int, float, float | None], ...] = ()
    """(offset in ``text``, start, end) of each cue or timed word: see ``moments``."""
    lines: tuple[tuple[int, int, int], ...] = ()
    """(offset in ``text``, page, line) of each printed line."""

    @property
    def page_line(self) -> int | None:
        """The line number printed in the margin where the paragraph starts, when the source numbers its lines."""
        return self.lines[0][2] if self.lines else None



@dataclass(slots=True)
class Document:
    key: str
    """Path relative to the seeds folder, with forward slashes: the document's identity."""
    title: str
    date: str = ""
    url: str = ""
    media: str = ""
    """The recording (audio or video) the transcript is of, for deep links; else ``url`` serves."""
    source_name: str = ""
    attribution: str = ""
    description: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""
    roster: list[RosterSpeaker] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    """(line, what and why) of each label-shaped line not taken as a speaker."""
