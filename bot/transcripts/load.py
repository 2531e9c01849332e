"""Read any transcript file the seeds folder holds into a Document: the one place that picks a reader."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import SeedsError
from .dates import find_date
from .formats.captions import read_captions
from .formats.cues import Cue, Unreadable, seconds
from .formats.detect import binary_kind, text_kind
from .formats.docx import docx_text
from .formats.headings import read_headings
from .formats.html_page import is_podcast_html, page_text, read_podcast_html
from .formats.paged import paged_document
from .formats.pdf import page_lines, read_pdf_pages
from .formats.segments import read_segments
from .formats.speech import paragraphs
from .hints import SpeakerHints, label_key
from .labels import is_timestamp
from .model import Document, Paragraph, RosterSpeaker
from .parser import parse_document
from .reader import RawTranscript, parse_bytes, sidecar_meta


def _title(key: str) -> str:
    return key.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ")


def timed_document(raw: RawTranscript, key: str, cues: list[Cue], title: str = "") -> Document:
    meta = raw.meta
    doc = Document(key=key, title=meta.get("title") or title or _title(key), url=meta.get("url", ""),
                   media=meta.get("media", ""), source_name=meta.get("source", ""), warnings=list(raw.warnings))
    doc.content_hash = hashlib.sha256(raw.text.encode()).hexdigest()  # as the text parser does
    doc.date = meta.get("date", "") or find_date(key)
    spoken = paragraphs(cues, meta.get("speaker", ""))
    doc.paragraphs = [_named(p, raw.hints) for p in spoken]
    doc.roster = _roster(spoken, doc.paragraphs)
    if not doc.paragraphs:
        doc.warnings.append("no speech found in the cues")
    return doc


def _named(p: Paragraph, hints: SpeakerHints) -> Paragraph:
    """A sidecar's ``speakers`` table names diarized labels: ``SPEAKER_00 = "Jane Doe"``."""
    found = hints.labels.get(label_key(p.speaker))
    if not found:
        return p
    name, role = found
    return replace(p, speaker=name, role=role or p.role)


def _roster(spoken: list[Paragraph], named: list[Paragraph]) -> list[RosterSpeaker]:
    """Who speaks in a recording, for ``quotebot speakers``: each name with the labels the file gave it."""
    forms: dict[tuple[str, str], dict[str, None]] = {}
    turns: dict[tuple[str, str], int] = {}
    for before, after in zip(spoken, named, strict=True):
        who = (after.speaker, after.role)
        forms.setdefault(who, {})[before.speaker] = None
        turns[who] = turns.get(who, 0) + 1
    return [RosterSpeaker(name, role, tuple(forms[(name, role)]), n) for (name, role), n in turns.items()]


def _stamped(doc: Document) -> Document:
    """Labels such as ``Speaker 2 (00:14:05):`` give their paragraph's time."""
    out = []
    for p in doc.paragraphs:
        stamp = next((seconds(n) for n in p.notes if is_timestamp(n)), None)
        out.append(replace(p, start=stamp, times=((0, stamp, None),)) if stamp is not None else p)
    doc.paragraphs = out
    return doc


def text_document(raw: RawTranscript, key: str, title: str = "") -> Document:
    headed = read_headings(raw.text)
    if headed:
        return timed_document(raw, key, headed[1], title or headed[0])
    if title and "title" not in raw.meta:
        raw.meta["title"] = title
    doc = _stamped(parse_document(raw, key))
    doc.media = raw.meta.get("media", "")
    return doc


def load_document(path: Path, key: str) -> Document:
    """The file's document; SeedsError when it cannot be read (Unreadable: skip it with a warning)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedsError(f"{key}: cannot read: {exc.strerror or exc}") from None
    meta, hints = sidecar_meta(path)
    kind = binary_kind(key, data)
    if kind == "pdf":
        rows = page_lines(read_pdf_pages(path))
        if not rows:
            raise Unreadable("the PDF has no text to read (a scanned image needs OCR first)")
        doc = paged_document(rows, meta, key, hints)
        doc.media = meta.get("media", "")
        return doc
    if kind == "docx":
        return text_document(parse_bytes(docx_text(path).encode(), key, meta, hints), key)
    if key.lower().endswith((".pdf", ".docx")):
        raise Unreadable(f"not a {key.rsplit('.', 1)[-1].upper()} file")
    raw = parse_bytes(data, key, meta, hints)
    kind = text_kind(key, raw.text)
    if kind == "captions":
        return timed_document(raw, key, read_captions(raw.text))
    if kind == "json":
        return timed_document(raw, key, read_segments(raw.text))
    if kind == "html":
        if is_podcast_html(raw.text):
            return timed_document(raw, key, read_podcast_html(raw.text))
        title, text = page_text(raw.text)
        return text_document(RawTranscript(text, raw.meta, raw.warnings), key, title)
    return text_document(raw, key)

