"""Turn a transcript's text into speaker-attributed, numbered paragraphs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from .blocks import Block, blocks_of
from .dates import find_date
from .labels import INTERLUDES, Label, furniture_word, is_timestamp, is_translation_note, parse_label
from .layout import read_lines
from .model import Document, Paragraph, RosterSpeaker
from .reader import RawTranscript
from .roster import Roster, Speaker, decide, is_legend, key_of

_MD_ESCAPE = re.compile(r"\\([\[\]()*_#.!\-`>])")
# "[00:12] …", and "0:36:10.2 …" (a clock time to the second) opening a paragraph of the same speaker
_LEADING_STAMP = re.compile(r"^(?:[(\[](\d{1,2}:\d{2}(?::\d{2})?)[)\]]\s*|(\d{1,2}:\d{2}:\d{2}(?:\.\d+)?)\s+(?=\S))")
_NOTE_ONLY = re.compile(r"^(?:[(\[][^()\[\]]*[)\]]\s*)+$|^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?(?:\s+[A-Z]{2,4})?$")
_OMISSION = re.compile(r"^[<\[(]?\s*(?:…|\.\.\.)\s*[>\])]?$")
# "... at the plenary session. Photo: Club press service": a caption or a credit, not speech.
_CAPTION = re.compile(r"(?:^|[.!?]\s)(?:Photo(?:graph)?s?|Image|Picture|Credit|Source|Video)(?:\s+by)?\s*:\s*(?:(?![.!?]\s)[^\n]){0,80}$",
                      re.I)
_LINK_ONLY = re.compile(r"^(?:<?https?://\S+>?|\[[^\]]*\]\(https?://[^)\s]*\))$")
# "(Whereupon, at 11:41 a.m., the case was submitted.)": the record ends; a word index may follow.
_RECORD_ENDS = re.compile(r"^\(Whereupon\b.*\b(?:submitted|adjourned|concluded)\b", re.I | re.S)
_HEADING = re.compile(r"^#{1,6}\s|^\* \* \*$|^-{3,}$|^={3,}$")
TRAILER = frozenset(
    """see also|comments|comments :|post a comment|publication status|text version|share|print
    |related|related articles|read more|tags|topics|persons|geography|additional|more news
    |subscribe|follow us|share this|print version|back to top|leave a comment|share this article
    |download|latest news""".replace("\n", "").split("|")
)


def _bare(text: str) -> str:
    return text.casefold().strip(" :.\u00a0")


def _is_heading(text: str) -> bool:
    """Markdown headings, rules, and lines all in capitals ("ORAL ARGUMENT OF ...", "END 2:58 P.M.")."""
    if _HEADING.match(text):
        return True
    if len(text) > 200 or text.upper() != text:
        return False  # a heading is short, and has no small letters
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 2 and len(letters) >= 4 and not any(c.islower() for c in letters)


def _title(doc: Document, blocks: list[Block], key: str, paged: bool) -> None:
    if doc.title:
        return
    if blocks and parse_label(blocks[0].text) is None and not _NOTE_ONLY.match(blocks[0].text) \
            and not _OMISSION.match(blocks[0].text):
        first = blocks.pop(0)
        doc.title = " ".join((first.first if paged else first.text).strip("*# ").split())
    else:
        doc.title = key.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ")


def _content(blocks: list[Block], doc: Document) -> list[tuple[Block, Label | None]]:
    """The blocks that can be speech, each with the label it opens with; furniture taken out."""
    out: list[tuple[Block, Label | None]] = []
    for b in blocks:
        if _bare(b.first) in TRAILER:
            break
        furniture = furniture_word(b.text)
        if furniture:
            if furniture == "attribution":
                doc.attribution = b.text.partition(":")[2].strip()
            if furniture in INTERLUDES:
                out.append((b, None))  # kept as a marker: what follows a break is not the last speaker's
            continue
        if _OMISSION.match(b.text.strip()) or _CAPTION.search(b.text):
            continue
        label = parse_label(b.text)
        if label is not None and _LINK_ONLY.match(label.rest):
            continue  # "Slides: https://…", "Video: <https://…>": a link, not a turn
        out.append((b, label))
        if _RECORD_ENDS.match(b.text):
            break
    return out


def _front(doc: Document, items: list[tuple[Block, Label | None]], names: tuple[str, ...]) -> list[str]:
    """What a document says about its people before anyone speaks: title, headings, preamble, metadata."""
    front = [doc.title, *names]
    for b, label in items:
        if label is not None and not _is_heading(b.text):
            break
        front.append(b.text)
    front += [b.text for b, label in items if label is None and _is_heading(b.text)]
    return front


def parse_document(raw: RawTranscript, key: str) -> Document:
    meta = raw.meta
    lines, paged = read_lines(raw.text, raw.body_line)
    blocks = blocks_of(lines, paged)
    for b in blocks:
        b.text = _MD_ESCAPE.sub(r"\1", b.text)
    doc = Document(key=key, title=" ".join(meta.get("title", "").split()), url=meta.get("url", ""),
                   source_name=meta.get("source", ""), warnings=list(raw.warnings))
    doc.content_hash = hashlib.sha256(raw.text.encode()).hexdigest()
    _title(doc, blocks, key, paged)
    items = _content(blocks, doc)
    labels = [lb for b, lb in items if lb is not None and not _HEADING.match(b.text)]
    speech = [lb.rest if lb else b.text for b, lb in items]
    roster = decide(labels, raw.hints, _front(doc, items, raw.hints.names), speech)
    _Builder(doc, roster, _one_speaker(meta.get("speaker", ""), raw.hints.names, roster)).run(items)
    doc.date = meta.get("date", "") or find_date(" ".join(doc.description.split()[:200])) or find_date(key)
    if not doc.paragraphs:
        doc.warnings.append("no speaker labels found (a label ends in a colon, e.g. 'Jane Doe:'); "
                            "set 'speaker' in front matter for a single-speaker text")
    _report_refused(doc, roster, items)
    return doc


def _one_speaker(given: str, named: tuple[str, ...], roster: Roster) -> str:
    """Who speaks unlabelled text: metadata's ``speaker``, or the one person a talk's front matter names."""
    if not given and len(named) == 1 and all(p.name in (named[0], "Question") for p in roster.people()):
        return named[0]  # labels, if any, are only the Q&A after the talk
    return given


def _report_refused(doc: Document, roster: Roster, items: list[tuple[Block, Label | None]]) -> None:
    firsts: dict[str, Block] = {}
    for b, lb in items:
        if lb is not None:
            firsts.setdefault(key_of(lb), b)
    for k, why in roster.refused.items():
        first = firsts.get(k)
        line = first.line if first else 0
        doc.refused.append((line, f"“{_cut(first.text) if first else k}” is not taken as a speaker ({why})"))
        doc.warnings.append(f"line {line}: {doc.refused[-1][1]}; list it under speakers in NAME.meta.toml if it is one")


def _cut(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class _Builder:
    """Walks the blocks once the roster is known, and numbers the paragraphs."""

    def __init__(self, doc: Document, roster: Roster, one_speaker: str) -> None:
        self.doc = doc
        self.roster = roster
        same = [p for p in roster.people() if p.name == one_speaker]
        self.current: Speaker | None = (same[0] if same else Speaker(one_speaker, "")) if one_speaker else None
        self.one = self.current
        self.preamble: list[str] = []

    def run(self, items: list[tuple[Block, Label | None]]) -> None:
        for b, label in items:
            self._block(b, label)
        self.doc.description = " ".join(self.preamble)[:500]
        people = list({id(p): p for p in self.roster.people() + ([self.one] if self.one else [])}.values())
        turns = {id(p): p.turns for p in people}
        if self.one and any(p.speaker == self.one.name for p in self.doc.paragraphs):
            turns[id(self.one)] += 1  # the unlabelled text it opens with is a turn of its own
        self.doc.roster = [RosterSpeaker(p.name, p.role, tuple(p.forms), turns[id(p)]) for p in people if turns[id(p)] or p is self.one]

    def _block(self, b: Block, label: Label | None) -> None:
        if furniture_word(b.text) in INTERLUDES:
            self.current = None
            return
        text = b.text
        notes: tuple[str, ...] = ()
        key = key_of(label) if label else ""
        if label is not None and key in self.roster.legends and not self.doc.paragraphs and is_legend(label):
            return
        if label is not None and key in self.roster.speakers and not _HEADING.match(b.text):
            speaker = self.roster.speakers[key]
            speaker.turns += 1
            speaker.translated = speaker.translated or label.translated
            self.current = speaker
            notes = tuple(n for n in label.notes if not is_translation_note(n))
            text = label.rest
            if not text:
                return
        elif _is_heading(text):
            return
        stamp = _LEADING_STAMP.match(text)
        if stamp:
            notes += (stamp.group(1) or stamp.group(2),)
            text = text[stamp.end():]
        if _NOTE_ONLY.match(text.strip()):
            self._note(text.strip())
            return
        if self.current is None:
            self.preamble.append(text)
            return
        sp = self.current
        self.doc.paragraphs.append(Paragraph(
            n=len(self.doc.paragraphs) + 1, speaker=sp.name, role=sp.role, retranslated=sp.translated, text=text,
            line=b.line, notes=tuple(sorted(notes, key=is_timestamp)),  # notes first, then clock times
            page=b.page, lines=((0, b.page, b.page_line),) if b.page is not None and b.page_line is not None else ()))

    def _note(self, text: str) -> None:
        """"(Pause.)", "(Laughter.)": a note on the paragraph before; a clock time belongs to what follows."""
        inner = text.strip("()[] ")
        if not self.doc.paragraphs or is_timestamp(inner) or not any(c.isalpha() for c in inner):
            return
        last = self.doc.paragraphs[-1]
        self.doc.paragraphs[-1] = replace(last, notes=(*last.notes, inner))
