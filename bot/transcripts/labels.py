"""Recognise a speaker label at the start of a paragraph and split it into role and name.

``President of Russia Vladimir Putin:`` -> role "President of Russia", name "Vladimir Putin".
``PRESIDENT XI:  (As interpreted.)`` -> role "President", name "Xi", translated.
``**Jerod Santo:**`` -> name "Jerod Santo". A vocative such as ``President Xi, my friend,``
has no colon after a name-shaped phrase and stays speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MD = r"(?:\*\*|__)?"
_LABEL = re.compile(
    rf"^{_MD}(?P<label>[^\s:*_(\[|#>](?:[^:\n(\[]|\([^)\n]{{0,40}}\)|\[[^\]\n]{{0,40}}\]){{0,99}}?)"
    rf"\s*{_MD}\s*:(?!//)\s*{_MD}[ \t\u00a0]*(?P<rest>.*)\Z",
    re.S,
)
_BOLD_LABEL = re.compile(r"^(?:\*\*|__)(?P<label>[^*_:\n]{1,60}?)\s*:\s*(?:\*\*|__)\s*(?P<rest>.*)\Z", re.S)
# "0:35:43.7 **Jane Roe** Well, ..." : a clock time, then a bold name with no colon.
_STAMP_BOLD = re.compile(r"^\\?\[?(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)\\?\]?[ \t]+(?:\*\*|__)"
                         r"(?P<label>[^*_:\n]{1,60}?)[ \t]*:?(?:\*\*|__)[ \t]*:?[ \t]*(?P<rest>.*)\Z", re.S)
_NOTE = re.compile(r"\s*[(\[]([^()\[\]]{1,60})[)\]]\s*")
_LEADING_NOTE = re.compile(r"^\s*(?:\\?[(\[])([^()\[\]]{1,60}?)(?:\\?[)\]])[ \t\u00a0]*")
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?$")
_TRANSLATION = re.compile(r"interpret|translat", re.I)
_BARE_STAMP = re.compile(r"^(\d{1,2}:\d{2}:\d{2}(?:\.\d+)?)\s+(?=\S)")

CONNECTORS = frozenset(
    "of the and for on de da di del van von der den la le bin al el y du des ibn to at".split()
)
ROLE_WORDS = frozenset(
    """president vice prime minister deputy chairman chairwoman chair chairperson secretary press
    general state foreign spokesman spokeswoman spokesperson ambassador governor mayor senator sen
    rep representative congressman congresswoman chancellor king queen prince princess premier
    director head chief executive commander mr mrs ms dr professor prof first lady leader host
    co-host cohost moderator anchor judge justice attorney adviser advisor aide officer member mp
    his her majesty highness excellency emperor pope cardinal bishop archbishop rabbi imam reverend
    rev admiral colonel major captain lieutenant sergeant commissioner envoy special acting former
    assistant senior presidential the national security interviewer reporter correspondent
    journalist narrator""".split()
)
NOT_SPEAKERS = frozenset(
    """note notes editor's editors source sources attribution transcript date location time photo
    video update updated correction disclaimer tags tag keywords break jingle music ad ads sponsor
    sponsors intro outro advertisement summary subject topic topics place published link url
    copyright credits credit caption title headline references see also share print comments
    comment category categories filed posted by appearances contents proceedings index exhibits""".split()
)
# Labels that are a role and stand for whoever asks or answers.
GENERIC = frozenset("question q answer a audience participant reply response voice voices".split())


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    role: str
    notes: tuple[str, ...]
    rest: str
    written: str = ""
    """The label as the transcript writes it, without notes ("MR. PUTIN", "Moscow Mayor Sergei Sobyanin")."""
    style: str = "plain"
    """How labels look in this document: "bold", "caps" or "plain"; a label of the same look is one more turn."""

    @property
    def translated(self) -> bool:
        return any(_TRANSLATION.search(n) for n in self.notes)


def is_translation_note(note: str) -> bool:
    return bool(_TRANSLATION.search(note))


def is_timestamp(note: str) -> bool:
    return bool(_TIMESTAMP.match(note.strip()))


def _titlecase(token: str) -> str:
    if token.lower() in CONNECTORS:
        return token.lower()
    return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))


ABBREVIATIONS = frozenset("mr mrs ms dr jr sr st prof gen sen rep gov lt col capt sgt rev hon esq mt ft".split())


def _token_ok(token: str) -> bool:
    if token.lower() in CONNECTORS or token.isdigit() or token in ("–", "—", "-"):
        return True  # "Deputy Prime Minister – Minister of Agriculture Dmitry Patrushev"
    if not token[0].isupper():
        return False
    if token.endswith(".") and not re.fullmatch(r"(?:\w\.)+", token):
        # Initials and honorifics keep their dot; "Club. Photo" is the end of a sentence, not a name.
        return token[:-1].lower() in ABBREVIATIONS or token[:-1].lower() in ROLE_WORDS
    if re.fullmatch(r"[A-Z]{1,5}(?:/[A-Z]{1,5})+", token):
        return True  # "CDR/LMP": two crew members at once, as air-to-ground logs write it
    return bool(re.fullmatch(r"[\w'’\-]+|(?:\w\.)+", token))


def _is_acronym(token: str) -> bool:
    """"NVK", "CDR": call signs and initials stay in capitals."""
    if "/" in token:
        return all(_is_acronym(part) for part in token.split("/"))
    return len(token) <= 4 and token.isalpha() and token.isupper() and not set(token) & set("AEIOU")


def split_role_name(words: list[str]) -> tuple[str, str]:
    """Split label words into (role, name). The name is the trailing person name."""
    lower = [w.lower().rstrip(".") for w in words]
    i = 0
    while i < len(words) and (lower[i] in ROLE_WORDS or lower[i] in CONNECTORS):
        i += 1
    rest = words[i:]
    if not rest:
        return "", " ".join(words)
    if i == 0 and "of" not in lower:
        # "Moscow Mayor Sergei Sobyanin": words before a role word belong to the role.
        last = max((j for j, w in enumerate(lower[:-1]) if w in ROLE_WORDS and w not in _SOFT_ROLES), default=-1)
        if last >= 0:
            return " ".join(words[: last + 1]), " ".join(words[last + 1 :])
    if "of" in lower[:i] or (rest and "of" in lower[i:]):
        # "President of the People's Republic of China Xi Jinping": the organisation and the
        # name are both capitalised; a person's name is the last two words (plus initials).
        cut = len(words) - 2
        while cut > 0 and re.fullmatch(r"(?:\w\.)+", words[cut]):
            cut -= 1
        cut = max(cut, i)
        if " ".join(lower[:cut]).endswith(" of") or cut == 0:
            cut = len(words) - 1
        return " ".join(words[:cut]), " ".join(words[cut:])
    return " ".join(words[:i]), " ".join(rest)


# Role words that are also common given names or surnames; they open a role only at the front.
_SOFT_ROLES = frozenset("king major prince bishop chief general host rev the his her first special".split())
_STAMP_FIRST = re.compile(r"^\\?[\[(](\d{1,2}:\d{2}(?::\d{2})?)\\?[\])]\s*")
_PRESS_Q = re.compile(r"^Q(?:\.\s+|\s{2,}|\t+)(?=\S)")
_DASH_QA = re.compile(r"^(?P<who>[QA])\s+[-–—]\s+(?=\S)")  # "Q - Is it open source?" "A - Parts of it."


def parse_label(paragraph: str) -> Label | None:
    """The speaker label that opens ``paragraph``, or None when the paragraph is speech."""
    stamp = _STAMP_FIRST.match(paragraph)
    if stamp:  # "[00:12:34] Jane Doe: …"
        label = parse_label(paragraph[stamp.end() :])
        return Label(label.name, label.role, (stamp.group(1), *label.notes), label.rest, label.written,
                     label.style) if label else None
    press = _PRESS_Q.match(paragraph)
    if press:  # White House style "Q    Mr. President, …"
        return Label("Question", "", (), paragraph[press.end() :].strip(), "Q")
    dash = _DASH_QA.match(paragraph)
    if dash:
        who = dash.group("who")
        return Label("Question" if who == "Q" else "Answer", "", (), paragraph[dash.end() :].strip(), who)
    stamped = _STAMP_BOLD.match(paragraph) if paragraph[:1].isdigit() or paragraph[:1] in "[\\" else None
    if stamped:
        label = _from_match(stamped, True)
        return Label(label.name, label.role, (stamped.group("stamp"), *label.notes), label.rest, label.written,
                     label.style) if label else None
    if ":" not in paragraph:
        return _period_label(paragraph)  # most paragraphs are speech: no colon, no "Senator Brown." opening
    bold = _BOLD_LABEL.match(paragraph)
    match = bold or _LABEL.match(paragraph)
    if not match:
        return None
    return _from_match(match, bool(bold))


def _period_label(paragraph: str) -> Label | None:
    """Congressional hearings: "Senator Brown. Thank you." "The Chairman. The committee will come to order."

    Only a role or honorific and a name, or a role alone after "The"; the roster takes it as a turn
    only if it recurs, since prose can open the same way.
    """
    head = paragraph[:80].split(maxsplit=5)
    end = next((i for i, w in enumerate(head[:5]) if w.endswith(".") and w[:-1].lower() not in ABBREVIATIONS
                and not re.fullmatch(r"(?:\w\.)+", w)), None)
    if end is None or end + 1 >= len(head) or not all(re.fullmatch(r"[A-Z][\w'’\-]*\.?", w) for w in head[: end + 1]):
        return None
    words = [*head[:end], head[end][:-1]]
    lower = [w.lower().rstrip(".") for w in words]
    roles = [w in ROLE_WORDS or w in ABBREVIATIONS for w in lower]
    if len(words) < 2 or not ((all(roles) and lower[0] == "the") or (roles[0] and lower[0] != "the" and not roles[-1])):
        return None
    role, name = split_role_name(words)
    rest = paragraph.split(maxsplit=end + 1)[end + 1].strip()
    return Label(name=name, role=role, notes=(), rest=rest, written=" ".join(words), style="period")


def _from_match(match: re.Match[str], bold: bool) -> Label | None:
    raw = match.group("label").strip()
    notes = tuple(n.strip() for n in _NOTE.findall(raw))
    bare = _NOTE.sub(" ", raw).replace("\\", "").strip()
    words = bare.split()
    if not words or len(words) > 14 or len(bare) > 100:
        return None
    if not bold:
        if not (words[0][0].isupper() and all(_token_ok(w) for w in words)):
            return None
        if re.search(r"\d$", bare) and re.match(r"\d", match.group("rest")):
            return None  # a clock time such as "June 14, 2019 14:15"
        if words[-1].lower() in CONNECTORS:
            return None
    if words[0].lower().rstrip("'s") in NOT_SPEAKERS and len(words) <= 3:
        return None
    rest = match.group("rest")
    while True:
        lead = _LEADING_NOTE.match(rest)
        if not lead or not (is_translation_note(lead.group(1)) or is_timestamp(lead.group(1))):
            break  # "(laughs)" and the like stay in the text, as spoken
        notes += (lead.group(1).strip(),)
        rest = rest[lead.end() :]
    bare_stamp = _BARE_STAMP.match(rest)
    if bare_stamp:  # "NVK: 00:01:08 Hello and welcome", the time and the words on one line
        notes += (bare_stamp.group(1),)
        rest = rest[bare_stamp.end() :]
    if words[-1].lower().rstrip(".") in NOT_SPEAKERS:
        return None  # "... Discussion Club. Photo: ...", "Image source:" are captions and credits
    written = " ".join(words)
    caps = bare.isupper() and len(bare) > 2
    if caps:
        words = [w if _is_acronym(w) else _titlecase(w) for w in words]
        words[0] = words[0][:1].upper() + words[0][1:]
    role, name = split_role_name(words)
    name = {"q": "Question", "a": "Answer"}.get(name.casefold().rstrip("."), name)
    if name.split()[0] in CONNECTORS:
        return None  # "TOWN OF ELMSWORTH :" split as role "Town", name "of Elmsworth": a caption, not a person
    style = "bold" if bold else "caps" if bare.isupper() else "plain"
    if re.search(r"\s$", match.group("label")):
        style += " spaced"  # "NORTHERN RAIL CORPORATION, :" in a court caption; labels end at the colon
    return Label(name=name, role=role, notes=notes, rest=rest.strip(), written=written, style=style)


INTERLUDES = frozenset("break jingle music ad ads sponsor sponsors advertisement intro outro".split())


def furniture_word(paragraph: str) -> str:
    """The first word of a label-shaped line that is page furniture or an interlude, else ""."""
    match = _LABEL.match(paragraph) if ":" in paragraph else None
    if not match:
        return ""
    first = match.group("label").split()[0].lower().rstrip("'s")
    return first if first in NOT_SPEAKERS else ""
