"""Cut paragraphs into quotes: one to three whole sentences that read well alone."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from ..text.fold import fold
from ..text.sentences import split_spans

MIN_WORDS = 6
MAX_WORDS = 50
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
"""RFC 4648's alphabet, lower-cased, as ids have always been written."""
_BASE32_PAIRS = tuple(a + b for a in _BASE32 for b in _BASE32)
"""Two characters for each 10 bits."""
_BRACKET = re.compile(r"[(\[]")
_BACK_REFERENCE = re.compile(r"^(?:and|but|so|or|this|that|these|those|it|they|he|she|also|yes|no|well)\b", re.I)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    id: str
    start: int
    end: int
    text: str
    quotable: float
    sentences: tuple[tuple[int, int], ...]
    """Each sentence's (start, end) within the paragraph."""


def quote_id(doc_key: str, folded: str, occurrence: int) -> str:
    """Stable id from the document and the quote's own folded text (and which repeat of it this is)."""
    digest = hashlib.sha256(f"{doc_key}\x00{folded}\x00{occurrence}".encode()).digest()
    bits = int.from_bytes(digest[:8], "big") >> 4  # the first 60 bits: twelve base32 characters
    return "".join([_BASE32_PAIRS[(bits >> shift) & 1023] for shift in (50, 40, 30, 20, 10, 0)])


def quotability(text: str) -> float:
    """0..1: how well the words stand alone as a quote of the day."""
    words = len(text.split())
    score = 1.0
    if words < 8:
        score -= 0.5
    elif words > 40:
        score -= 0.3
    if _BACK_REFERENCE.match(text):
        score -= 0.3
    if text.rstrip().endswith(("?", ",", ":", "…", "...")):
        score -= 0.3
    if _BRACKET.search(text):
        score -= 0.1
    if text.lower().startswith(("thank you", "thanks")):
        score -= 0.4
    return max(0.0, round(score, 2))


def _words(text: str) -> int:
    return len(text.split())


def segment(text: str) -> list[list[tuple[int, int]]]:
    """Group sentence spans: short sentences join a neighbour; at most three per quote."""
    groups: list[list[tuple[int, int]]] = []
    last_n = 0
    for start, end in split_spans(text):
        n = _words(text[start:end])
        if groups:
            last = groups[-1]
            if (last_n < MIN_WORDS or n < MIN_WORDS) and len(last) < 3 and last_n + n <= MAX_WORDS:
                last.append((start, end))
                last_n = _words(text[last[0][0] : end])
                continue
        groups.append([(start, end)])
        last_n = n
    return groups


def quotes_of(doc_key: str, paragraph: str, seen: Counter[str]) -> list[QuoteSpan]:
    """The quotes of one paragraph. ``seen`` counts texts already used in this document."""
    out = []
    for group in segment(paragraph):
        start, end = group[0][0], group[-1][1]
        text = paragraph[start:end]
        key = fold(text)
        occurrence = seen[key]
        seen[key] += 1
        out.append(QuoteSpan(quote_id(doc_key, key, occurrence), start, end, text, quotability(text), tuple(group)))
    return out
