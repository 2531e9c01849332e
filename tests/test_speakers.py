"""What a user types for a speaker ("MF", "President Xi", "Xi Jinping") finds the right people, and no others."""

from __future__ import annotations

import pytest

from bot.errors import NotFoundError
from bot.speakers import SpeakerDirectory


@pytest.fixture
def directory() -> SpeakerDirectory:
    return SpeakerDirectory.from_rows([
        ("Xi Jinping", "President of China", 5), ("Xi", "President", 3),
        ("Biden", "President", 4), ("Jill Biden", "First Lady", 2), ("Hunter Biden", "", 1),
        ("Maren Folkvord", "", 3), ("Imani Castellanos", "Vice President", 2), ("CC", "Capsule Communicator", 7),
    ])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Xi Jinping", {"Xi Jinping", "Xi"}),  # the same man in two transcripts
        ("President Xi", {"Xi Jinping", "Xi"}),
        ("MR. XI", {"Xi Jinping", "Xi"}),
        ("Jill Biden", {"Jill Biden"}),  # a First Lady is not the President who shares her surname
        ("Hunter Biden", {"Hunter Biden"}),
        ("MF", {"Maren Folkvord"}),  # initials, as a label writes them
        ("VP", {"Imani Castellanos"}),  # a role's initials
        ("CC", {"CC"}),
        ("Capsule Communicator", {"CC"}),
    ],
)
def test_name_forms_resolve(directory: SpeakerDirectory, typed: str, expected: set[str]) -> None:
    assert set(directory.resolve(typed)) == expected


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    directory = SpeakerDirectory.from_rows([("Biden", "President", 4), ("Jill Biden", "First Lady", 2),
                                            ("Hunter Biden", "", 1)])
    with pytest.raises(NotFoundError):
        directory.resolve("Joe Biden")  # "Biden" could be either of two fuller names: no guess
    alone = SpeakerDirectory.from_rows([("Biden", "President", 4)])
    assert alone.resolve("Joe Biden") == ("Biden",)  # the only Biden there is
