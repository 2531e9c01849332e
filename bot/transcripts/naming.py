"""The fullest name the document gives each accepted label, and the role it keeps.

Sources, strongest first: the sidecar's word, the metadata's names (by spelling, by a first name or
surname, by initials), a fuller label of the document, the title, headings and preamble, and
introductions in the speech. Only an unambiguous answer counts.
"""

from __future__ import annotations

import re

from .hints import SpeakerHints, label_key
from .labels import GENERIC, Label
from .names import HONORIFICS, Mentions, Wider, cue_snippets, initials, name_initials, role_holders, roles_agree, tokens

ACRONYM = re.compile(r"^(?:[A-Z]{2,4}|(?:[A-Z]\.){2,4})$")
KEY = re.compile(r"^(?:[A-Z]{1,4}|(?:[A-Z]\.){1,4})$")
"""Call signs and initials ("CC", "P", "M.F."): what a key to abbreviations explains."""


class Namer:
    def __init__(self, hints: SpeakerHints, front: list[str], speech: list[str]) -> None:
        self.hints = hints
        self.front = front
        self.speech = speech
        self.meta_names = list(hints.names)
        self.front_words = Mentions(front)
        self._cues: Mentions | None = None
        self._accepted_names: Wider | None = None

    @property
    def cue_words(self) -> Mentions:
        """Introductions in the speech ("I give the floor to ..."); found only when a label needs them."""
        if self._cues is None:
            self._cues = Mentions(cue_snippets(self.speech))
        return self._cues

    def meta_match(self, lb: Label) -> str | None:
        if len(self.meta_names) == 1 and lb.name.casefold() == "answer":
            return self.meta_names[0]  # "Q: … A: …" after a talk: the answers are the one named speaker's
        if not self.meta_names or lb.name.casefold() in GENERIC:
            return None
        exact = [n for n in self.meta_names if n.casefold() in (lb.name.casefold(), lb.written.casefold())]
        if exact:
            return exact[0]
        mine = tokens(lb.name)
        wider = [n for n in self.meta_names if mine and mine <= tokens(n)]
        if len(wider) == 1:
            return wider[0]
        if ACRONYM.match(lb.written) and not lb.role:
            letters = lb.written.replace(".", "")
            by_initials = [n for n in self.meta_names if letters in name_initials(n)]
            if len(by_initials) == 1:
                return by_initials[0]
        return None

    def full_name(self, key: str, lb: Label, accepted: dict[str, Label], legends: dict[str, str]) -> tuple[str, str]:
        if label_key(lb.written) in self.hints.labels:
            name, role = self.hints.labels[label_key(lb.written)]
            return name, role or lb.role
        if label_key(lb.name) in self.hints.labels:
            name, role = self.hints.labels[label_key(lb.name)]
            return name, role or lb.role
        meta = self.meta_match(lb)
        if meta:
            return meta, lb.role
        if lb.name.casefold() in GENERIC:
            return lb.name, lb.role
        if not tokens(lb.name):  # "THE PRESIDENT", "Senator": a role; the title may say who holds it
            holder = self._role_holder(lb)
            if holder == lb.name:
                return lb.name, lb.role
            return holder, lb.role or " ".join(w for w in lb.name.split() if w.lower() not in HONORIFICS)
        if KEY.match(lb.written):
            return lb.name, self._legend(key, lb, legends) or lb.role
        return self._expanded(lb, accepted)

    def initials_of(self, lb: Label, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
        """"VP" for the Vice President who also speaks under a full label, "KJP" for Karine Jean-Pierre."""
        letters = lb.written.replace(".", "")
        if len(letters) < 2 or lb.role or self.meta_match(lb) or label_key(lb.written) in self.hints.labels:
            return None
        fits = {n.casefold(): (n, r) for n, r in names.values() if letters in name_initials(n) or (r and initials(r) == letters)}
        return next(iter(fits.values())) if len(fits) == 1 else None

    def _legend(self, key: str, lb: Label, legends: dict[str, str]) -> str:
        if key in legends:
            return legends[key]
        letters = re.escape(lb.written)
        phrase = r"([A-Z][a-z]+(?:\s+(?:of\s+)?[A-Z][a-z]+){1,4})"
        for text in self.front + self.speech[:50]:
            for m in re.finditer(rf"\b{letters}\b\s*(?:[-–—=:,]|\(|stands for|is)?\s*{phrase}|{phrase}\s*\(\s*{letters}\s*\)", text):
                found = m.group(1) or m.group(2)
                if initials(found) == lb.written.replace(".", ""):
                    return found
        return ""

    def _role_holder(self, lb: Label) -> str:
        holders = role_holders(lb.role or lb.name, self.front)
        whole = " ".join(self.front + self.speech[:200])
        names = set()
        for h in holders:
            words = h.split()
            while len(words) > 1 and len(re.findall(rf"(?<![\w\-]){re.escape(words[-1])}(?![\w\-])", whole)) < 2:
                words.pop()  # a headline's next capitalised word is not part of the name
            names.add(" ".join(words))
        return names.pop() if len(names) == 1 else lb.name

    def _expanded(self, lb: Label, accepted: dict[str, Label]) -> tuple[str, str]:
        """The fullest name for the label: a fuller label of the document, else the front matter and introductions."""
        mine = tokens(lb.name)
        if self._accepted_names is None:
            self._accepted_names = Wider(o.name for o in accepted.values())
        wider = self._accepted_names.of(mine)
        if len(wider) == 1:
            return lb.name, lb.role  # grouped with the fuller label later
        surname = lb.name.split()[-1]
        if len([w for w in lb.name.split() if not w.endswith(".")]) > 1:  # already a full name; a role, perhaps
            if lb.role:
                return lb.name, lb.role
            found = self.front_words.expansions(surname) | self.cue_words.expansions(surname)
            roles = {r for n, r in found.items() if n.casefold() == lb.name.casefold() and r}
            return lb.name, roles.pop() if len(roles) == 1 else ""
        found = self.front_words.expansions(surname) | self.cue_words.expansions(surname)
        fits = {n: r for n, r in found.items() if mine <= tokens(n) and roles_agree(lb.role, r)}
        if len({n.casefold() for n in fits}) == 1:
            full, role = next(iter(fits.items()))
            own = lb.role if lb.role.casefold().rstrip(".") not in HONORIFICS else ""
            return full, own or role
        return lb.name, lb.role
