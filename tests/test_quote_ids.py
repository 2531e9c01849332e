"""Quote ids are promises: daily cycles, links and users' notes keep them, so their formula never changes."""

from __future__ import annotations

import base64
import hashlib
import random
from collections import Counter

from bot.extract.quotes import quote_id, quotes_of
from bot.text.fold import fold


def test_ids_are_the_first_twelve_base32_characters_of_sha256() -> None:
    rng = random.Random(7)
    for _ in range(500):
        key = f"speeches/{rng.randrange(10**6)}.txt"
        folded = fold(" ".join(rng.choice(["We", "met", "in", "Moscow", "—", "“twice”", "ünd"]) for _ in range(9)))
        occurrence = rng.randrange(3)
        digest = hashlib.sha256(f"{key}\x00{folded}\x00{occurrence}".encode()).digest()
        assert quote_id(key, folded, occurrence) == base64.b32encode(digest).decode()[:12].lower()


def test_a_repeated_sentence_gets_a_second_id() -> None:
    seen: Counter[str] = Counter()
    first = quotes_of("a.txt", "Thank you very much, colleagues and friends.", seen)
    again = quotes_of("a.txt", "Thank  you very much, colleagues and friends.", seen)
    assert first[0].id != again[0].id
    assert quotes_of("a.txt", "Thank you very much, colleagues and friends.", Counter())[0].id == first[0].id
