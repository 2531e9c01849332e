import pytest

from bot.text.fold import fold
from bot.text.terms import index_text


@pytest.mark.parametrize(
    ("british", "american"),
    [("organisation", "organization"), ("programme", "program"), ("defence", "defense"),
     ("politicise", "politicize"), ("centre", "center"), ("neighbourliness", "neighborliness"),
     ("travelled", "traveled"), ("analyse", "analyze"), ("colour", "color")],
)
def test_spellings_meet_both_ways(british: str, american: str) -> None:
    assert index_text(british) == index_text(american)


def test_short_words_are_not_mangled() -> None:
    assert index_text("four hours your tour") == "four hours your tour"


def test_fold_only_for_matching() -> None:
    assert fold("I\u00a0am “delighted”\u2014truly  ’tis") == "i am \"delighted\"-truly 'tis"
