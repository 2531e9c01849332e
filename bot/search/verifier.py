"""Decide a verdict for a claimed quotation from the candidate passages the index shortlisted."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..models import Difference, VerdictKind
from ..text.fold import fold
from .compare import Alignment, align, differences, folded_sentences, sentences_around

ALTERED_SIMILARITY = 0.75
CLOSE_SIMILARITY = 0.8
REORDERED_SIMILARITY = 0.85
SIGNIFICANT = ("number", "negation", "name")


@dataclass(frozen=True, slots=True)
class Passage:
    doc: str
    paragraph: int
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: VerdictKind
    similarity: float
    passage: Passage | None
    said_by: str = ""
    differences: tuple[Difference, ...] = ()


def normalise_claim(text: str) -> str:
    return fold(text).strip(" \"'")


def decide(claim: str, passages: list[Passage], claimed: tuple[str, ...], has_claim: bool) -> Decision:
    """``claimed`` are the canonical speakers the user named (may be empty if unknown)."""
    folded = normalise_claim(claim)
    exact = [p for p in passages if folded and folded in fold(p.text)]
    if exact:
        mine = [p for p in exact if p.speaker in claimed]
        if mine or not has_claim:
            return Decision("exact", 1.0, (mine or exact)[0])
        return Decision("misattributed", 1.0, exact[0], said_by=exact[0].speaker)
    best: tuple[float, Alignment, Passage, list[str]] | None = None
    for p in passages:
        sentences = folded_sentences(p.text)
        al = align(folded, " ".join(sentences))
        key = (al.similarity + al.recall) / 2 + (0.03 if p.speaker in claimed else 0.0)
        if best is None or key > best[0]:
            best = (key, al, p, sentences)
    if best is None:
        return Decision("not_found", 0.0, None)
    _, al, passage, sentences = best
    window = sentences_around(sentences, al.start, al.end)
    diffs = differences(claim.strip(" \"'“”"), window, passage.text)
    significant = tuple(d for d in diffs if d.kind in SIGNIFICANT)
    wrong_speaker = has_claim and passage.speaker not in claimed
    if al.similarity >= ALTERED_SIMILARITY and al.recall >= 0.6 and significant and len(diffs) <= 4:
        extra = (Difference("speaker", passage.speaker, ""),) if wrong_speaker else ()
        return Decision("altered", al.similarity, passage, passage.speaker, significant + extra)
    # The same words with clauses in another order ("Before winter, the bridge..." for "The bridge... before winter").
    reordered = (not significant and al.recall >= 0.9
                 and fuzz.token_sort_ratio(folded, window) / 100 >= REORDERED_SIMILARITY)
    if al.similarity >= CLOSE_SIMILARITY or (al.recall >= 0.8 and al.similarity >= 0.6) or reordered:
        if wrong_speaker:
            return Decision("misattributed", al.similarity, passage, said_by=passage.speaker)
        return Decision("close", al.similarity, passage, passage.speaker, tuple(diffs))
    return Decision("not_found", al.similarity, passage if al.similarity >= 0.3 else None)


def best_quote(claim: str, quotes: list[tuple[str, str]]) -> int:
    """Index of the quote (id, text) that best holds the claim."""
    folded = normalise_claim(claim)
    scores = [fuzz.partial_ratio(folded, fold(text)) for _, text in quotes]
    return max(range(len(quotes)), key=scores.__getitem__) if quotes else -1
