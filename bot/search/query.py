"""Turn what a user typed into a safe FTS5 query.

Raw text never reaches MATCH: every word is quoted as an FTS5 string, so quotes, dashes,
``*``, ``:``, ``NEAR(``, ``AND``/``OR`` and stray parentheses are ordinary words. The only
syntax users get is "quoted phrases", ``speaker:NAME`` and ``-word``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import UsageError
from ..text.fold import strip_control
from ..text.terms import STOPWORDS, fts_string, index_terms

MAX_QUERY = 300
_TOKEN = re.compile(r'(-?)(?:(speaker):(?:"([^"]*)"|(\S+))|"([^"]*)"|(\S+))', re.I)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass(slots=True)
class ParsedQuery:
    text: str
    terms: list[str] = field(default_factory=list)
    """Normalised single words the user asked for (stopwords dropped unless nothing else is left)."""
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    speaker: str = ""

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    text = resources.files("bot").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            words = tuple(" ".join(index_terms(w.replace("-", " "))) for w in line.split())
            for w in words:
                groups[w] = words
    return groups


def clean(text: str, limit: int = MAX_QUERY, what: str = "search") -> str:
    text = strip_control(text or "").strip()
    if not text:
        raise UsageError(f"Give me something to {what} for.")
    if len(text) > limit:
        raise UsageError(f"That is {len(text):,} characters; keep it under {limit:,}.")
    return text


def parse(text: str) -> ParsedQuery:
    text = clean(text).translate(_QUOTES)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    q = ParsedQuery(text=text)
    stop: list[str] = []
    for neg, key, quoted_speaker, bare_speaker, phrase, word in _TOKEN.findall(text):
        if key:
            q.speaker = (quoted_speaker or bare_speaker).strip()
            continue
        if phrase:
            words = index_terms(phrase)
            if neg:
                q.excluded.extend(words)
            elif len(words) > 1:
                q.phrases.append(words)
            else:
                q.terms.extend(words)
            continue
        words = index_terms(word)
        if neg and words:
            q.excluded.extend(words)
            continue
        for w in words:
            (stop if w in STOPWORDS else q.terms).append(w)
    if not q.terms and not q.phrases:
        q.terms = stop
    q.terms = list(dict.fromkeys(q.terms))
    return q


def prefix(form: str) -> str:
    """An FTS5 prefix query for a word's start: every word beginning so."""
    return fts_string(form) + "*"


def term_group(term: str, extra: tuple[str, ...] = ()) -> str:
    """A term with its synonyms and back-off forms (a trailing ``*``: a prefix), as one OR group."""
    alts = dict.fromkeys((term, *synonyms().get(term, ()), *extra))
    parts = [prefix(a[:-1]) if a.endswith("*") else fts_string(a) for a in alts if a]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def build_match(q: ParsedQuery, extras: dict[str, tuple[str, ...]] | None = None, mode: str = "OR",
                groups: list[str] | None = None) -> str:
    """FTS5 MATCH text: any (OR) or all (AND) of the term groups, every phrase, none of the excluded."""
    extras = extras or {}
    if groups is None:
        groups = [term_group(t, extras.get(t, ())) for t in q.terms]
    expr = f" {mode} ".join(groups)
    if q.phrases:
        required = " AND ".join(fts_string(" ".join(p)) for p in q.phrases)
        expr = f"{required} AND ({expr})" if expr else required
    if q.excluded and expr:
        expr = f"({expr}) NOT " + " NOT ".join(fts_string(w) for w in q.excluded)
    return expr
