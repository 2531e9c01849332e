"""Who is who: resolve what a user types ("Putin", "President Xi") to the corpus's speakers."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process

from .errors import NotFoundError, UsageError
from .models import Speaker
from .text.fold import fold, strip_control
from .text.terms import STOPWORDS, index_terms
from .transcripts.labels import ROLE_WORDS


def _tokens(name: str) -> frozenset[str]:
    return frozenset(w for w in fold(name).replace(".", " ").replace(",", " ").split() if w not in ROLE_WORDS)


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
            found = tuple(s.name for s in self.speakers if wanted <= _tokens(s.name))
            if found:
                return found
        role_only = [s.name for s in self.speakers if any(fold(text) in fold(r) for r in s.roles)]
        if role_only and not wanted:
            return tuple(role_only)
        names = [s.name for s in self.speakers]
        best = process.extractOne(text, names, score_cutoff=70) if names else None
        hint = f" Did you mean {best[0]}?" if best else ""
        raise NotFoundError(f"No speaker called “{text[:60]}” in the transcripts.{hint}")

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
