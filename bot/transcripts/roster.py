"""Decide, from all of a document's labels at once, who speaks in it and what each is called.

A label-shaped line opens a turn only with evidence: the label recurs, the metadata names the
person, it is a short form of another speaker, it looks like the document's other labels, or
the text introduces the name. Quoted documents ("The United Kingdom: “…”") and lines that look
like nothing else in the document stay text. Each speaker gets the fullest name the document
gives, and keeps every form the document wrote (``MR. PUTIN``, ``Putin``) for review.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .hints import SpeakerHints
from .labels import GENERIC, ROLE_WORDS, Label
from .names import HONORIFICS, cue_snippets, expansions, initials, named_as_person, role_holders, roles_agree, tokens

_QUOTE_OPEN = tuple("“\"«„‘'")
_DETERMINERS = frozenset("the a an this that these those our my his her its their your".split())
_ACRONYM = re.compile(r"^(?:[A-Z]{2,4}|(?:[A-Z]\.){2,4})$")
_KEY = re.compile(r"^(?:[A-Z]{1,4}|(?:[A-Z]\.){1,4})$")


def label_key(written: str) -> str:
    return " ".join(written.replace(".", " ").split()).casefold()


@dataclass(slots=True)
class Speaker:
    name: str
    role: str
    forms: list[str] = field(default_factory=list)
    """Every label the document writes for this speaker, as written."""
    turns: int = 0
    translated: bool = False


@dataclass(slots=True)
class Roster:
    speakers: dict[str, Speaker] = field(default_factory=dict)
    """label key -> speaker (several keys can share one)."""
    refused: dict[str, str] = field(default_factory=dict)
    """label key -> why it is not a speaker."""
    legends: dict[str, str] = field(default_factory=dict)
    """label key -> what the document says the abbreviation stands for ("CC" -> "Capsule Communicator")."""

    def people(self) -> list[Speaker]:
        return list({id(s): s for s in self.speakers.values()}.values())


def is_legend(label: Label) -> bool:
    """"CC: Capsule Communicator", "P: Pilot": a key to the abbreviations, not a turn."""
    words = label.rest.rstrip(".;,").split()
    letters = label.written.replace(".", "")
    return (bool(_KEY.match(label.written)) and 0 < len(words) <= 6 and all(w[:1].isupper() for w in words)
            and initials(" ".join(words)) == letters)


def _refusal(label: Label) -> str:
    """A reason the line is not a turn, when it has one on its face."""
    words = label.written.split()
    if len(words) > 1 and words[0].lower() in _DETERMINERS and not (set(label.written.lower().replace(".", " ").split()[1:]) & ROLE_WORDS):
        return "a phrase, not a name"
    if label.rest.startswith(_QUOTE_OPEN) and label.style == "plain":
        return "introduces a quotation"  # bold or capital labels are formatting a publisher chose; prose is not
    return ""


class _Decider:
    def __init__(self, labels: list[Label], hints: SpeakerHints, front: list[str], speech: list[str]) -> None:
        self.labels = labels
        self.hints = hints
        self.front = front
        self.speech = speech
        self.counts = Counter(label_key(lb.written) for lb in labels)
        self.first: dict[str, Label] = {}
        for lb in labels:
            self.first.setdefault(label_key(lb.written), lb)
        self.meta_names = list(hints.names)
        self._cues: list[str] | None = None

    @property
    def cues(self) -> list[str]:
        """Introductions in the speech ("I give the floor to ..."); found only when a label needs them."""
        if self._cues is None:
            self._cues = cue_snippets(self.speech)
        return self._cues

    def decide(self) -> Roster:
        roster = Roster()
        turns = self.labels
        while turns and is_legend(turns[0]):  # a key to the labels comes before anyone speaks
            roster.legends[label_key(turns[0].written)] = turns[0].rest.rstrip(".;,")
            turns = turns[1:]
        self.counts = Counter(label_key(lb.written) for lb in turns)
        self.first = {}
        for lb in turns:
            self.first.setdefault(label_key(lb.written), lb)
        accepted = {k: lb for k, lb in self.first.items() if self._accept(k, lb, roster)}
        names = {k: self._full_name(k, lb, accepted, roster) for k, lb in accepted.items() if not _KEY.match(lb.written)}
        for k, lb in accepted.items():  # abbreviations last: "VP" may stand for a speaker named above
            if _KEY.match(lb.written):
                names[k] = self._initials_of(lb, names) or self._full_name(k, lb, accepted, roster)
        self._group(accepted, names, roster)
        return roster

    # -- evidence ----------------------------------------------------------------------------

    def _in_metadata(self, lb: Label) -> bool:
        return self._meta_match(lb) is not None

    def _accept(self, key: str, lb: Label, roster: Roster) -> bool:
        if key in self.hints.not_speakers or label_key(lb.name) in self.hints.not_speakers:
            roster.refused[key] = "listed in not_speakers"
            return False
        if key in self.hints.labels or self._in_metadata(lb):
            return True
        reason = _refusal(lb)
        if self.counts[key] >= 2 and reason != "a phrase, not a name":
            return True
        if reason:
            roster.refused[key] = reason
            return False
        if lb.name.casefold() in GENERIC:
            return True
        recurring = [o for k, o in self.first.items() if self.counts[k] >= 2 and k != key]
        if not recurring or any(o.style == lb.style for o in recurring):
            return True  # the shape of the document's other labels (or nothing to compare with)
        if self._shorter_form_of_other(lb) or self._introduced(lb):
            return True
        roster.refused[key] = "looks like none of the document's labels"
        return False

    def _shorter_form_of_other(self, lb: Label) -> bool:
        mine = tokens(lb.name)
        return bool(mine) and any(mine < tokens(o.name) for o in self.first.values())

    def _introduced(self, lb: Label) -> bool:
        name = lb.name
        if not tokens(name):
            return False
        if len(tokens(name)) < 2:  # a surname alone: named as a person in the title, headings or preamble
            return named_as_person(name.split()[-1], self.front)
        pattern = re.compile(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", re.I)
        return any(pattern.search(t) for t in self.front + self.cues)

    # -- names ---------------------------------------------------------------------------------

    def _meta_match(self, lb: Label) -> str | None:
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
        if _ACRONYM.match(lb.written) and not lb.role:
            letters = lb.written.replace(".", "")
            by_initials = [n for n in self.meta_names if initials(n) == letters]
            if len(by_initials) == 1:
                return by_initials[0]
        return None

    def _full_name(self, key: str, lb: Label, accepted: dict[str, Label], roster: Roster) -> tuple[str, str]:
        if key in self.hints.labels:
            name, role = self.hints.labels[key]
            return name, role or lb.role
        if label_key(lb.name) in self.hints.labels:
            name, role = self.hints.labels[label_key(lb.name)]
            return name, role or lb.role
        meta = self._meta_match(lb)
        if meta:
            return meta, lb.role
        if lb.name.casefold() in GENERIC:
            return lb.name, lb.role
        if not tokens(lb.name):  # "THE PRESIDENT", "Senator": a role; the title may say who holds it
            holder = self._role_holder(lb)
            if holder == lb.name:
                return lb.name, lb.role
            return holder, lb.role or " ".join(w for w in lb.name.split() if w.lower() not in HONORIFICS)
        if _KEY.match(lb.written):
            return lb.name, self._legend(key, lb, roster) or lb.role
        return self._expanded(lb, accepted)

    def _initials_of(self, lb: Label, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
        """"VP" for the Vice President who also speaks under a full label, "KJP" for Karine Jean-Pierre."""
        letters = lb.written.replace(".", "")
        if len(letters) < 2 or lb.role or self._meta_match(lb) or label_key(lb.written) in self.hints.labels:
            return None
        fits = {n.casefold(): (n, r) for n, r in names.values() if initials(n) == letters or (r and initials(r) == letters)}
        return next(iter(fits.values())) if len(fits) == 1 else None

    def _legend(self, key: str, lb: Label, roster: Roster) -> str:
        if key in roster.legends:
            return roster.legends[key]
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
        wider = {o.name for o in accepted.values() if mine < tokens(o.name) and o.name.casefold() not in GENERIC}
        if len(wider) == 1:
            return lb.name, lb.role  # grouped with the fuller label later
        surname = lb.name.split()[-1]
        if len([w for w in lb.name.split() if not w.endswith(".")]) > 1:  # already a full name; a role, perhaps
            if lb.role:
                return lb.name, lb.role
            found = expansions(surname, self.front + self.cues)
            roles = {r for n, r in found.items() if n.casefold() == lb.name.casefold() and r}
            return lb.name, roles.pop() if len(roles) == 1 else ""
        found = expansions(surname, self.front + self.cues)
        fits = {n: r for n, r in found.items() if mine <= tokens(n) and roles_agree(lb.role, r)}
        if len({n.casefold() for n in fits}) == 1:
            full, role = next(iter(fits.items()))
            own = lb.role if lb.role.casefold().rstrip(".") not in HONORIFICS else ""
            return full, own or role
        return lb.name, lb.role

    # -- grouping ------------------------------------------------------------------------------

    def _group(self, accepted: dict[str, Label], names: dict[str, tuple[str, str]], roster: Roster) -> None:
        by_name: dict[str, Speaker] = {}
        for key in accepted:
            name, role = names[key]
            sp = by_name.get(name.casefold())
            if sp is None:
                sp = by_name[name.casefold()] = Speaker(name, role)
            elif len(role) > len(sp.role):
                sp.role = role
            roster.speakers[key] = sp
        # A short name that fits exactly one fuller speaker is that speaker ("Putin" -> "Vladimir Putin").
        for key in list(roster.speakers):
            sp = roster.speakers[key]
            mine = tokens(sp.name)
            if not mine or sp.name.casefold() in GENERIC:
                continue
            wider = {id(o): o for o in roster.speakers.values() if mine < tokens(o.name) and o.name.casefold() not in GENERIC}
            if len(wider) == 1:
                target = next(iter(wider.values()))
                if not target.role or not sp.role or roles_agree(sp.role, target.role):
                    target.role = target.role or sp.role
                    for k, s in roster.speakers.items():
                        if s is sp:
                            roster.speakers[k] = target
        for key, lb in accepted.items():
            sp = roster.speakers[key]
            if lb.written not in sp.forms:
                sp.forms.append(lb.written)


def decide(labels: list[Label], hints: SpeakerHints, front: list[str], speech: list[str]) -> Roster:
    """The document's roster from every label candidate it has (in order), its front texts and its speech."""
    return _Decider(labels, hints, front, speech).decide()
