"""Who is who: resolve what a user types ("Putin", "President Xi") to the corpus's speakers."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process

from .errors import NotFoundError, UsageError
from .models import Speaker
from .text.fold import fold, strip_control
from .text.terms import STOPWORDS, index_terms
from .transcripts.labels import ROLE_WORDS
from .transcripts.names import initials, name_initials, roles_agree


def _tokens(name: str) -> frozenset[str]:
    return frozenset(w for w in fold(name).replace(".", " ").replace(",", " ").split() if w not in ROLE_WORDS)


def _roles_agree(a: Speaker, b: Speaker) -> bool:
    return not a.roles or not b.roles or any(roles_agree(x, y) for x in a.roles for y in b.roles)
def _role_named(role: str, wanted: set[str]) -> bool:
    """A role is named by its title and its place ("Turkey's president" for "President of the Republic of
    Turkey"), or, when it is a title only ("Host"), by all of it."""
    words = {w for w in index_terms(role) if w not in STOPWORDS}
    titles = {w for w in words if w in ROLE_WORDS}
    places = words - titles
    if not titles:
        return False
    return bool(titles & wanted and places & wanted) if places else titles <= wanted


@dataclass(frozen=True, slots=True)
class SpeakerDirectory:
    speakers: tuple[Speaker, ...]

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, int]]) -> SpeakerDirectory:
        roles: dict[str, list[str]] = {}
        counts: dict[str, int] = {}
        for name, role, n in rows:
            roles.setdefault(name, [])
            if role and role not in roles[name]:
                roles[name].append(role)
            counts[name] = counts.get(name, 0) + int(n)
        speakers = []
        for name in sorted(roles, key=lambda s: (-counts[s], s)):
            words = name.split()
            aliases = tuple(dict.fromkeys([words[-1], words[0]] if len(words) > 1 else []))
            speakers.append(Speaker(name, tuple(roles[name]), counts[name], aliases))
        return cls(tuple(speakers))

    def resolve(self, text: str) -> tuple[str, ...]:
        """Every canonical speaker the text can mean; raises NotFoundError with a suggestion."""
        text = strip_control(text or "").strip().strip("@")
        if not text:
            return ()
        if len(text) > 100:
            raise UsageError("That speaker name is too long.")
        wanted = _tokens(text)
        exact = tuple(s.name for s in self.speakers if fold(s.name) == fold(text))
        if exact and not wanted:
            return exact
        if wanted:
            found = [s for s in self.speakers if wanted <= _tokens(s.name)]
            if found or len(wanted) > 1:
                matched = tuple(s.name for s in found) + self._shorter_forms(wanted, found)
                if matched:
                    return matched
        by_initials = self._by_initials(text)
        if by_initials:
            return by_initials
        asked = fold(text).removeprefix("the ")
        role_only = [s.name for s in self.speakers if any(asked in fold(r) for r in s.roles)]
        if role_only and not wanted:
            return tuple(role_only)
        holders = tuple(s.name for s in self.speakers if any(fold(text) == fold(r) for r in s.roles))
        if holders:  # "Capsule Communicator" for the log's "CC"
            return holders
        names = [s.name for s in self.speakers]
        best = process.extractOne(text, names, score_cutoff=70) if names else None
        hint = f" Did you mean {best[0]}?" if best else ""
        raise NotFoundError(f"No speaker called “{text[:60]}” in the transcripts.{hint}")

    def _shorter_forms(self, wanted: frozenset[str], found: list[Speaker]) -> tuple[str, ...]:
        """"Xi" of one transcript is the "Xi Jinping" of another, when no one else could be meant.

        A shorter name joins only if every fuller name that contains it is the person asked for, and
        the roles agree: "Biden" (President) is not "Jill Biden" (First Lady).
        """
        out = []
        for s in self.speakers:
            mine = _tokens(s.name)
            if not mine or not mine < wanted or s in found:
                continue
            fuller = [o for o in self.speakers if mine < _tokens(o.name)]
            if all(wanted <= _tokens(o.name) or _tokens(o.name) <= wanted for o in fuller) and all(
                    _roles_agree(s, o) for o in found):
                out.append(s.name)
        return tuple(out)

    def _by_initials(self, text: str) -> tuple[str, ...]:
        """"MF" for Michael Folkson, "VP" for whoever is Vice President."""
        letters = text.replace(".", "")
        if not (2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()):
            return ()
        return tuple(s.name for s in self.speakers
                     if letters in name_initials(s.name) or any(initials(r) == letters for r in s.roles))

    def mentioned(self, words: list[str]) -> frozenset[str]:
        """Speakers a free-text query names ("what did Putin say about trade") or describes by a role
        ("what did Turkey's president say", "the Moscow mayor", "the host")."""
        wanted = {w for w in words if len(w) >= 2 and w not in STOPWORDS}
        return frozenset(s.name for s in self.speakers
                         if wanted & _tokens(s.name) or any(_role_named(r, wanted) for r in s.roles))

    def display(self, names: tuple[str, ...]) -> str:
        return " / ".join(names)

    def suggestions(self, prefix: str, limit: int = 25) -> list[str]:
        """Speaker names and short names for autocomplete, from memory."""
        key = fold(prefix or "")
        out: list[str] = []
        for s in self.speakers:
            for candidate in (s.name, *s.aliases):
                if (not key or key in fold(candidate)) and candidate not in out:
                    out.append(candidate)
        return out[:limit]
