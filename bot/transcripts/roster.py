"""Decide, from all of a document's labels at once, who speaks in it and what each is called.

A label-shaped line opens a turn only with evidence: the label recurs, the metadata names the
person, it is a short form of another speaker, it looks like the document's other labels, or
the text introduces the name. Quoted documents ("The United Kingdom: “…”") and lines that look
like nothing else in the document stay text. Each speaker gets the fullest name the document
gives, and keeps every form the document wrote (``MR. PUTIN``, ``Putin``) for review.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .hints import SpeakerHints, label_key
from .labels import GENERIC, ROLE_WORDS, Label
from .names import Wider, initials, roles_agree, tokens
from .naming import KEY, Namer

_QUOTE_OPEN = tuple("“\"«„‘'")
_DETERMINERS = frozenset("the a an this that these those our my his her its their your".split())


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
    return (bool(KEY.match(label.written)) and 0 < len(words) <= 6 and all(w[:1].isupper() for w in words)
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
        self.counts = Counter(key_of(lb) for lb in labels)
        self.first: dict[str, Label] = {}
        for lb in labels:
            self.first.setdefault(key_of(lb), lb)
        self.recurring_styles: set[str] = set()
        self._all_names: Wider | None = None
        self.namer = Namer(hints, front, speech)

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
        namer = self.namer
        names = {k: namer.full_name(k, lb, accepted, roster.legends) for k, lb in accepted.items() if not KEY.match(lb.written)}
        for k, lb in accepted.items():  # abbreviations last: "VP" may stand for a speaker named above
            if KEY.match(lb.written):
                names[k] = namer.initials_of(lb, names) or namer.full_name(k, lb, accepted, roster.legends)
        self._the_one_named(accepted, names)
        self._group(accepted, names, roster)
        return roster

    # -- evidence ----------------------------------------------------------------------------

    def _the_one_named(self, accepted: dict[str, Label], names: dict[str, tuple[str, str]]) -> None:
        """Front matter names one speaker and no label became that person: the one abbreviation left,
        starting with the same letter, is them ("AA:" for a file whose front matter names Andreas)."""
        meta = self.namer.meta_names
        if len(meta) != 1 or any(n == meta[0] for n, _ in names.values()):
            return
        left = [k for k, lb in accepted.items() if KEY.match(lb.written) and names[k][0] == lb.name and not lb.role
                and lb.written[:1] == meta[0][:1].upper()]
        if len(left) == 1:
            names[left[0]] = (meta[0], names[left[0]][1])

    def _in_metadata(self, lb: Label) -> bool:
        return self.namer.meta_match(lb) is not None

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
            self._all_names = Wider(o.name for o in self.first.values())
        return bool(self._all_names.of(tokens(lb.name)))

    def _introduced(self, lb: Label) -> bool:
        name = lb.name
        if not tokens(name):
            return False
        if len(tokens(name)) < 2:  # a surname alone: named as a person in the title, headings or preamble
            return self.namer.front_words.named_as_person(name.split()[-1])
        return self.namer.front_words.contains(name) or self.namer.cue_words.contains(name)

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
        fuller = Wider(by_name[k].name for k in by_name)
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
