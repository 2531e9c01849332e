"""What metadata says about a document's speakers: front matter ``speakers``, a sidecar's corrections.

Front matter (``speakers: [Michael Folkson, NVK]``) lists the people who speak; a sidecar
``NAME.meta.toml`` may also map labels to people (``[speakers] MF = "Michael Folkson"`` or
``MF = {name = "Michael Folkson", role = "Host"}``), list ``not_speakers`` (labels that are text),
and give ``speaker`` for a one-speaker text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import SeedsError


def label_key(written: str) -> str:
    """How labels are compared: "MR. LONG", "Mr Long" and "mr. long" are one label."""
    return " ".join(written.replace(".", " ").split()).casefold()


@dataclass(frozen=True, slots=True)
class SpeakerHints:
    names: tuple[str, ...] = ()
    """People the metadata says speak in the document, as it spells them."""
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    """casefolded label -> (full name, role), from a sidecar: the admin's word wins."""
    not_speakers: frozenset[str] = frozenset()
    """casefolded labels that stay text."""

    def merged(self, other: SpeakerHints) -> SpeakerHints:
        """``other`` (the sidecar) on top of these (the front matter)."""
        names = tuple(dict.fromkeys(other.names + self.names))
        return SpeakerHints(names, self.labels | other.labels, self.not_speakers | other.not_speakers)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        raise SeedsError(f"{where} must be a name (text)")
    return " ".join(str(value).split())


def _entry(label: str, value: Any, where: str) -> tuple[str, str]:
    if isinstance(value, dict):
        unknown = set(value) - {"name", "role"}
        if unknown:
            raise SeedsError(f"{where}.{label}: unknown key {sorted(unknown)[0]!r} (use name and role)")
        name = _text(value.get("name", label), f"{where}.{label}.name")
        role = _text(value["role"], f"{where}.{label}.role") if value.get("role") else ""
        return name, role
    return _text(value, f"{where}.{label}"), ""


def hints_from(data: dict[str, Any], where: str) -> SpeakerHints:
    """Read ``speakers`` and ``not_speakers`` from parsed metadata; raises SeedsError on a wrong shape."""
    names: list[str] = []
    labels: dict[str, tuple[str, str]] = {}
    raw = data.get("speakers")
    if isinstance(raw, str):
        raw = [p for p in raw.split(",") if p.strip()]
    if isinstance(raw, list):
        names = [_text(v, f"{where}: speakers") for v in raw]
    elif isinstance(raw, dict):
        for label, value in raw.items():
            name, role = _entry(str(label), value, f"{where}: speakers")
            labels[label_key(str(label))] = (name, role)
            names.append(name)
    elif raw is not None:
        raise SeedsError(f"{where}: speakers must be a list of names or a table of label = name")
    refused = data.get("not_speakers", [])
    if isinstance(refused, str):
        refused = [refused]
    if not isinstance(refused, list):
        raise SeedsError(f"{where}: not_speakers must be a list of labels")
    off = frozenset(label_key(_text(v, f"{where}: not_speakers")) for v in refused)
    return SpeakerHints(tuple(dict.fromkeys(names)), labels, off)
