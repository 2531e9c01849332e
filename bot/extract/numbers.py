"""Numbers as written, in digits or words, to values.

Hand-written (about fifty lines) instead of word2number or text2num because facts need
the exact span as written, and those libraries return converted text, not spans.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000, "mln": 1_000_000,
          "tn": 1_000_000_000_000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
_WORD_NUM = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
# "150", "1,000", "2.5", "twenty-five", "two hundred and fifty", "half a dozen", then a scale
# ("200bn" and "200 billion" alike); a bare scale ("hundred billion") counts one of it.
NUMBER = (
    rf"(?:(?:half\s+a\s+dozen)|(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?"
    rf"|(?:(?:{_WORD_NUM})(?:[\s-]+(?:and\s+)?(?:{_WORD_NUM}|hundred))*)"
    rf"|(?:hundred|thousand|million|billion|trillion)(?=\s+(?:{_SCALE})\b))"
    rf"(?:\s*(?:{_SCALE})\b)*"
)


_HALF_DOZEN = re.compile(r"half\s+a\s+dozen")
_SEPARATOR = re.compile(r"[\s-]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_GLUED_SCALE = re.compile(r"(\d)([a-z])")


def to_value(text: str) -> float:
    """'150 million' -> 150000000.0; 'twenty-five' -> 25; 'half a dozen' -> 6."""
    text = _GLUED_SCALE.sub(r"\1 \2", text.lower().replace(",", ""))
    if _HALF_DOZEN.fullmatch(text):
        return 6.0
    total, current = 0.0, 0.0
    for token in _SEPARATOR.split(text):
        if token in ("and", ""):
            continue
        if _DIGITS.fullmatch(token):
            current += float(token)
        elif token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0.0
        else:
            raise ValueError(f"not a number: {text!r}")
    return total + current
