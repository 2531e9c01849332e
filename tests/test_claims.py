"""Finding the claimed words and the named speaker in a chat message (the core, no chat platform)."""

from __future__ import annotations

import pytest

from bot.claims import EMPTY, MAX_CLAIMS, MAX_MESSAGE, NOTHING, TOO_LONG, Claim, find_claims
from bot.errors import UsageError
from bot.speakers import SpeakerDirectory

PEOPLE = SpeakerDirectory.from_rows([("Maria Okafor", "Chair of the Water Board", 4), ("Tomas Lind", "", 2)])


@pytest.mark.parametrize(("message", "claim"), [
    ('Okafor said "we will not ration water this summer"', Claim("we will not ration water this summer", "Maria Okafor")),
    ("Yesterday Maria Okafor said: “Every district keeps its full supply.”",
     Claim("Every district keeps its full supply.", "Maria Okafor")),
    ("“The dam was inspected by 40 engineers,” said Lind.", Claim("The dam was inspected by 40 engineers", "Tomas Lind")),
    ("Lind says the spillway gates will be replaced in 2031", Claim("the spillway gates will be replaced in 2031", "Tomas Lind")),
    ("The reservoir holds 64 percent more water, according to Okafor.",
     Claim("The reservoir holds 64 percent more water", "Maria Okafor")),
    ("According to Tomas Lind, the dam was inspected by 40 engineers.",
     Claim("the dam was inspected by 40 engineers.", "Tomas Lind")),
    ("the mayor quoted it: «we will not ration water»", Claim("we will not ration water", "")),
    ("Biden said „we will not ration water this summer“", Claim("we will not ration water this summer", "Biden")),
])
def test_claims_and_their_speakers(message: str, claim: Claim) -> None:
    assert find_claims(message, PEOPLE).claims == (claim,)


def test_each_quotation_gets_its_own_speaker() -> None:
    found = find_claims("“Every district keeps its full supply,” said Okafor. “The gates will be replaced,” said Lind.",
                        PEOPLE)
    assert [c.speaker for c in found.claims] == ["Maria Okafor", "Tomas Lind"]


def test_at_most_five_claims_and_the_rest_counted() -> None:
    message = " ".join(f'"claim number {n} is here"' for n in range(7))
    found = find_claims(message, PEOPLE)
    assert len(found.claims) == MAX_CLAIMS and found.skipped == 2


@pytest.mark.parametrize(("message", "error"), [
    ("", EMPTY), ("   ", EMPTY), ("lovely weather today", NOTHING), ('so-called "friends" again', NOTHING),
    ("x" * (MAX_MESSAGE + 1), TOO_LONG),
])
def test_nothing_to_check_is_a_friendly_usage_error(message: str, error: str) -> None:
    with pytest.raises(UsageError) as raised:
        find_claims(message, PEOPLE)
    assert str(raised.value) == error


def test_a_name_stops_at_the_end_of_its_sentence() -> None:
    found = find_claims("The reservoir holds 64 percent more water, according to Okafor. The gates will be replaced "
                        "in 2025, according to Lind.", PEOPLE)
    assert [(c.text, c.speaker) for c in found.claims] == [
        ("The reservoir holds 64 percent more water", "Maria Okafor"), ("The gates will be replaced in 2025", "Tomas Lind")]
    assert find_claims("Ms. Okafor said every district keeps its supply", PEOPLE).claims[0].speaker == "Maria Okafor"


def test_an_apostrophe_inside_single_curly_quotes_is_part_of_the_words() -> None:
    found = find_claims("Lind told us ‘we don’t close the east dam’ yesterday", PEOPLE)
    assert found.claims == (Claim("we don’t close the east dam", "Tomas Lind"),)


@pytest.mark.parametrize("message", ["word " * 799, "Word " * 799, "‘a " * 1333, "x " * 1990 + ", according to Lind",
                                     "A said " * 570])
def test_a_long_message_is_read_in_linear_time(message: str) -> None:
    import time

    started = time.perf_counter()
    with pytest.raises(UsageError):
        find_claims(message, PEOPLE)
    assert time.perf_counter() - started < 0.25  # a scan per character took 0.8 s on 4,000 characters
