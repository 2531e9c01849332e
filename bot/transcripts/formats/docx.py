"""Word documents (.docx) read with the standard library: a .docx is a zip of XML, and only the
paragraphs' text and whether their first runs are bold (a speaker label) matter here."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .cues import Unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = frozenset(("0", "false", "off", "none"))


def _bold(run: ElementTree.Element) -> bool:
    props = run.find(f"{_W}rPr")
    mark = props.find(f"{_W}b") if props is not None else None
    return mark is not None and mark.get(f"{_W}val", "true").lower() not in _OFF


def _runs(paragraph: ElementTree.Element) -> list[tuple[bool, str]]:
    out = []
    for run in paragraph.iter(f"{_W}r"):
        text = "".join(t.text or "" if t.tag == f"{_W}t" else " " for t in run
                       if t.tag in (f"{_W}t", f"{_W}tab", f"{_W}br"))
        if text:
            out.append((_bold(run), text))
    return out


def _line(runs: list[tuple[bool, str]]) -> str:
    """The paragraph's text; a bold name opening it becomes a label ``Name:``."""
    lead = ""
    i = 0
    while i < len(runs) and runs[i][0]:
        lead += runs[i][1]
        i += 1
    rest = "".join(t for _, t in runs[i:])
    name = lead.strip().rstrip(":").strip()
    if name and rest.strip() and len(name.split()) <= 6 and not name.endswith((".", "?", "!")):
        return f"{name}: {rest.strip()}"
    return lead + rest


def docx_text(path: Path) -> str:
    """The document's paragraphs, one a block, for the text parser."""
    try:
        with zipfile.ZipFile(path) as z:
            root = ElementTree.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise Unreadable(f"cannot read the Word document: {type(exc).__name__}") from None
    lines = [" ".join(_line(_runs(p)).split()) for p in root.iter(f"{_W}p")]
    return "\n\n".join(ln for ln in lines if ln)
