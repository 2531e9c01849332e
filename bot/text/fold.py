"""Folding for matching only: stored text keeps its original characters."""

from __future__ import annotations

import re
import unicodedata

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u2026": "...",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    }
)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold_chars(text: str) -> str:
    """NFKC, straight quotes, plain hyphens, casefolded; spacing as it was (enough for finding words)."""
    if text.isascii():  # the common case needs neither NFKC nor the character map
        return text.replace("`", "'").lower()
    return unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).casefold()


def fold(text: str) -> str:
    """NFKC, straight quotes, plain hyphens, single spaces, casefolded."""
    return _SPACE.sub(" ", fold_chars(text)).strip()


def strip_control(text: str) -> str:
    """Drop control characters (keeps tabs and newlines)."""
    return _CONTROL.sub("", text)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
