"""Which reader a file needs, by its content first and its extension second."""

from __future__ import annotations

import re

EXTENSIONS = (".txt", ".md", ".vtt", ".srt", ".json", ".html", ".htm", ".pdf", ".docx")
_TIMING = re.compile(r"^\s*[\d:.,]+\s*-->\s*[\d:.,]+", re.M)
_HTML = re.compile(r"<(?:!doctype html|html|body|p|div|cite|article|section)\b", re.I)


def binary_kind(name: str, data: bytes) -> str:
    """"pdf" or "docx" for those containers, "" for anything else (read as text)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and (b"word/" in data[:65536] or name.lower().endswith(".docx")):
        return "docx"
    return ""


def text_kind(name: str, text: str) -> str:
    """"captions", "json", "html" or "text" for a decoded file."""
    head = text[:4096].lstrip("\ufeff \t\n")
    if head.startswith("WEBVTT") or _TIMING.search("\n".join(head.splitlines()[:12])):
        return "captions"
    lower = name.lower()
    if head[:1] in "[{" and (lower.endswith(".json") or head.startswith(('{"', "[{"))):
        return "json"
    if lower.endswith((".html", ".htm")) or (_HTML.search(head[:1024]) and not lower.endswith((".txt", ".md"))):
        return "html"
    return "text"
