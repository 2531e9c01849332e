"""Re-rank FTS5's BM25 candidates: reward covering every asked-for idea, prefer quotable text."""

from __future__ import annotations

import re
from functools import lru_cache

from ..store.reader import QuoteRow
from ..text.terms import index_terms, words
from .query import ParsedQuery, synonyms

_QUANTITY = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b", re.I)
_COUNTING_QUESTION = re.compile(r"^\s*(?:how (?:many|much|long|often)|when|what year|in what year)\b", re.I)


@lru_cache(maxsize=1 << 16)
def same_word(word: str, term: str) -> bool:
    """One word in another form: the same first letters, all but the last two ("trains" ~ "train");
    a back-off prefix ("mongolia*") matches every word it starts."""
    if term.endswith("*"):
        return word.startswith(term[:-1])
    if word == term:
        return True
    k = max(4, min(len(term), len(word)) - 2)
    return len(term) >= 4 and word[:k] == term[:k]


def concepts(q: ParsedQuery, extras: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each asked-for idea with its interchangeable forms."""
    out = [(t, *synonyms().get(t, ()), *extras.get(t, ())) for t in q.terms]
    out += [tuple([" ".join(p)]) for p in q.phrases]
    return out


def matched_terms(text: str, groups: list[tuple[str, ...]]) -> tuple[tuple[str, ...], float]:
    """Words of ``text`` that match the query (as written, for bold) and the share of ideas covered."""
    hit_words, covered = _match(text, tuple(groups))
    return hit_words, len(covered) / len(groups) if groups else 0.0


def ideas_covered(text: str, groups: list[tuple[str, ...]]) -> frozenset[int]:
    """Which of the query's ideas (indexes into ``groups``) ``text`` states in some form."""
    return _match(text, tuple(groups))[1]


@lru_cache(maxsize=4096)
def _match(text: str, groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], frozenset[int]]:
    """Memoised: a search reads each sentence against the same ideas several times (re-rank, blend, context)."""
    original = words(text)
    normal = index_terms(text)
    unique = set(normal)
    hit_words: list[str] = []
    covered: set[int] = set()
    for idea, group in enumerate(groups):
        found = False
        for form in group:
            parts = form.split()
            if len(parts) == 1:
                hits = {w for w in unique if same_word(w, form)}
                if hits:
                    found = True
                    hit_words.extend(o for o, n in zip(original, normal, strict=True) if n in hits)
                continue
            for i in range(len(normal) - len(parts) + 1):
                if all(same_word(normal[i + k], f) for k, f in enumerate(parts)):
                    hit_words.extend(original[i : i + len(parts)])
                    found = True
        if found:
            covered.add(idea)
    return tuple(dict.fromkeys(hit_words)), frozenset(covered)


def rerank(rows: list[QuoteRow], q: ParsedQuery, extras: dict[str, tuple[str, ...]],
           named: frozenset[str] = frozenset()) -> list[tuple[QuoteRow, float, tuple[str, ...]]]:
    """``named``: speakers the query mentions by name; their own words rank above words about them."""
    groups = concepts(q, extras)
    counting = bool(_COUNTING_QUESTION.match(q.text))
    scored = []
    for row in rows:
        hits, share = matched_terms(row.text, groups)
        score = -row.rank * (0.4 + 0.6 * share) * (0.85 + 0.15 * row.quotable)
        if counting and _QUANTITY.search(row.text):
            score *= 1.3
        if row.speaker in named:
            score *= 1.5
        scored.append((row, score, hits))
    scored.sort(key=lambda x: -x[1])
    return scored
