"""Full names from what a document says about its people: "Interview with Brian Kernighan" makes
``Kernighan:`` Brian Kernighan; "Press Secretary Karine Jean-Pierre" makes ``MS. JEAN-PIERRE:`` her.

Only an unambiguous answer counts: two different people who could be meant leave the label as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..text.terms import STOPWORDS
from .labels import ABBREVIATIONS, CONNECTORS, GENERIC, ROLE_WORDS

HONORIFICS = frozenset("mr mrs ms miss dr the sir madam mister".split())
_GIVEN = re.compile(r"^(?:[A-Z][\w'’\-]*|[A-Z]\.(?:[A-Z]\.)*)$")
_CUES = re.compile(
    r"\b(?:floor to|introduce|welcome|joined by|joining us|my name is|name's|I'm|I am|this is|call on|"
    r"turn to|over to|with us|speaking|interview with|conversation with|remarks by|statement by|by)\s",
    re.I,
)
MAX_GIVEN = 3


def tokens(name: str) -> frozenset[str]:
    """A name's words without role words and dots: "MR. PUTIN" and "Putin" share {"putin"}."""
    return frozenset(w for w in name.casefold().replace(".", " ").replace(",", " ").split()
                     if w not in ROLE_WORDS and w not in HONORIFICS)


def role_words(role: str) -> frozenset[str]:
    return frozenset(w for w in role.casefold().replace(".", " ").split() if w not in HONORIFICS and w not in CONNECTORS)


def roles_agree(a: str, b: str) -> bool:
    """Unknown roles agree with anything; "President" and "First Lady" do not."""
    wa, wb = role_words(a), role_words(b)
    return not wa or not wb or bool(wa & wb)


def _nice(word: str) -> str:
    if word.isupper() and len(word.rstrip(".")) > 1:
        return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
    return word


def _given_before(before: list[str]) -> tuple[list[str], str]:
    """Given names just before a surname, and the role words before them."""
    given: list[str] = []
    i = len(before) - 1
    while i >= 0 and len(given) < MAX_GIVEN:
        w = before[i]
        low = w.lower().rstrip(".")
        if re.fullmatch(r"(?:[A-Z]\.)+", w):  # an initial, even "A."
            given.insert(0, w)
            i -= 1
            continue
        if not _GIVEN.match(w) or w.endswith(("'s", "’s")) or low in ROLE_WORDS or low in STOPWORDS or low in ABBREVIATIONS or low in CONNECTORS:
            break
        if w.endswith(".") and len(w.rstrip(".")) > 1:
            break  # "Chair." ends a sentence
        given.insert(0, w)
        i -= 1
    organisation: list[str] = []
    if i >= 0 and before[i].lower() == "of" and len(given) > 1:
        # "President of China Xi Jinping": the organisation's words are not his names; initials stay.
        cut = len(given) - 1
        while cut > 0 and re.fullmatch(r"(?:[A-Z]\.)+", given[cut]):
            cut -= 1
        organisation, given = given[:cut], given[cut:]
    role: list[str] = organisation
    while i >= 0 and before[i].lower().rstrip(".") in ROLE_WORDS | CONNECTORS and len(role) < 6:
        role.insert(0, before[i])
        i -= 1
    while role and role[0].lower() in CONNECTORS:
        role.pop(0)
        i += 1
    place = 0
    while role and i >= 0 and place < 2 and _GIVEN.match(before[i]) and before[i].lower() not in STOPWORDS \
            and not before[i].endswith((".", ",", ";", ":")):
        role.insert(0, before[i])  # "Moscow Mayor": the place or body a role belongs to
        i -= 1
        place += 1
    while role and role[-1].lower() in CONNECTORS:
        role.pop()
    if not any(w.lower().rstrip(".") in ROLE_WORDS for w in role):
        role = []  # "Interview with": no role
    return given, " ".join(role)


_EDGE = "\"'“”‘’()[],.;:!?*"


class Mentions:
    """Every word of some texts, indexed, so each label's name is looked up, not searched for."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.texts = [t.split() for t in sources]
        self.at: dict[str, list[tuple[int, int]]] = {}
        for si, words in enumerate(self.texts):
            for wi, w in enumerate(words):
                self.at.setdefault(w.strip(_EDGE).casefold(), []).append((si, wi))

    def _occurrences(self, word: str) -> Iterator[tuple[list[str], str]]:
        """(the words before, the word as written) wherever ``word`` appears."""
        for si, wi in self.at.get(word.casefold(), ()):
            words = self.texts[si]
            if wi and words[wi - 1].endswith((".", "?", "!")) and not re.fullmatch(r"(?:[A-Z]\.)+|\w{1,4}\.", words[wi - 1]):
                before = []  # a sentence ended just before: nothing before is part of the name
            else:
                before = words[max(0, wi - 20) : wi]
            yield before, words[wi].strip(_EDGE)

    def expansions(self, surname: str) -> dict[str, str]:
        """Fuller names ending in ``surname``: {full name: role words before it}."""
        found: dict[str, str] = {}
        for before, written in self._occurrences(surname):
            given, role = _given_before(before)
            if given:
                found.setdefault(" ".join(_nice(w) for w in [*given, written]), role)
        return found

    def named_as_person(self, surname: str) -> bool:
        """The word appears as someone's name: after a given name, a role or an honorific ("Mr. Veld")."""
        for before, _ in self._occurrences(surname):
            given, role = _given_before(before)
            if given or (role and role.lower() != "the"):
                return True
        return False

    def contains(self, name: str) -> bool:
        """The words of ``name`` appear together, in order."""
        words = [w.casefold() for w in name.split()]
        for si, wi in self.at.get(words[-1].strip(_EDGE), ()) if words else ():
            start = wi - len(words) + 1
            if start >= 0 and [w.strip(_EDGE).casefold() for w in self.texts[si][start : wi + 1]] == words:
                return True
        return False


def cue_snippets(texts: Iterable[str]) -> list[str]:
    """The words after an introduction ("I give the floor to ...", "joined by ...") in speech."""
    out: list[str] = []
    for text in texts:
        if len(text) > 20_000:
            text = text[:20_000]
        out.extend(text[m.start() : m.end() + 90] for m in _CUES.finditer(text))
    return out


def name_initials(name: str) -> set[str]:
    """How a person's initials are written: "AMA" and "AA" for Andreas M. Antonopoulos."""
    full = initials(name)
    return {full, full[0] + full[-1]} if len(full) > 2 else {full}


def initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isalpha() and w.lower() not in CONNECTORS).upper()


def role_holders(role: str, sources: Iterable[str]) -> set[str]:
    """Names that follow exactly this role in the sources ("President Biden" for "THE PRESIDENT")."""
    words = [w for w in role.replace(".", " ").split() if w.lower() not in HONORIFICS]
    if not words:
        return set()
    role_words = r"\s+".join(map(re.escape, words))  # "Chairman", or "CHAIRMAN" in a heading
    pattern = re.compile(r"(?<![\w\-])(?i:" + role_words + r")\s+((?:[A-Z][\w'’\-]+\s+){0,2}[A-Z][\w'’\-]+)")
    holders: set[str] = set()
    for text in sources:
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()].split()
            if before and before[-1].lower().rstrip(".") in ROLE_WORDS:
                continue  # "Vice President Harris" does not hold the role "President"
            name = [w for w in m.group(1).split() if w.lower() not in STOPWORDS and w.lower() not in ROLE_WORDS]
            while name and not _GIVEN.match(name[-1]):
                name.pop()
            if name and all(_GIVEN.match(w) for w in name):
                holders.add(" ".join(_nice(w) for w in _cut_at_stop(m.group(1).split())))
    return {h for h in holders if h}


def _cut_at_stop(words: list[str]) -> list[str]:
    out = []
    for w in words:
        if w.lower() in STOPWORDS or w.lower() in ROLE_WORDS or not _GIVEN.match(w):
            break
        out.append(w)
    return out


class Wider:
    """Which names are strictly fuller than a set of name words, through an index of words (no pairwise scan)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.words = {n: tokens(n) for n in names if n.casefold() not in GENERIC}
        self.by_word: dict[str, set[str]] = {}
        for n, ws in self.words.items():
            for w in ws:
                self.by_word.setdefault(w, set()).add(n)

    def of(self, mine: frozenset[str]) -> set[str]:
        if not mine:
            return set()
        sets = [self.by_word.get(w, set()) for w in mine]
        return {n for n in set.intersection(*sets) if mine < self.words[n]}
