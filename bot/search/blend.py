"""Blend the words ranking with the meaning ranking, so a quote found by only one list can still win.

Each candidate (the words list's best and the nearest quotes in meaning over the whole index)
scores a weighted sum: its BM25 re-rank score relative to the best one, times the share of
the query's ideas it covers, and its cosine with the query. A long query (a paraphrase) leans
on meaning; a short one on words. Sentences stating a quantity the query states or asks for
rise above the rest; a speaker the query names rises above words about them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.reader import QuoteRow

WORDS_WEIGHT = 0.45
WORDS_WEIGHT_LONG = 0.15
STATES_VALUE = 0.25
ASKED_KIND = 0.06
COUNTS_ASKED = 0.2
"""A count of the very thing a "how many" question names ("how many opinions" -> "62 opinions")."""
UNIT_NAMED = 0.05
"""A fact whose quantity the query names ("china percent" -> "31 percent", not the sentence's "US$123 billion")."""
NAMED_SPEAKER = 0.06


@dataclass(frozen=True, slots=True)
class Candidate:
    row: QuoteRow
    words: float
    """Re-rank score from the words list (0 when only the meaning list found it)."""
    share: float
    """Share of the query's ideas the quote's words cover."""
    hits: tuple[str, ...]


def weigh(words: float, cosine: float | None, *, long: bool) -> float:
    """``words``: the words score relative to the best, times the share of ideas covered; ``cosine``: None when off."""
    if cosine is None:
        return words
    a = WORDS_WEIGHT_LONG if long else WORDS_WEIGHT
    return a * words + (1 - a) * cosine


def blend(candidates: list[Candidate], cosine: dict[str, float], *, long: bool, stating: set[str],
          asked: set[str], named: frozenset[str], meaning: bool = True) -> list[tuple[QuoteRow, float, tuple[str, ...]]]:
    """``stating``: ids of quotes that state a value the query states; ``asked``: that state a kind it asks for."""
    top = max((c.words for c in candidates), default=0.0) or 1.0
    scored = []
    for c in candidates:
        bonus = STATES_VALUE * (c.row.id in stating) + ASKED_KIND * (c.row.id in asked) + NAMED_SPEAKER * (c.row.speaker in named)
        score = weigh(c.words / top * c.share, cosine.get(c.row.id) if meaning else None, long=long) + bonus
        scored.append((c.row, round(score * 10, 4), c.hits))
    scored.sort(key=lambda x: -x[1])
    return scored
