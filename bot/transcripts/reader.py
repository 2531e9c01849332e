"""Read a transcript file: encoding, line endings, front matter and sidecar metadata."""

from __future__ import annotations

import json
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SeedsError

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


def _parse_front_matter(kind: str, body: str) -> dict[str, str]:
    if kind == "+++":
        try:
            data = tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            raise SeedsError(f"front matter is not valid TOML: {exc}") from None
        return {k: str(v) for k, v in data.items() if k in META_KEYS}
    meta = {}
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in META_KEYS:
            meta[key] = value.strip().strip("'\"")
    return meta


def sidecar_meta(path: Path) -> dict[str, str]:
    """``NAME.meta.toml`` or ``NAME.meta.json`` beside the transcript, if present."""
    for suffix, load in ((".meta.toml", tomllib.loads), (".meta.json", json.loads)):
        side = path.with_name(path.stem + suffix)
        if side.is_file():
            try:
                data = load(side.read_text(encoding="utf-8-sig"))
            except (ValueError, OSError) as exc:
                raise SeedsError(f"{side.name}: cannot read metadata: {exc}") from None
            if not isinstance(data, dict):
                raise SeedsError(f"{side.name}: metadata must be a table of keys")
            return {k: str(v) for k, v in data.items() if k in META_KEYS}
    return {}


def read_transcript(path: Path, name: str) -> RawTranscript:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedsError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, name, sidecar_meta(path))


def parse_bytes(data: bytes, name: str, meta: dict[str, str] | None = None) -> RawTranscript:
    text, warnings = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedsError(f"{name}: the file is empty")
    meta = dict(meta or {})
    body_line = 1
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _parse_front_matter(match.group(1), match.group(2)) | meta
        body_line += match.group(0).count("\n")
        text = text[match.end() :]
    return RawTranscript(text=text, meta=meta, warnings=warnings, body_line=body_line)
