"""The frequent-term strategy: keep BM25's cost bounded however common the words asked for.

FTS5 ``ORDER BY rank`` scores every matching row, so one very common word makes a query
slow. A word that matches more than CAP rows adds little to BM25 (its IDF is near zero)
when a rarer word is also asked for, so it is dropped from the index query and only counts
in re-ranking. When every word is that common, only the newest CAP matches are scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.reader import IndexReader
from .query import ParsedQuery, build_match, term_group

MAX_PROBES = 12


@dataclass(frozen=True, slots=True)
class Plan:
    match: str
    capped: bool


async def plan(reader: IndexReader, q: ParsedQuery, extras: dict[str, tuple[str, ...]] | None = None,
               table: str = "quotes_fts") -> Plan:
    extras = extras or {}
    groups = [term_group(t, extras.get(t, ())) for t in q.terms]
    if q.phrases or not groups:
        return Plan(build_match(q, extras), False)
    # Longer words are rarer; probing the longest few is enough to find a selective one.
    probed = sorted(groups, key=len, reverse=True)[:MAX_PROBES]
    cap = reader.cap
    counts = {g: await reader.count_matches(g, cap + 1, table) for g in probed}
    rare = [g for g in groups if 0 < counts.get(g, cap + 1) <= cap]
    if rare:
        return Plan(build_match(q, extras, groups=rare), False)
    capped = any(c > cap for c in counts.values())
    return Plan(build_match(q, extras), capped)
