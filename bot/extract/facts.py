"""Find every quantity a sentence states: money, percent, counts, ordinals, years, dates, durations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.terms import STOPWORDS
from ..transcripts.dates import MONTHS
from .numbers import NUMBER, ORDINALS, TENS, UNITS, to_value

_QUAL = r"(?:(?:more|less|fewer)\s+than|over|under|about|around|almost|nearly|roughly|some|approximately|at\s+least|up\s+to|as\s+many\s+as)\s+"
_CURRENCY = {
    "us$": "USD", "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
    "pound": "GBP", "pounds": "GBP", "¥": "JPY", "yen": "JPY", "yuan": "CNY", "cny": "CNY",
    "rmb": "CNY", "rub": "RUB", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "rupee": "INR", "rupees": "INR", "inr": "INR",
}
_NUM = rf"(?P<num>{NUMBER})"
_Q = rf"(?<![\w$€£¥])(?P<qual>{_QUAL})?"
"""Optional qualifier; the look-behind makes every pattern start only at a word's start, which
spares the regex engine trying its alternatives at every character."""
_MONEY_PRE = re.compile(rf"{_Q}(?P<cur>US\$|\$|€|£|¥|USD|EUR|GBP|CNY|RUB|INR)\s?{_NUM}", re.I)
_MONEY_POST = re.compile(
    rf"{_Q}{_NUM}\s+(?P<cur>US\s+dollars|dollars?|euros?|pounds?|yen|yuan|rmb|roubles?|rubles?|rupees?)\b", re.I
)
_PERCENT = re.compile(rf"{_Q}{_NUM}\s*(?P<unit>%|percent\b|per\s+cent\b)", re.I)
_MONTH = "|".join(m.capitalize() for m in MONTHS if len(m) > 3 or m == "may")
_DATE = re.compile(
    rf"(?<!\w)(?:(?P<rel>next|last|this)\s+|(?P<prep>in|on|since|by|until|from|of|before|after|early|late|mid-?)\s+)?"
    rf"(?P<month>{_MONTH})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+\[?(?P<year>(?:19|20)\d{{2}})\b\]?)?(?!\w)"
)
_DURATION = re.compile(
    rf"{_Q}{_NUM}(?:[\s-]+(?:more|additional|long|full))?[\s-]+(?P<unit>years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|century)\b",
    re.I,
)
_ORD_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
_ORDINAL = re.compile(rf"\b(?P<num>\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:{_ORD_WORDS}))\b", re.I)
_YEAR = re.compile(r"(?<![\d$.,])\[?(?P<num>(?:1[89]|20)\d{2})\]?(?![\d%])(?!\s*(?:percent|per cent))")
_COUNT = re.compile(rf"(?<![\w$.,])(?:{_Q})?(?P<num>{NUMBER})(?![\w%])", re.I)
_NOUN_RUN = re.compile(r"[\s-]+((?:[A-Za-z][\w'’-]*)(?:\s+[A-Za-z][\w'’-]*){0,2})")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_TOKEN = re.compile(r"[\w'’$€£¥%]+")


@dataclass(frozen=True, slots=True)
class FoundFact:
    kind: str
    value: float
    unit: str
    quantity: str
    start: int
    end: int
    subject: str = ""


_ADJECTIVES = frozenset("new more additional major annual consecutive other different large small big key".split())
_NOT_NOUNS = STOPWORDS | frozenset(
    "since via during against between among across within without toward towards ago last next per "
    "percent were was".split()
)


def _noun_after(sentence: str, end: int, plural: bool) -> tuple[str, int]:
    """The noun a number counts: 'four new power units' -> 'units'; '37th meeting' -> 'meeting'."""
    match = _NOUN_RUN.match(sentence, end)
    if not match:
        return "", end
    pos, noun = match.start(1), ""
    for word in match.group(1).split():
        if word.lower() in _NOT_NOUNS:
            break
        pos = sentence.index(word, pos) + len(word)
        noun = word.lower()
        if word.lower() not in _ADJECTIVES and (not plural or word.lower().endswith("s")):
            break
    return (noun, pos) if noun else ("", end)


def _subject(sentence: str, start: int, end: int) -> str:
    before = [w for w in _TOKEN.findall(sentence[:start]) if w.lower() not in STOPWORDS][-5:]
    after = [w for w in _TOKEN.findall(sentence[end:]) if w.lower() not in STOPWORDS][:5]
    return " ".join(before + after)


def _resolve_month(m: re.Match[str], doc_date: str) -> tuple[float, str, str] | None:
    month = MONTHS[m.group("month").lower()]
    year = int(m.group("year")) if m.group("year") else 0
    if not year and not (m.group("rel") or m.group("prep") or m.group("day")):
        return None  # a bare capitalised "May" is more often the verb
    if not year and doc_date[:4].isdigit():
        base = int(doc_date[:4])
        rel = (m.group("rel") or "").lower()
        year = base + 1 if rel == "next" else base - 1 if rel == "last" else base
    day = int(m.group("day")) if m.group("day") else 0
    if not year:
        return float(month), "month", f"--{month:02d}"
    if day:
        return float(year * 10000 + month * 100 + day), "yyyymmdd", f"{year}-{month:02d}-{day:02d}"
    return float(year * 100 + month), "yyyymm", f"{year}-{month:02d}"


def _number(text: str) -> float | None:
    try:
        return to_value(text)
    except ValueError:
        return None


_NUMBER_WORDS = frozenset([*UNITS, *TENS, "half", "hundred", "thousand", "million", "billion", "trillion"])
_ORDINAL_WORDS = frozenset(ORDINALS)
_TRIGGER_WORDS = _NUMBER_WORDS | _ORDINAL_WORDS | frozenset(MONTHS) | {"hundred", "thousand", "million", "billion", "trillion"}
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_ORDINAL_DIGITS = re.compile(r"\d(?:st|nd|rd|th)\b", re.I)
_CURRENCY_MARKS = ("$", "€", "£", "¥", "usd", "eur", "gbp", "cny", "rub", "inr")
_CURRENCY_WORDS = ("dollar", "euro", "pound", "yen", "yuan", "rmb", "rouble", "ruble", "rupee")
_DURATION_WORDS = ("year", "month", "week", "day", "hour", "minute", "decade", "centur")
"""Words without which a pattern cannot match: checking them first skips most regex scans."""


def extract_facts(sentence: str, doc_date: str = "") -> list[FoundFact]:
    lower = sentence.lower()
    digits = _DIGIT.search(sentence) is not None
    words = frozenset(_LETTERS.findall(lower))
    if not digits and words.isdisjoint(_TRIGGER_WORDS):
        return []  # most sentences state no quantity; skip the full scan
    numbers = digits or not words.isdisjoint(_NUMBER_WORDS)
    taken: list[tuple[int, int]] = []
    found: list[FoundFact] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(kind: str, value: float | None, unit: str, m: re.Match[str], end: int | None = None) -> None:
        start, stop = m.start(), end if end is not None else m.end()
        if value is None or not free(start, stop):
            return
        taken.append((start, stop))
        quantity = sentence[start:stop].strip()
        found.append(FoundFact(kind, value, unit, quantity, start, stop, _subject(sentence, start, stop)))

    money = numbers and any(c in lower for c in _CURRENCY_MARKS)
    for m in _MONEY_PRE.finditer(sentence) if money else ():
        add("money", _number(m.group("num")), _CURRENCY[m.group("cur").lower()], m)
    for m in _MONEY_POST.finditer(sentence) if numbers and any(w in lower for w in _CURRENCY_WORDS) else ():
        cur = " ".join(m.group("cur").lower().split())
        add("money", _number(m.group("num")), _CURRENCY.get(cur, cur.upper()), m)
    for m in _PERCENT.finditer(sentence) if numbers and ("%" in lower or "per" in lower and "cent" in lower) else ():
        add("percent", _number(m.group("num")), "percent", m)
    for m in _DATE.finditer(sentence):
        resolved = _resolve_month(m, doc_date)
        if resolved:
            add("date", resolved[0], resolved[1], m)
    for m in _DURATION.finditer(sentence) if numbers and any(w in lower for w in _DURATION_WORDS) else ():
        add("duration", _number(m.group("num")), m.group("unit").lower().rstrip("s").replace("centurie", "century"), m)
    ordinals = _ORDINAL_DIGITS.search(sentence) if digits else None
    for m in _ORDINAL.finditer(sentence) if ordinals or not words.isdisjoint(_ORDINAL_WORDS) else ():
        raw = m.group("num").lower()
        if raw[0].isdigit():
            value: float | None = float(raw[:-2])
        else:
            tens, _, unit = raw.rpartition("-")
            value = float(ORDINALS[unit] + (to_value(tens) if tens else 0))
        noun, end = _noun_after(sentence, m.end(), plural=False)
        add("ordinal", value, noun, m, end)
    for m in _YEAR.finditer(sentence) if digits else ():
        add("year", float(m.group("num")), "", m)
    for m in _COUNT.finditer(sentence) if numbers else ():
        raw = m.group("num")
        if raw.lower() in ("one", "zero") or _CLOCK.fullmatch(raw):
            continue
        noun, end = _noun_after(sentence, m.end(), plural=True)
        add("count", _number(raw), noun, m, end)
    return sorted(found, key=lambda f: f.start)
