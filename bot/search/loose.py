"""Claims as people write them: "Battulga said trade rose 300 percent", checked against what was said.

A loosely worded claim rarely aligns character by character with its sentence, so the verifier's
alignment calls it not found. When the sentence nearest the claim in meaning states a quantity of
the same kind and unit as the claim, a different value, and shares most of the claim's other
content words, the claim is the sentence with its number changed: ``altered``, saying both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.facts import extract_facts
from ..models import Difference
from ..text.sentences import split_spans
from ..text.terms import STOPWORDS, index_terms
from .ranking import same_word

_REPORTED = re.compile(
    r"^\s*(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:said|says|stated|claimed|told\s+\w+)\s+(?:that\s+)?",
)
SHARED_ENOUGH = 0.4
"""Least share of the claim's other content words (not its numbers) that the sentence holds."""


def reported(claim: str) -> tuple[str, str]:
    """("Battulga", "trade rose ...") for "Battulga said trade rose ..."; ("", claim) when not framed so."""
    m = _REPORTED.match(claim)
    if not m or len(claim) - m.end() < 12:
        return "", claim
    rest = claim[m.end():]
    return m.group("who"), rest[:1].upper() + rest[1:]


@dataclass(frozen=True, slots=True)
class Changed:
    quote_id: str
    similarity: float
    difference: Difference


def _content(text: str) -> set[str]:
    return {w for w in index_terms(text) if w not in STOPWORDS and not any(ch.isdigit() for ch in w)}


def _shared(claim_words: set[str], passage: str) -> float:
    """Share of the claim's words the passage holds, a word matching its other forms ("trains", "Mongolian")."""
    have = _content(passage)
    return sum(any(same_word(w, h) for h in have) for w in claim_words) / len(claim_words) if claim_words else 0.0


def changed_number(claim: str, near: float, nearest: list[tuple[str, str, float, str]]) -> Changed | None:
    """``nearest``: (quote id, quote text, cosine with the claim, the paragraph around it), nearest first;
    ``near``: the least cosine at which the two are about the same thing (it depends on the model).

    The claim's other words are looked for in the paragraph: people merge what was said over two sentences.
    """
    claimed = extract_facts(claim)
    if not claimed:
        return None
    words = _content(claim)
    for quote_id, text, cosine, paragraph in nearest:
        if cosine < near:
            break
        if _shared(words, paragraph) < SHARED_ENOUGH:
            continue
        for a, b in split_spans(text):
            sentence = text[a:b]
            stated = extract_facts(sentence)
            for c in claimed:
                same_kind = [s for s in stated if s.kind == c.kind and s.unit == c.unit]
                if same_kind and all(s.value != c.value for s in same_kind):
                    return Changed(quote_id, cosine, Difference("number", same_kind[0].quantity, c.quantity))
    return None
