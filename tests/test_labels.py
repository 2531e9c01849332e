import pytest

from bot.transcripts.labels import parse_label


@pytest.mark.parametrize(
    ("line", "role", "name", "translated"),
    [
        ("President of Russia Vladimir Putin: President Xi, my dear friend,", "President of Russia", "Vladimir Putin", False),
        ("President of the People's Republic of China Xi Jinping (retranslated): Hello",
         "President of the People's Republic of China", "Xi Jinping", True),
        ("President of Mongolia Khaltmaagiin Battulga (retranslated):President Putin", "President of Mongolia",
         "Khaltmaagiin Battulga", True),
        ("PRESIDENT XI:  (As interpreted.)  Good to see you", "President", "Xi", True),
        ("Dmitry Peskov: Yes.", "", "Dmitry Peskov", False),
        ("Press Secretary Dmitry Peskov: Yes.", "Press Secretary", "Dmitry Peskov", False),
        ("Secretary of State Antony J. Blinken: Thanks.", "Secretary of State", "Antony J. Blinken", False),
        ("**Jerod Santo:** Hello, fellow Gophers.", "", "Jerod Santo", False),
        ("Speaker 2 (00:14:05): Right.", "", "Speaker 2", False),
        ("MODERATOR: Welcome.", "", "Moderator", False),
        ("Q: And the budget?", "", "Question", False),
        ("Jane Roe (via interpreter): Hello.", "", "Jane Roe", True),
        ("[00:12:34] Jane Roe: Hello again.", "", "Jane Roe", False),
        ("Q    Mr. President, will you go?", "", "Question", False),
    ],
)
def test_labels_split_into_role_and_name(line: str, role: str, name: str, translated: bool) -> None:
    label = parse_label(line)
    assert label is not None
    assert (label.role, label.name, label.translated) == (role, name, translated)


@pytest.mark.parametrize(
    "line",
    [
        "President Xi Jinping, my friend,",
        "We must adhere to the principles set by the roadmap: to support trust",
        "Publication date: June 14, 2019, 14:15",
        "Attribution: President of Russia Kremlin Moscow",
        "Comments :",
        "14:15",
        "June 14, 2019 14:15 Bishkek",
        "See https://example.org: it is there",
        "Note: this is page furniture",
    ],
)
def test_speech_and_furniture_are_not_labels(line: str) -> None:
    assert parse_label(line) is None


def test_notes_after_label_stay_in_speech() -> None:
    label = parse_label("**Ruth:** [laughs] That's honest.")
    assert label is not None and label.rest == "[laughs] That's honest."


@pytest.mark.parametrize(
    ("line", "role", "name", "style"),
    [
        ("0:35:43.7 **Rosa Lindqvist** Hello and welcome.", "", "Rosa Lindqvist", "bold"),
        ("Moscow Mayor Sergei Sobyanin: Thank you.", "Moscow Mayor", "Sergei Sobyanin", "plain"),
        ("Q - Does it run on mainnet?", "", "Question", "plain"),
        ("A - Not yet.", "", "Answer", "plain"),
        ("Senator Okri. Thank you, Mr. Chairman.", "Senator", "Okri", "period"),
        ("The Chairman. The committee will come to order.", "", "The Chairman", "period"),
        ("Mr. Powell. Thank you, Senator.", "Mr.", "Powell", "period"),
        ("CDR/LMP: Roger.", "", "CDR/LMP", "caps"),
        ("NVK: 00:01:08", "", "NVK", "caps"),
    ],
)
def test_more_label_shapes(line: str, role: str, name: str, style: str) -> None:
    label = parse_label(line)
    assert label is not None and (label.role, label.name, label.style) == (role, name, style)


@pytest.mark.parametrize(
    "line",
    [
        "Valdai International Discussion Club. Photo: press service",
        "TOWN OF ELMSWORTH :",
        "Thank you. Mr. Powell said so.",
        "The End. Of the story.",
        "Mr. Long.",
        "Image source: archive",
    ],
)
def test_captions_and_sentences_are_not_labels(line: str) -> None:
    assert parse_label(line) is None
