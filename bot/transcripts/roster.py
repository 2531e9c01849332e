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
from collections.abc import Iterable
from dataclasses import dataclass, field

from .hints import SpeakerHints, label_key
from .labels import GENERIC, ROLE_WORDS, Label
from .names import HONORIFICS, Mentions, cue_snippets, initials, role_holders, roles_agree, tokens

_QUOTE_OPEN = tuple("“\"«„‘'")
_DETERMINERS = frozenset("the a an this that these those our my his her its their your".split())
_ACRONYM = re.compile(r"^(?:[A-Z]{2,4}|(?:[A-Z]\.){2,4})$")
_KEY = re.compile(r"^(?:[A-Z]{1,4}|(?:[A-Z]\.){1,4})$")


def key_of(label: Label) -> str:
    """The roster's key for a label: "Senator Brown." (a hearing's turn) is counted apart from "SENATOR BROWN:"."""
    return label_key(label.written) + ("." if label.style == "period" else "")


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


class _Wider:
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


class _Decider:
    def __init__(self, labels: list[Label], hints: SpeakerHints, front: list[str], speech: list[str]) -> None:
        self.labels = labels
        self.hints = hints
        self.front = front
        self.speech = speech
        self.counts = Counter(key_of(lb) for lb in labels)
        self.first: dict[str, Label] = {}
        for lb in labels:
            self.first.setdefault(key_of(lb), lb)
        self.meta_names = list(hints.names)
        self.recurring_styles: set[str] = set()
        self._all_names: _Wider | None = None
        self._accepted_names: _Wider | None = None
        self._cues: Mentions | None = None
        self.front_words = Mentions(front)

    @property
    def cue_words(self) -> Mentions:
        """Introductions in the speech ("I give the floor to ..."); found only when a label needs them."""
        if self._cues is None:
            self._cues = Mentions(cue_snippets(self.speech))
        return self._cues

    def decide(self) -> Roster:
        roster = Roster()
        turns = self.labels
        while turns and is_legend(turns[0]):  # a key to the labels comes before anyone speaks
            roster.legends[key_of(turns[0])] = turns[0].rest.rstrip(".;,")
            turns = turns[1:]
        self.counts = Counter(key_of(lb) for lb in turns)
        self.first = {}
        for lb in turns:
            self.first.setdefault(key_of(lb), lb)
        self.recurring_styles = {lb.style for k, lb in self.first.items() if self.counts[k] >= 2}
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
        if label_key(lb.written) in self.hints.not_speakers or label_key(lb.name) in self.hints.not_speakers:
            roster.refused[key] = "listed in not_speakers"
            return False
        if label_key(lb.written) in self.hints.labels or self._in_metadata(lb):
            return True
        if lb.style == "period" and self.counts[key] < 2:
            return False  # "Senator Brown." opens a turn when it recurs; once, it is just how a sentence began
        reason = _refusal(lb)
        if self.counts[key] >= 2 and reason != "a phrase, not a name":
            return True
        if reason:
            roster.refused[key] = reason
            return False
        if lb.name.casefold() in GENERIC:
            return True
        if not self.recurring_styles or lb.style in self.recurring_styles:
            return True  # the shape of the document's other labels (or nothing to compare with)
        if self._shorter_form_of_other(lb) or self._introduced(lb):
            return True
        roster.refused[key] = "looks like none of the document's labels"
        return False

    def _shorter_form_of_other(self, lb: Label) -> bool:
        if self._all_names is None:
            self._all_names = _Wider(o.name for o in self.first.values())
        return bool(self._all_names.of(tokens(lb.name)))

    def _introduced(self, lb: Label) -> bool:
        name = lb.name
        if not tokens(name):
            return False
        if len(tokens(name)) < 2:  # a surname alone: named as a person in the title, headings or preamble
            return self.front_words.named_as_person(name.split()[-1])
        return self.front_words.contains(name) or self.cue_words.contains(name)

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
        if label_key(lb.written) in self.hints.labels:
            name, role = self.hints.labels[label_key(lb.written)]
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
        if self._accepted_names is None:
            self._accepted_names = _Wider(o.name for o in accepted.values())
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
        fuller = _Wider(by_name[k].name for k in by_name)
        into: dict[int, Speaker] = {}
        for sp in by_name.values():
            wider = fuller.of(tokens(sp.name)) if sp.name.casefold() not in GENERIC else set()
            if len(wider) == 1:
                target = by_name[next(iter(wider)).casefold()]
                if not target.role or not sp.role or roles_agree(sp.role, target.role):
                    target.role = target.role or sp.role
                    into[id(sp)] = target
        for key, sp in roster.speakers.items():
            roster.speakers[key] = into.get(id(sp), sp)
        for key, lb in accepted.items():
            sp = roster.speakers[key]
            if lb.written not in sp.forms:
                sp.forms.append(lb.written)


def decide(labels: list[Label], hints: SpeakerHints, front: list[str], speech: list[str]) -> Roster:
    """The document's roster from every label candidate it has (in order), its front texts and its speech."""
    return _Decider(labels, hints, front, speech).decide()
