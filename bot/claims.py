"""Find what a chat message claims someone said: the words in quotation marks, or the sentence after "X said".

A message like ``Putin said “trade grew 45% this year”`` becomes one ``Claim`` (the quoted words
and the speaker it names); adapters hand the message's plain text here and verify each claim.
Speaker names are matched against the transcripts' directory; a name the transcripts never
quote is kept as written, so a passage someone else said reads as a misattribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import NotFoundError, UsageError
from .speakers import SpeakerDirectory
from .text.fold import fold, strip_control

MAX_CLAIMS = 5
MAX_MESSAGE = 4000
"""Characters; Discord allows 4,000 with Nitro, and a claim worth checking is far shorter."""
MAX_CLAIM = 2000
MIN_WORDS = 3
"""Fewer quoted words are a scare quote or a title ("so-called “friend”"), not a quotation."""

NOTHING = ("I found nothing to verify in that message: put the quoted words in quotation marks, "
           "or write “NAME said …”.")
EMPTY = "That message has no text I can check (only embeds, images or attachments)."
TOO_LONG = f"That message is too long to check (over {MAX_MESSAGE:,} characters); use /verify with the quotation."

# Paired marks only; a lone straight apostrophe (don't) is never a quotation mark.
# Inside ‘…’ an apostrophe followed by a letter (don’t) is part of the words, not the closing mark.
_QUOTED = re.compile(r'"([^"\n]+)"|“([^”]+)”|„([^“”]+)[“”]|«([^»]+)»|(?<!\w)‘((?:[^‘’\n]|’(?=\w))+)’(?!\w)')
# Capitalised words, no full stops: a name never runs on into the next sentence ("… Putin. And …").
_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
_SAID = r"(?i:said|says|stated|states|claimed|claims|told\s+\w+|declared|wrote|writes)"
_AFTER_SAID = re.compile(rf"(?P<name>{_NAME})?\s*\b{_SAID}(?:\s+(?i:that))?[\s:,]+(?P<claim>[^.!?\n]+[.!?]?)")
_AFTER_ACCORDING = re.compile(rf"\b(?i:according\s+to)\s+(?P<name>{_NAME})[\s,:]+(?P<claim>[^.!?\n]+[.!?]?)")
# Anchored at a sentence start, so a long message is scanned once, not once per character.
_BEFORE_ACCORDING = re.compile(rf"(?:^|(?<=[.!?\n]))\s*(?P<claim>[^.!?\n]+?),?\s+(?i:according\s+to)\s+(?P<name>{_NAME})")
_ATTRIBUTION = re.compile(rf"(?P<a>{_NAME})\s+(?:{_SAID}|(?i:quoted|on))\b|\b(?:{_SAID})\s+(?P<b>{_NAME})"
                          rf"|\b(?i:according\s+to)\s+(?P<c>{_NAME})")
_POSTPOSED = re.compile(rf"^[\s,.;:!?—–-]*(?:{_SAID})\b")
_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "it", "you", "someone", "somebody", "everyone", "nobody",
                       "this", "that", "who", "what", "the", "a", "an"})
_WORD = re.compile(r"[^\W_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Claim:
    """Words a message says were said, and by whom if it names someone ("" otherwise)."""

    text: str
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class Claims:
    claims: tuple[Claim, ...]
    skipped: int = 0
    """Quotations past ``MAX_CLAIMS``, left unchecked."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _speaker(raw: str, directory: SpeakerDirectory) -> str:
    """The canonical speaker a written name means, trying "Yesterday President Xi", "President Xi", "Xi"."""
    words = [w.rstrip(".,").removesuffix("’s").removesuffix("'s") for w in raw.split()]
    words = [w for w in words if w]
    while words and fold(words[0]) in _PRONOUNS:
        words = words[1:]
    for start in range(len(words)):
        name = " ".join(words[start:])
        try:
            found = directory.resolve(name)
        except (NotFoundError, UsageError):
            continue
        if found:
            return found[0] if len(found) == 1 else name
    # Someone the transcripts never quote: keep the name (the last two words, the sentence's first may not be one).
    return " ".join(words[-2:]) if words else ""


def _named(context: str, directory: SpeakerDirectory) -> str:
    """Who the words around a quotation name: an attribution ("Putin said"), else the one speaker mentioned."""
    for m in _ATTRIBUTION.finditer(context):
        raw = m.group("a") or m.group("b") or m.group("c") or ""
        name = _speaker(raw, directory)
        if name:
            return name
    mentioned = directory.mentioned([fold(w) for w in _words(context)])
    return next(iter(mentioned)) if len(mentioned) == 1 else ""


def _quoted(text: str, directory: SpeakerDirectory) -> list[Claim]:
    spans = [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTED.finditer(text)]
    outside = "".join(text[spans[n - 1][1] if n else 0:start] for n, (start, _, _) in enumerate(spans))
    default = _named(outside + text[spans[-1][1]:], directory) if spans else ""
    out = []
    for n, (start, end, words) in enumerate(spans):
        if len(_words(words)) < MIN_WORDS:
            continue
        before = text[spans[n - 1][1] if n else 0:start]
        after = text[end:spans[n + 1][0] if n + 1 < len(spans) else len(text)]
        # "Putin said “…”" names the speaker before the words, "“…,” said Putin" after them.
        first, second = (after[:120], before[-120:]) if _POSTPOSED.match(after) else (before[-120:], after[:120])
        speaker = _named(first, directory) or _named(second, directory) or default
        out.append(Claim(words.strip(" ,"), speaker))
    return out


def _reported(text: str, directory: SpeakerDirectory) -> list[Claim]:
    """No quotation marks: the sentence after "X said", or the one "according to X" is attached to."""
    out = []
    for pattern in (_AFTER_ACCORDING, _BEFORE_ACCORDING, _AFTER_SAID):
        for m in pattern.finditer(text):
            words = m.group("claim").strip(" ,:")
            if len(_words(words)) >= MIN_WORDS:
                out.append(Claim(words, _speaker(m.group("name") or "", directory)))
        if out:
            return out
    return out


def find_claims(message: str, directory: SpeakerDirectory) -> Claims:
    """Every claim in ``message`` (up to ``MAX_CLAIMS``); a ``UsageError`` with a friendly line when there is none."""
    text = strip_control(message or "").strip()
    if not text:
        raise UsageError(EMPTY)
    if len(text) > MAX_MESSAGE:
        raise UsageError(TOO_LONG)
    found = _quoted(text, directory) or _reported(text, directory)
    unique = list({fold(c.text): c for c in found if len(c.text) <= MAX_CLAIM}.values())
    if not unique:
        raise UsageError(NOTHING)
    return Claims(tuple(unique[:MAX_CLAIMS]), max(0, len(unique) - MAX_CLAIMS))
