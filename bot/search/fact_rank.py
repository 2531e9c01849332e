"""Rank the facts a topic finds: by their sentence, by what the sentences before it say, one answer per quantity.

A fact is often stated in a sentence that does not name its topic: "It has been extended for
another five years" follows the sentence naming the treaty. So a sentence also carries part of
the score of the sentences just before it in the same paragraph (bot/search/context.py).

A sentence stating several quantities would fill the answer with one excerpt; each further fact
of a sentence is worth ``REPEAT`` of the one before, and a quantity stated twice in one sentence
("top five ... number five") counts once. Of a sentence's facts that score alike, the one the index
states least often comes first: "for the first time" is said everywhere, "US$100 billion" is news.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.reader import QuoteRow
from ..text.terms import index_terms
from .ranking import same_word

REPEAT = 0.85
"""Worth of a sentence's second fact relative to its first, third relative to its second, and so on."""


@dataclass(frozen=True, slots=True)
class Scored:
    row: QuoteRow
    fact: tuple
    """(kind, value, unit, quantity, subject) as the facts index holds it."""
    own: float
    """The sentence's own score (words and meaning)."""
    bonus: float
    """What the fact's kind or value earns against the query's shape."""
    commonness: int = 0
    """How many facts of the index state this kind and value: of a sentence's equal facts the rarer comes first."""


def counts(fact: tuple, counted: tuple[str, ...]) -> bool:
    """Whether ``fact`` is a count of what a "how many" question names (its unit is the counted noun)."""
    if fact[0] != "count" or not counted or not fact[2]:
        return False
    return any(same_word(u, c) for u in index_terms(str(fact[2])) for c in counted)


def rank(scored: list[Scored], carried: dict[str, float]) -> list[tuple[Scored, float]]:
    """Best first: own score plus context plus bonus, each sentence's further facts worth less, no repeats."""
    total = [(s, s.own + carried.get(s.row.id, 0.0) + s.bonus) for s in scored]
    total.sort(key=lambda x: (-x[1], x[0].commonness))
    seen: set[tuple[str, str, float]] = set()
    nth: dict[str, int] = {}
    out = []
    for s, score in total:
        key = (s.row.id, s.fact[0], float(s.fact[1]))
        if key in seen:
            continue
        seen.add(key)
        k = nth.get(s.row.id, 0)
        nth[s.row.id] = k + 1
        out.append((s, score * REPEAT**k))
    out.sort(key=lambda x: -x[1])
    return out
