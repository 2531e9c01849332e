"""What a sentence's neighbours say: part of their score passes to the sentences around them.

A sentence often answers a question without naming its topic: "It has been extended for another
five years" follows the sentence naming the treaty; "the reason why it was such a good idea was
..." follows "let's build it in Postgres"; a reply follows the turn that asked. So a sentence also
carries part of the score of the ``before`` sentences just before it (``CARRY`` per sentence back)
and, less, of the ``after`` ones just after it (``AFTER``); across a paragraph (a turn) the share
is ``ACROSS`` of that.

A neighbour passes on only the share of its ideas the sentence lacks: context says what "it"
is, it does not count twice the words a sentence already has. A neighbour found by meaning
alone (no idea in words) passes on its whole score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CARRY = 0.5
"""Share of the previous sentence's score a sentence inherits (squared for the one before that)."""
AFTER = 0.25
"""Share of the next sentence's score a sentence inherits when looking ahead."""
ACROSS = 0.5
"""What is left of a share passed across a paragraph boundary (from the turn before, say)."""


@dataclass(frozen=True, slots=True)
class Reach:
    before: int = 2
    after: int = 0
    across: bool = False
    """Whether context reaches into neighbouring paragraphs."""


FACTS = Reach(before=2)
SEARCH = Reach(before=2, after=1, across=True)


def carry(order: dict[str, tuple[tuple[str, int], ...]], source: dict[str, float], ideas: dict[str, frozenset[int]],
          reach: Reach) -> dict[str, float]:
    """Each sentence's inherited score: the best share any neighbour within ``reach`` passes on.

    ``order``: for each stretch of a document (any key), its (sentence id, paragraph) in reading order;
    ``source``: the sentences' scores (a sentence missing from it passes nothing on); ``ideas``: which
    of the query's ideas each states.
    """
    carried: dict[str, float] = {}
    for seq in order.values():
        for i, (qid, para) in enumerate(seq):
            mine = ideas.get(qid, frozenset())
            best = 0.0
            steps = [(i - k, CARRY**k) for k in range(1, reach.before + 1)]
            steps += [(i + k, AFTER**k) for k in range(1, reach.after + 1)]
            for j, share in steps:
                if not 0 <= j < len(seq):
                    continue
                other, other_para = seq[j]
                if other_para != para:
                    if not reach.across:
                        continue
                    share *= ACROSS
                theirs = ideas.get(other, frozenset())
                new = len(theirs - mine) / len(theirs) if theirs else 1.0
                best = max(best, share * source.get(other, 0.0) * new)
            if best:
                carried[qid] = best
    return carried


def neighbours(order: dict[str, tuple[tuple[str, int], ...]], ids: Iterable[str], reach: Reach) -> list[str]:
    """The sentences whose context ``ids`` set: up to ``reach.before`` after each, ``reach.after`` before."""
    wanted = set(ids)
    out: dict[str, None] = {}
    for seq in order.values():
        for i, (qid, para) in enumerate(seq):
            if qid not in wanted:
                continue
            near = seq[i + 1 : i + 1 + reach.before] + seq[max(0, i - reach.after) : i]
            out.update(dict.fromkeys(q for q, p in near if reach.across or p == para))
    return [q for q in out if q not in wanted]


def stretches(by_paragraph: dict[tuple[str, int], tuple[str, ...]]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Paragraphs' sentences joined into runs of consecutive paragraphs of one document, in reading order,
    each keyed by its document and first paragraph."""
    out: dict[str, list[tuple[str, int]]] = {}
    key, last = "", ("", -2)
    for doc, n in sorted(by_paragraph):
        if (doc, n - 1) != last:
            key = f"{doc}\0{n}"
        out.setdefault(key, []).extend((qid, n) for qid in by_paragraph[(doc, n)])
        last = (doc, n)
    return {k: tuple(v) for k, v in out.items()}
