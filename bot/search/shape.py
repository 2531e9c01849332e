"""What a query's shape says beyond its words: the quantity it asks for or states, and how to rank it.

"how much" asks for money or a percentage, "how many" for a count, "when" for a date or year,
"how long" for a duration; "200 billion dollars", "$200bn" and "two hundred billion dollars"
all state the value 2e11, which the facts index holds for every sentence that states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.facts import extract_facts
from ..speakers import SpeakerDirectory
from ..text.fold import fold
from ..text.terms import STOPWORDS, index_terms
from .query import ParsedQuery

_ASKS = (
    (re.compile(r"\bhow\s+long\b", re.I), ("duration",)),
    (re.compile(r"\bhow\s+many\b", re.I), ("count",)),
    (re.compile(r"\bhow\s+much\b", re.I), ("money", "percent", "count")),
    (re.compile(r"\b(?:what|which)\s+(?:year|decade)\b|\bin\s+what\s+year\b", re.I), ("year",)),
    (re.compile(r"^\s*(?:when|since\s+when|by\s+when)\b|\bwhat\s+(?:date|month|day)\b", re.I), ("date", "year")),
    (re.compile(r"\bwhat\s+(?:share|percentage|proportion)\b|\bhow\s+big\s+a\s+share\b", re.I), ("percent",)),
)
_QUESTION = re.compile(r"^\s*(?:why|how|what|who|when|where|which|whom|whose)(?=\s|$)|\?\s*$", re.I)
_COUNTED = re.compile(r"\bhow\s+many\s+((?:[\w'-]+\s*){1,3})", re.I)
PARAPHRASE_WORDS = 5
"""A query of this many content words is a sentence in other words, not a list of keywords."""


@dataclass(frozen=True, slots=True)
class Shape:
    asks: tuple[str, ...]
    """Fact kinds the question asks for ("how many" -> count)."""
    values: tuple[float, ...]
    """Quantities the query states, normalised as the facts index holds them."""
    long: bool
    """Many content words: a paraphrase or a whole sentence, where meaning counts more than words."""
    counted: tuple[str, ...] = ()
    """The words right after "how many" ("how many opinions were shared" -> opinions): what the count counts."""
    question: bool = False
    """Asked as a question (a question word first, or a question mark last): its answer may not repeat its words."""


def shape_of(q: ParsedQuery) -> Shape:
    asks: tuple[str, ...] = ()
    for pattern, kinds in _ASKS:
        if pattern.search(q.text):
            asks = kinds
            break
    # In a question ("how many were shared in 2023?") a year sets the scene; the answer need not repeat it.
    values = tuple(dict.fromkeys(f.value for f in extract_facts(q.text)
                                 if f.kind != "date" and not (asks and f.kind == "year")))
    return Shape(asks, values, len(q.terms) >= PARAPHRASE_WORDS, _counted(q.text), bool(_QUESTION.search(q.text)))


def _counted(text: str) -> tuple[str, ...]:
    """The content words of the noun phrase after "how many", up to its first function word."""
    m = _COUNTED.search(text)
    if not m:
        return ()
    out: list[str] = []
    for word in m.group(1).split():
        terms = index_terms(word)
        if not terms or terms[0] in STOPWORDS or terms[0].isdigit():
            break
        out.extend(terms)
    return tuple(out)


def meaning_text(text: str, speakers: SpeakerDirectory) -> str:
    """The query as the sentence model should read it: without the names of the speakers it mentions.

    A quote seldom names its own speaker, so "what did Natalie say about kitchens" is nearer
    Natalie's sentence as "what did say about kitchens"; the speaker is ranked separately.
    """
    named = {w for s in speakers.mentioned(index_terms(text)) for w in fold(s).split()}
    if not named:
        return text
    kept = [w for w in text.split() if fold(w).strip(".,?!:;'\"").removesuffix("'s") not in named]
    return " ".join(kept) or text
