"""What a parsed transcript is made of."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    page: int | None = None
    """Page of the source (a court record's page, a log's ``_page``), when it has pages."""
    page_line: int | None = None
    """The line number printed in the margin of that page, when the source numbers its lines."""


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One speaker of a document: the name quotes are cited under, and how the document writes it."""

    name: str
    role: str
    forms: tuple[str, ...]
    """Every label the document uses for this speaker, as written ("MR. PUTIN", "Putin")."""
    turns: int


@dataclass(slots=True)
class Document:
    key: str
    """Path relative to the seeds folder, with forward slashes: the document's identity."""
    title: str
    date: str = ""
    url: str = ""
    source_name: str = ""
    attribution: str = ""
    description: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""
    roster: list[RosterEntry] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    """(line, what and why) of each label-shaped line not taken as a speaker."""
