"""Compare a claimed quotation with a transcript passage: where it sits, how close, what differs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from ..extract.numbers import ORDINALS, SCALES, TENS, UNITS
from ..models import Difference
from ..text.fold import fold
from ..text.sentences import split_spans
from ..text.terms import STOPWORDS, normalise

_WORD = re.compile(r"[\w$€£¥%']+(?:[.,]\d+)*")
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot can't won't don't "
                      "doesn't didn't isn't aren't wasn't weren't n't".split())
_NUMBER_WORDS = frozenset([*UNITS, *TENS, *SCALES, *ORDINALS, "hundred", "percent"])
_UNIT_AFTER = frozenset(["percent", "per", "%", *SCALES, "million", "billion", "thousand", "dollars"])


@dataclass(frozen=True, slots=True)
class Alignment:
    similarity: float
    start: int
    end: int
    """Character span of the best-matching stretch in the folded passage."""
    recall: float
    """Share of the claim's content words found in that stretch."""


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _content(ws: list[str]) -> list[str]:
    return [normalise(w) for w in ws if w not in STOPWORDS]


def folded_sentences(text: str) -> list[str]:
    """A passage's sentences, split as quotes are (so "Mr." and "U.S." hold), folded for matching.

    Joined with single spaces they are the folded passage, so offsets in one are offsets in the other.
    """
    return [fold(text[a:b]) for a, b in split_spans(text)]


def sentences_around(sentences: list[str], start: int, end: int) -> str:
    """The whole sentences of ``" ".join(sentences)`` that the span [start, end) touches."""
    out, pos = [], 0
    for sentence in sentences:
        if pos < end and pos + len(sentence) > start:
            out.append(sentence)
        pos += len(sentence) + 1
    return " ".join(out)


def align(claim: str, passage: str) -> Alignment:
    """Best stretch of ``passage`` (both folded) for ``claim``, snapped to word boundaries."""
    if len(claim) >= len(passage):
        start, end = 0, len(passage)
    else:
        al = fuzz.partial_ratio_alignment(claim, passage)
        start, end = (al.dest_start, al.dest_end) if al else (0, len(passage))
        while start > 0 and passage[start - 1].isalnum():
            start -= 1
        while end < len(passage) and passage[end].isalnum():
            end += 1
        if end < len(passage) and passage[end] in ".!?":
            end += 1
    window = passage[start:end]
    similarity = fuzz.ratio(claim, window) / 100
    wanted = _content(words(claim))
    have = set(_content(words(window)))
    recall = sum(w in have for w in wanted) / len(wanted) if wanted else 0.0
    return Alignment(similarity, start, end, recall)


def _is_number(w: str) -> bool:
    return any(ch.isdigit() for ch in w) or w in _NUMBER_WORDS


def _kind(said: list[str], claimed_raw: list[str], original: str, first: bool) -> str:
    """What a changed stretch changes. Dropping words is rewording; changing a value is not."""
    claimed = [fold(w) for w in claimed_raw]
    if any(_is_number(w) for w in claimed) and (not said or any(_is_number(w) for w in said)):
        return "number"
    if (set(said) ^ set(claimed)) & NEGATIONS:
        return "negation"
    named = any(_capitalised(w, original) for w in said) or any(
        w[:1].isupper() and w != "I" and not (first and i == 0) for i, w in enumerate(claimed_raw)
    )
    if said and claimed and named:
        return "name"
    return "wording"


def _capitalised(word: str, original: str) -> bool:
    m = re.search(rf"\b({re.escape(word)})\b", original, re.I)
    return bool(m and m.group(1)[:1].isupper() and m.start() > 0)


def _as_written(folded: str, original: str) -> str:
    """The passage's own spelling of a folded stretch ("china" -> "China"), where it can be found."""
    if not folded:
        return folded
    pattern = r"\W+".join(re.escape(w) for w in folded.split())
    m = re.search(rf"(?<!\w){pattern}(?!\w)", fold(original))
    if m and len(fold(original)) == len(original):
        return original[m.start() : m.end()]
    return folded


def differences(claim_raw: str, window_folded: str, window_original: str) -> list[Difference]:
    """Word-level differences; numbers carry their unit word ("31 percent", not "31")."""
    a = words(window_folded)
    claim_words = words(claim_raw)
    b = [fold(w) for w in claim_words]
    out = []
    ops = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    # The passage is whole sentences and the claim may be a fragment: words of the passage
    # before the claim starts or after it ends are context, not differences.
    while ops and ops[0][0] == "delete":
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        said, claimed = a[i1:i2], claim_words[j1:j2]
        # Words the passage says elsewhere were moved ("In September 2014 we met" -> "We met in September 2014").
        moved = bool(claimed) and all(w in a[:i1] or w in a[i2:] for w in b[j1:j2])
        kind = "wording" if moved else _kind(said, claimed, window_original, j1 == 0)
        if kind == "number" and i2 < len(a) and j2 < len(b) and a[i2] == b[j2] and a[i2] in _UNIT_AFTER:
            said, claimed = said + [a[i2]], claimed + [claim_words[j2]]  # "31 percent", not "31"
        out.append(Difference(kind, _as_written(" ".join(said), window_original), " ".join(claimed)))
    return out
