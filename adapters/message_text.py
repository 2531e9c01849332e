"""A chat message as plain words to check: markup gone, links reduced to their label, nothing live kept.

Discord and Slack each turn their own markup into plain text first (mentions, masked links); what
is left here is what both share: a block quote (``> ``, ``>>> ``) is a quotation, so it becomes
one in quotation marks, and bare links are made inert because an answer echoes the claim back.
"""

from __future__ import annotations

import re

_URL = re.compile(r"\b(?:https?|ftp)://\S+", re.I)
_BLOCK_QUOTE = re.compile(r"^[ \t]*>(>>)?[ \t]?")
_MARKS = re.compile(r"[\"“”„«»]")


def _quoted(block: list[str]) -> list[str]:
    """Quoted lines as one quotation; left as they are when they already hold quotation marks."""
    words = " ".join(line.strip() for line in block).strip()
    if not words:
        return []
    return block if _MARKS.search(words) else [f"“{words}”"]


def quote_blocks(text: str) -> str:
    """``> words`` lines (and everything after ``>>>``) as “words”; other lines unchanged."""
    out: list[str] = []
    block: list[str] = []
    to_the_end = False
    for line in text.split("\n"):
        marker = _BLOCK_QUOTE.match(line)
        if marker or to_the_end:
            to_the_end = to_the_end or bool(marker and marker.group(1))
            block.append(line[marker.end():] if marker else line)
            continue
        out += _quoted(block) + [line]
        block = []
    return "\n".join(out + _quoted(block))


def plain_words(text: str) -> str:
    """The words as a reader sees them: block quotes as quotations, links made inert."""
    return inert_links(quote_blocks(text))


def inert_links(text: str) -> str:
    """Replace every bare URL with "[link]": a claim's words are what is checked, and an echoed URL would be live."""
    return _URL.sub("[link]", text)
