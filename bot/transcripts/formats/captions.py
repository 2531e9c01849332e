"""WebVTT and SubRip captions, read by hand.

webvtt-py silently drops cues with the short timings many tools write (``0.860 --> 7.380``) and
keeps only a cue's first voice tag; SubRip and WebVTT differ only in their header and decimal
comma, so one scanner reads both. A line holding ``-->`` always starts a cue, even without a
blank line before it.
"""

from __future__ import annotations

import html
import re

from .cues import Cue, repeated_names, seconds, split_name

_TIMING = re.compile(r"^\s*([\d:.,]+)\s*-->\s*([\d:.,]+)")
_TOKEN = re.compile(r"<(\d[\d:.]*)>|<v(?:\.[\w.-]+)?[ \t]+([^>]*)>|<[^>]*>|\{\\[^}]*\}|[^<{]+|[<{]")
_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")
_CHEVRONS = re.compile(r"^\s*>>+")

Block = tuple[float | None, float | None, list[str]]


def _blocks(text: str) -> list[Block]:
    """(start, end, text lines) of every cue; cue ids, headers and NOTE/STYLE blocks left out."""
    lines = text.split("\n")
    out: list[Block] = []
    in_cue = skipping = False
    for i, line in enumerate(lines):
        timing = _TIMING.match(line)
        if timing:
            out.append((seconds(timing.group(1)), seconds(timing.group(2)), []))
            in_cue, skipping = True, False
        elif not line.strip():
            in_cue = skipping = False
        elif in_cue:
            out[-1][2].append(line)
        elif skipping or line.strip().startswith(_SKIP_BLOCKS):
            skipping = True
        elif out and not (i + 1 < len(lines) and _TIMING.match(lines[i + 1])):
            out[-1][2].append(line)  # a blank line inside a cue's text; a line before a timing is its id
    return out


def _line(raw: str) -> tuple[str, str, list[tuple[int, float]]]:
    """A cue line -> (voice, plain text, word times). Tags go; entities are decoded."""
    voice, words, text = "", [], ""
    for m in _TOKEN.finditer(raw):
        if m.group(1):
            t = seconds(m.group(1))
            if t is not None:
                words.append((len(text), t))
        elif m.group(2) is not None:
            voice = voice or m.group(2).strip()
        elif not m.group(0).startswith(("<", "{\\")) or m.group(0) in "<{":
            text += html.unescape(m.group(0))
    lead = _CHEVRONS.match(text)
    if lead:  # ">> " marks a change of speaker in broadcast captions; it is not spoken
        text = " " * lead.end() + text[lead.end():]
    return voice, text, words


def _squeeze(text: str, words: list[tuple[int, float]]) -> tuple[str, tuple[tuple[int, float], ...]]:
    """Single spaces, trimmed, with word offsets moved to the start of the word they precede."""
    out: list[str] = []
    moved: list[tuple[int, float]] = []
    marks = sorted(words)
    j, length = 0, 0
    for m in re.finditer(r"\S+", text):
        at = length + (1 if out else 0)
        while j < len(marks) and marks[j][0] <= m.start():
            moved.append((at, marks[j][1]))
            j += 1
        out.append(m.group(0))
        length = at + len(m.group(0))
    return " ".join(out), tuple(moved)


def _rolling(blocks: list[list[str]]) -> bool:
    """YouTube-style captions repeat the last line of each cue as the first of the next."""
    repeats = sum(1 for a, b in zip(blocks, blocks[1:], strict=False) if a and b and a[-1] == b[0])
    return repeats >= max(2, len(blocks) // 3)


def read_captions(text: str) -> list[Cue]:
    """Cues of a WebVTT or SRT file; one cue per voice where a cue holds several."""
    blocks = _blocks(text)
    parsed = [[_line(raw) for raw in lines] for _, _, lines in blocks]
    plain = [[" ".join(t.split()) for _, t, _ in lines if t.strip()] for lines in parsed]
    rolling = _rolling(plain) or any(w for lines in parsed for _, _, w in lines)
    known = repeated_names([t for lines in plain for t in lines])
    cues: list[Cue] = []
    previous: list[str] = []
    for (start, end, _), lines in zip(blocks, parsed, strict=True):
        seen = [" ".join(t.split()) for _, t, _ in lines if t.strip()]
        for voice, raw_text, words in lines:
            body, marks = _squeeze(raw_text, words)
            if not body or (rolling and body in previous):
                continue
            name, rest = ("", body) if voice else split_name(body, known)
            if name:
                cut = len(body) - len(rest)
                marks = tuple((o - cut, t) for o, t in marks if o >= cut)
                body = rest
            who = voice or name
            if cues and not who and cues[-1].start == start and cues[-1].end == end:
                last = cues[-1]  # a wrapped line of the same cue
                shift = len(last.text) + 1
                cues[-1] = Cue(start, end, f"{last.text} {body}", last.speaker,
                               last.words + tuple((o + shift, t) for o, t in marks))
            else:
                cues.append(Cue(start, end, body, who, marks))
        previous = seen or previous
    return cues
