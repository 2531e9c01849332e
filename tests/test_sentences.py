import pytest

from bot.text.sentences import split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trade grew to US$123 billion. We beat the record.", ["Trade grew to US$123 billion.", "We beat the record."]),
        ("Good to see you, Mr. President. Next time, in person.", ["Good to see you, Mr. President.", "Next time, in person."]),
        ("The U.S. economy grew 2.5 percent. It is No. 1 again.", ["The U.S. economy grew 2.5 percent.", "It is No. 1 again."]),
        ("We agree... But hey, not always.", ["We agree...", "But hey, not always."]),
        ('He said "Too many decisions are driven by fear." Then he left.',
         ['He said "Too many decisions are driven by fear."', "Then he left."]),
        ("Antony J. Blinken spoke. Wait! What?! Yes.", ["Antony J. Blinken spoke.", "Wait!", "What?!", "Yes."]),
        ("in May [2021] we launched it. In June, we met.", ["in May [2021] we launched it.", "In June, we met."]),
        ("No full stop at the end", ["No full stop at the end"]),
    ],
)
def test_split_survives_transcript_habits(text: str, expected: list[str]) -> None:
    assert split(text) == expected
