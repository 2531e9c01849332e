"""Plain, frozen data the service returns. Adapters render these; they hold no platform text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .transcripts.moments import clock

VerdictKind = Literal["exact", "close", "altered", "misattributed", "not_found"]

TRANSLATION_NOTE = "retranslated, not the speaker's own words"


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a passage comes from, precisely enough to find it again."""

    speaker: str
    role: str
    retranslated: bool
    document: str
    source: str
    paragraph: int
    quote_id: str
    date: str = ""
    url: str = ""
    start: float | None = None
    """Seconds from the start of the recording; None when the transcript is not timed."""
    end: float | None = None
    page: int | None = None
    """Page of a paged transcript (PDF); ``line`` is then the printed line on it."""
    line_no: int | None = None
    link: str = ""
    """The recording at ``start`` (from the document's own ``media``/``url`` only), or ""."""

    def moment(self) -> str:
        """``at 12:34``, ``p. 12, l. 5`` or "": where in the recording or on the page."""
        if self.start is not None:
            return f"at {clock(self.start)}"
        if self.page is not None:
            return f"p. {self.page}" + (f", l. {self.line_no}" if self.line_no is not None else "")
        return ""

    def line(self) -> str:
        """The citation as one line for people."""
        who = self.speaker + (f" ({self.role})" if self.role else "")
        where = self.document + (f", {self.date}" if self.date else "")
        parts = [who, where, f"¶{self.paragraph}", *([self.moment()] if self.moment() else []), f"id {self.quote_id}"]
        if self.retranslated:
            parts.append(TRANSLATION_NOTE)
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A cited piece of a transcript: a quote, or a whole paragraph for context."""

    id: str
    text: str
    citation: Citation
    score: float = 0.0
    terms: tuple[str, ...] = ()
    """Words of the request that matched, for highlighting."""

    @property
    def speaker(self) -> str:
        return self.citation.speaker

    def to_dict(self) -> dict[str, Any]:
        c = self.citation
        return {
            "id": self.id,
            "text": self.text,
            "speaker": c.speaker,
            "role": c.role,
            "retranslated": c.retranslated,
            "document": c.document,
            "date": c.date or None,
            "url": c.url or None,
            "source": c.source,
            "paragraph": c.paragraph,
            "start": c.start,
            "end": c.end,
            "page": c.page,
            "line": c.line_no,
            "link": c.link or None,
            "score": round(self.score, 4),
            "citation": c.line(),
            "terms": list(self.terms),
        }


@dataclass(frozen=True, slots=True)
class Fact:
    """A quantity stated in a transcript, normalised, with the sentence that states it."""

    excerpt: Excerpt
    kind: str
    value: float
    unit: str
    quantity: str
    subject: str

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return self.excerpt.to_dict() | {
            "kind": self.kind,
            "value": value,
            "unit": self.unit or None,
            "quantity": self.quantity,
            "subject": self.subject,
        }


@dataclass(frozen=True, slots=True)
class Difference:
    """One way a claimed quotation departs from the transcript."""

    kind: str  # "number", "name", "negation", "wording"
    said: str
    claimed: str

    def describe(self) -> str:
        if not self.claimed:
            return f"omits “{self.said}”"
        if not self.said:
            return f"adds “{self.claimed}”"
        return f"{self.said}, not {self.claimed}"


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: VerdictKind
    similarity: float
    text: str
    claimed_speaker: str = ""
    said_by: str = ""
    match: Excerpt | None = None
    differences: tuple[Difference, ...] = ()

    def headline(self) -> str:
        """The verdict first, in words a reader understands."""
        if self.verdict == "exact":
            return "Exact quote"
        if self.verdict == "close":
            return "Close: a faithful paraphrase or partial match"
        if self.verdict == "altered":
            what = "; ".join(d.describe() for d in self.differences) or "the wording differs"
            return f"Altered: {what}"
        if self.verdict == "misattributed":
            return f"Said by {self.said_by}, not {self.claimed_speaker}"
        return "Not found" + ("; nearest:" if self.match else " in any transcript")

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "headline": self.headline(),
            "similarity": round(self.similarity, 4),
            "text": self.text,
            "claimed_speaker": self.claimed_speaker or None,
            "said_by": self.said_by or None,
            "match": self.match.to_dict() if self.match else None,
            "differences": [asdict(d) for d in self.differences],
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    results: tuple[Excerpt, ...]
    speaker: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "speaker": self.speaker or None,
            "results": [r.to_dict() for r in self.results],
        }


@dataclass(frozen=True, slots=True)
class Context:
    quote_id: str
    focus: int
    """Paragraph number that holds the quote."""
    paragraphs: tuple[Excerpt, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.quote_id,
            "focus": self.focus,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    roles: tuple[str, ...]
    quotes: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileError:
    source: str
    message: str
    line: int = 0

    def describe(self) -> str:
        return f"{self.source}" + (f":{self.line}" if self.line else "") + f": {self.message}"


@dataclass(frozen=True, slots=True)
class ProcessVersion:
    """One bot process sharing a PostgreSQL database, and the index it serves (listed by /about)."""

    process: str
    version: str
    """A hash of every document's content: the same in every process serving the same files."""
    request: int
    """The last reload request it followed (0: none since it started)."""
    at: str


@dataclass(frozen=True, slots=True)
class Stats:
    documents: int
    paragraphs: int
    quotes: int
    facts: int
    speakers: int
    seeds: str
    db: str
    built_at: str
    errors: tuple[FileError, ...] = ()
    warnings: tuple[FileError, ...] = ()
    version: str = ""
    """This process's index version (see ProcessVersion)."""
    processes: tuple[ProcessVersion, ...] = ()
    """Every process on the shared database (empty on one machine)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "processes": [asdict(p) for p in self.processes],
            "documents": self.documents,
            "paragraphs": self.paragraphs,
            "quotes": self.quotes,
            "facts": self.facts,
            "speakers": self.speakers,
            "seeds": self.seeds,
            "db": self.db,
            "built_at": self.built_at,
            "errors": [asdict(e) for e in self.errors],
            "warnings": [asdict(e) for e in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class ReloadReport:
    changed: bool
    """False when nothing on disk differed and the serving index was kept as it was."""
    applied: bool
    """True when a new index now serves; False when the old one was kept (see errors)."""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    quotes_added: int = 0
    quotes_removed: int = 0
    facts: int = 0
    errors: tuple[FileError, ...] = ()
    stats: Stats | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "applied": self.applied,
            "added": list(self.added),
            "removed": list(self.removed),
            "modified": list(self.modified),
            "quotes_added": self.quotes_added,
            "quotes_removed": self.quotes_removed,
            "facts": self.facts,
            "errors": [asdict(e) for e in self.errors],
            "stats": self.stats.to_dict() if self.stats else None,
        }


@dataclass(frozen=True, slots=True)
class RosterSpeaker:
    """One speaker of one document, as an admin reviews it."""

    name: str
    role: str
    forms: tuple[str, ...]
    """The labels the document writes for this speaker ("MR. PUTIN", "Putin")."""
    turns: int


@dataclass(frozen=True, slots=True)
class DocumentRoster:
    source: str
    title: str
    speakers: tuple[RosterSpeaker, ...]
    refused: tuple[FileError, ...] = ()
    """Label-shaped lines not taken as speakers, to review (a sidecar can overrule each)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "speakers": [{"name": s.name, "role": s.role, "forms": list(s.forms), "turns": s.turns} for s in self.speakers],
            "refused": [asdict(e) for e in self.refused],
        }
