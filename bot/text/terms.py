"""Words as the full-text index sees them: folded, spelling-normalised, lemmatised.

Indexed text and queries go through the same function, so British and American
spellings meet in the middle (organisation/organization -> organization) and an
over-eager rule can never make a word unfindable, only merge it with a twin.
FTS5's porter stemmer then handles regular inflection.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .fold import fold_chars, strip_accents

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
"""The same words in folded ASCII text, found faster."""

_OUR_EXCEPTIONS = frozenset(
    "four pour hour your tour sour flour dour devour amour velour detour contour troubadour "
    "paramour ours yours hours tours fours pours".split()
)
_DOUBLE_L_STEMS = (
    "travel|cancel|label|model|level|signal|fuel|counsel|total|dial|channel|marshal|equal"
    "|quarrel|tunnel|jewel|rival|libel|pencil|panel|shovel|funnel|enrol|fulfil"
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\w{3,})our(s|ed|ing|ite|ites|able|ably|ful|less|hood|liness|ly|er|ers)?$"), r"\1or\2"),
    (re.compile(r"^(\w{3,})is(ation|ations|e|ed|es|ing|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(\w{2,})ys(e|ed|es|ing|er|ers)$"), r"\1yz\2"),
    (re.compile(r"^(\w{2,})(t|b)re(s|d)?$"), r"\1\2er\3"),
    (re.compile(rf"^({_DOUBLE_L_STEMS})l(ed|ing|er|ers|or|ors)$"), r"\1\2"),
    (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"^(program|catalog|dialog|analog|monolog|prolog)(ue|me)(s)?$"), r"\1\3"),
)
_ANY_RULE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _RULES))
"""One match to rule out all the spelling rules at once; most words need none of them."""
_WHOLE = {
    "grey": "gray", "greys": "grays", "tyre": "tire", "tyres": "tires", "cheque": "check",
    "cheques": "checks", "aluminium": "aluminum", "plough": "plow", "sceptic": "skeptic",
    "sceptical": "skeptical", "mould": "mold", "ageing": "aging", "judgement": "judgment",
    "acknowledgement": "acknowledgment", "manoeuvre": "maneuver", "manoeuvres": "maneuvers",
    "paediatric": "pediatric", "encyclopaedia": "encyclopedia", "whilst": "while",
    "amongst": "among", "practise": "practice", "practised": "practiced", "kerb": "curb",
    "draught": "draft", "pyjamas": "pajamas", "storey": "story", "cosy": "cozy",
}
_IRREGULAR = {
    "met": "meet", "said": "say", "says": "say", "saw": "see", "seen": "see", "went": "go",
    "gone": "go", "made": "make", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "grew": "grow", "grown": "grow", "built": "build", "spoke": "speak",
    "spoken": "speak", "told": "tell", "thought": "think", "brought": "bring", "began": "begin",
    "begun": "begin", "fought": "fight", "won": "win", "lost": "lose", "held": "hold",
    "kept": "keep", "paid": "pay", "sold": "sell", "bought": "buy", "sent": "send",
    "spent": "spend", "felt": "feel", "found": "find", "knew": "know", "known": "know",
    "wrote": "write", "written": "write", "chose": "choose", "chosen": "choose", "rose": "rise",
    "risen": "rise", "fell": "fall", "fallen": "fall", "ran": "run", "came": "come",
    "became": "become", "stood": "stand", "understood": "understand", "meant": "mean",
    "children": "child", "men": "man", "women": "woman", "ate": "eat", "eaten": "eat",
    "drove": "drive", "driven": "drive", "broke": "break", "broken": "break", "led": "lead",
    "struck": "strike", "sought": "seek", "taught": "teach", "caught": "catch", "dealt": "deal",
    "hid": "hide", "hidden": "hide", "shook": "shake", "forgot": "forget", "forgotten": "forget",
}

STOPWORDS = frozenset(
    """a an and are as at be been being but by can could did do does doing done for from had has
    have having he her here hers him his how i if in into is it its itself me my no nor not of
    off on once only or other our ours out over own s same she should so some such than that the
    their theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours also just about
    any all both each few more most t don isnt let lets many much tell me say what whats""".split()
)


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """One folded word -> its index form (before FTS5's own stemming)."""
    word = strip_accents(word).replace("'", "")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _WHOLE:
        return _WHOLE[word]
    if word in _OUR_EXCEPTIONS or not _ANY_RULE.match(word):
        return word
    for pattern, repl in _RULES:
        new = pattern.sub(repl, word)
        if new != word:
            return new
    return word


def words(text: str) -> list[str]:
    """Folded words of ``text`` with possessive 's dropped."""
    folded = fold_chars(text)
    found = (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)
    return [w[:-2] if w.endswith("'s") else w for w in found]


def index_terms(text: str) -> list[str]:
    return list(map(normalise, words(text)))


def index_text(text: str) -> str:
    """The text as stored in the full-text column."""
    return " ".join(map(normalise, words(text)))


def fts_string(word: str) -> str:
    """A word or phrase as an FTS5 string literal: never parsed as query syntax."""
    return '"' + word.replace('"', '""') + '"'
