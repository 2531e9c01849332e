"""Acronyms a transcript teaches: "the Eurasian Economic Union (EAEU)", and initials of names.

Learned from the quotes when an index is built, so a query's "EAEU" also finds "Eurasian
Economic Union" and a query's "BRI" finds "Belt and Road International", in any transcript.
"""

from __future__ import annotations

import re

_CONNECTORS = frozenset("and of the for on in de du la".split())
_DEFINED = re.compile(r"((?:[A-Z][\w'’-]*[\s,]+(?:(?:and|of|the|for|on|in)\s+)*){1,8})\(([A-Z][A-Za-z]{1,7})\)")
_NAME = re.compile(r"[A-Z][a-z][\w'’-]*(?:\s+(?:(?:and|of|the|for|on|in)\s+)*[A-Z][a-z][\w'’-]*){1,6}")


def _spells(short: str, words: list[str]) -> bool:
    """Every word's initial is in ``short`` in order, and ``short``'s other letters continue a word
    ("EAEU" from "Eurasian Economic Union": E, A inside "Eurasian", E, U)."""
    letters = short.lower()
    i = 0
    for word in words:
        w = word.lower()
        if i >= len(letters) or w[0] != letters[i]:
            return False
        i += 1
        pos = 1
        while i < len(letters) and (j := w.find(letters[i], pos)) > 0 and not _starts_later(letters, i, words, word):
            i, pos = i + 1, j + 1
    return i == len(letters)


def _starts_later(letters: str, i: int, words: list[str], word: str) -> bool:
    """Whether letter ``i`` is better used as the next word's initial."""
    k = words.index(word)
    return k + 1 < len(words) and words[k + 1][0].lower() == letters[i]


def _tokens(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", phrase.strip()) if w]


def definitions(text: str) -> set[tuple[str, str]]:
    """(ACRONYM, long form as written) pairs: defined in parentheses, or the initials of a multi-word name."""
    found: set[tuple[str, str]] = set()
    for m in _DEFINED.finditer(text):
        short, tokens = m.group(2), _tokens(m.group(1))
        content = [i for i, w in enumerate(tokens) if w.lower() not in _CONNECTORS]
        for k in range(1, len(content) + 1):  # the fewest last words that spell it
            start = content[-k]
            if _spells(short, [tokens[i] for i in content[-k:]]):
                found.add((short.upper(), " ".join(tokens[start:])))
                break
    for m in _NAME.finditer(text):
        tokens = _tokens(m.group(0))
        content = [i for i, w in enumerate(tokens) if w.lower() not in _CONNECTORS]
        for k in range(2, len(content) + 1):
            found.add(("".join(tokens[i][0] for i in content[:k]).upper(), " ".join(tokens[: content[k - 1] + 1])))
    return found
