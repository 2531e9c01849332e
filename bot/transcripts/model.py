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
