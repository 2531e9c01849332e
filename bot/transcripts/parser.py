"""Turn a transcript's text into speaker-attributed, numbered paragraphs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .dates import find_date
from .labels import (
    GENERIC,
    INTERLUDES,
    ROLE_WORDS,
    Label,
    furniture_word,
    is_timestamp,
    is_translation_note,
    parse_label,
)
from .model import Document, Paragraph
from .reader import RawTranscript

_MD_ESCAPE = re.compile(r"\\([\[\]()*_#.!\-`>])")
_LEADING_STAMP = re.compile(r"^[(\[](\d{1,2}:\d{2}(?::\d{2})?)[)\]]\s*")
_NOTE_ONLY = re.compile(r"^(?:[(\[][^()\[\]]*[)\]]\s*)+$|^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?(?:\s+[A-Z]{2,4})?$")
_OMISSION = re.compile(r"^[<\[(]?\s*(?:…|\.\.\.)\s*[>\])]?$")
_SPACES = re.compile(r"[ \t]+")
TRAILER = frozenset(
    """see also|comments|comments :|post a comment|publication status|text version|share|print
    |related|related articles|read more|tags|topics|persons|geography|additional|more news
    |subscribe|follow us|share this|print version|back to top|leave a comment|share this article
    |download|latest news""".replace("\n", "").split("|")
)


@dataclass(slots=True)
class _Speaker:
    name: str
    role: str
    tokens: frozenset[str] = field(default_factory=frozenset)


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(w for w in name.casefold().replace(".", "").split() if w not in ROLE_WORDS)


class _Speakers:
    """The document's speakers; a later short label resolves to the earlier full name."""

    def __init__(self) -> None:
        self.all: list[_Speaker] = []

    def resolve(self, label: Label) -> _Speaker:
        tokens = _name_tokens(label.name)
        key = label.name.casefold()
        for sp in self.all:
            if sp.name.casefold() == key:
                return sp
        if tokens and key not in GENERIC:
            wider = [sp for sp in self.all if tokens < sp.tokens]
            if len(wider) == 1:
                return wider[0]
            narrower = [sp for sp in self.all if sp.tokens and sp.tokens < tokens]
            if len(narrower) == 1:  # "PRESIDENT XI" first, "President Xi Jinping" later
                sp = narrower[0]
                sp.name, sp.tokens = label.name, tokens
                sp.role = label.role or sp.role
                return sp
        sp = _Speaker(label.name, label.role, tokens)
        self.all.append(sp)
        return sp


def _blocks(text: str, first_line: int) -> list[tuple[int, str, str]]:
    """Paragraph texts with their starting line. Hard-wrapped lines are joined."""
    lines = text.split("\n")
    has_blank = any(not ln.strip() for ln in lines[1:-1])
    blocks: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            if blocks and blocks[-1][1]:
                blocks.append((0, []))
            continue
        starts_turn = parse_label(line.strip()) is not None
        if not blocks or not blocks[-1][1] or not has_blank or starts_turn:
            if blocks and not blocks[-1][1]:
                blocks.pop()
            blocks.append((first_line + i, []))
        blocks[-1][1].append(line.strip())
    return [(n, ls[0], _SPACES.sub(" ", " ".join(ls))) for n, ls in blocks if ls]


def _bare(text: str) -> str:
    return text.casefold().strip(" :.\u00a0")


def parse_document(raw: RawTranscript, key: str) -> Document:
    meta = raw.meta
    blocks = [(n, first, _MD_ESCAPE.sub(r"\1", t)) for n, first, t in _blocks(raw.text, raw.body_line)]
    doc = Document(key=key, title=meta.get("title", ""), url=meta.get("url", ""),
                   source_name=meta.get("source", ""), warnings=list(raw.warnings))
    doc.content_hash = hashlib.sha256(raw.text.encode()).hexdigest()
    if not doc.title:
        if blocks and parse_label(blocks[0][2]) is None:
            doc.title = blocks.pop(0)[2].strip("*# ")
        else:
            doc.title = key.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ")
    speakers = _Speakers()
    current: tuple[_Speaker, bool] | None = None
    if meta.get("speaker"):
        current = (speakers.resolve(Label(meta["speaker"], "", (), "")), False)
    pending: list[tuple[int, _Speaker, bool, str, tuple[str, ...]]] = []
    preamble: list[str] = []
    translated: set[int] = set()
    for line, first, text in blocks:
        if _bare(first) in TRAILER:
            break
        furniture = furniture_word(text)
        if furniture:
            if furniture == "attribution":
                doc.attribution = text.partition(":")[2].strip()
            if furniture in INTERLUDES:
                current = None  # what follows a break is not the last speaker's words
            continue
        if _OMISSION.match(text.strip()):
            continue
        label = parse_label(text)
        notes: tuple[str, ...] = ()
        if label:
            speaker = speakers.resolve(label)
            # Transcripts mark interpretation once; a later short label is the same interpreted voice.
            if label.translated:
                translated.add(id(speaker))
            current = (speaker, id(speaker) in translated)
            notes = tuple(n for n in label.notes if not is_translation_note(n))
            text = label.rest
            if not text:
                continue
        stamp = _LEADING_STAMP.match(text)
        if stamp:
            notes += (stamp.group(1),)
            text = text[stamp.end():]
        if _NOTE_ONLY.match(text.strip()):
            continue
        if current is None:
            preamble.append(text)
            continue
        pending.append((line, current[0], current[1], text, notes))
    doc.description = " ".join(preamble)[:500]
    doc.date = meta.get("date", "") or find_date(" ".join(preamble[:6])) or find_date(key)
    doc.paragraphs = [
        Paragraph(n=i, speaker=sp.name, role=sp.role, retranslated=tr, text=text, line=line,
                  notes=tuple(n for n in notes if not is_timestamp(n)) + tuple(n for n in notes if is_timestamp(n)))
        for i, (line, sp, tr, text, notes) in enumerate(pending, start=1)
    ]
    if not doc.paragraphs:
        doc.warnings.append("no speaker labels found (a label ends in a colon, e.g. 'Jane Doe:'); "
                            "set 'speaker' in front matter for a single-speaker text")
    return doc
