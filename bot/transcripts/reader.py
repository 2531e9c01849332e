"""Read a transcript file: encoding, line endings, front matter and sidecar metadata."""

from __future__ import annotations

import json
import logging
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import SeedsError
from .hints import SpeakerHints, hints_from
from .scan import SIDECARS

_log = logging.getLogger(__name__)

META_KEYS = ("title", "date", "url", "media", "source", "speaker")
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)


@dataclass(slots=True)
class RawTranscript:
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    body_line: int = 1
    """Line number in the file where ``text`` begins (after any front matter)."""
    hints: SpeakerHints = field(default_factory=SpeakerHints)


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        warnings: list[str] = []
        return _without_nul(data.decode("utf-16"), name, warnings), warnings
    if b"\x00" in data[:8192]:
        raise SeedsError(f"{name}: looks like a binary file, not a transcript")
    try:
        text, warnings = data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        warning = f"not valid UTF-8 (byte {exc.start}); read as cp1252"
        _log.warning("%s: %s", name, warning)
        text, warnings = data.decode("cp1252", errors="replace"), [warning]
    return _without_nul(text, name, warnings), warnings


def _without_nul(text: str, name: str, warnings: list[str]) -> str:
    """NUL bytes past the first 8 KB (a file padded or damaged late) are dropped, never stored in a quote."""
    if "\x00" not in text:
        return text
    warning = f"{text.count(chr(0))} NUL characters removed"
    _log.warning("%s: %s", name, warning)
    warnings.append(warning)
    return text.replace("\x00", "")


def _strings(data: dict) -> dict[str, str]:
    """The metadata keys we use, as text; a list or table there (or a YAML alias bomb) is not a title."""
    return {k: " ".join(str(v).split()) for k, v in data.items()
            if k in META_KEYS and isinstance(v, str | int | float | date) and not isinstance(v, bool)}


def _simple_front_matter(body: str) -> dict[str, str]:
    """``key: value`` lines, for front matter that is not quite YAML."""
    meta = {}
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in META_KEYS:
            meta[key] = value.strip().strip("'\"")
    return meta


def _parse_front_matter(kind: str, body: str) -> tuple[dict[str, str], SpeakerHints]:
    if kind == "+++":
        try:
            data = tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            raise SeedsError(f"front matter is not valid TOML: {exc}") from None
        return _strings(data), hints_from(data, "front matter")
    try:
        loaded: Any = yaml.safe_load(body)
    except yaml.YAMLError:
        loaded = None
    if not isinstance(loaded, dict):  # loose "key: value" lines still give a title and a date
        return _simple_front_matter(body), SpeakerHints()
    fields = {str(k).lower(): v for k, v in loaded.items()}
    try:
        hints = hints_from(fields, "front matter")
    except SeedsError:
        hints = SpeakerHints()  # a publisher's own 'speakers' field of another shape: not ours to judge
    return _strings(fields), hints


def sidecar_meta(path: Path) -> tuple[dict[str, str], SpeakerHints]:
    """``NAME.meta.toml`` or ``NAME.meta.json`` beside the transcript, if present."""
    side = sidecar_path(path)
    if side is None:
        return {}, SpeakerHints()
    load = tomllib.loads if side.name.endswith(".toml") else json.loads
    try:
        data = load(side.read_text(encoding="utf-8-sig"))
    except (ValueError, OSError) as exc:
        raise SeedsError(f"{side.name}: cannot read metadata: {exc}") from None
    if not isinstance(data, dict):
        raise SeedsError(f"{side.name}: metadata must be a table of keys")
    return _strings(data), hints_from(data, side.name)


def sidecar_path(path: Path) -> Path | None:
    for suffix in SIDECARS:
        side = path.with_name(path.stem + suffix)
        if side.is_file():
            return side
    return None



def parse_bytes(data: bytes, name: str, meta: dict[str, str] | None = None,
                hints: SpeakerHints | None = None) -> RawTranscript:
    text, warnings = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedsError(f"{name}: the file is empty")
    meta = dict(meta or {})
    hints = hints or SpeakerHints()
    body_line = 1
    match = _FRONT_MATTER.match(text)
    if match:
        front, front_hints = _parse_front_matter(match.group(1), match.group(2))
        meta = front | meta
        hints = front_hints.merged(hints)
        body_line += match.group(0).count("\n")
        text = text[match.end() :]
    return RawTranscript(text=text, meta=meta, warnings=warnings, body_line=body_line, hints=hints)
