"""Parsing rules, checked on transcripts written for these tests in several formats."""

from pathlib import Path

from bot.transcripts.load import load_document
from bot.transcripts.parser import parse_document
from bot.transcripts.reader import parse_bytes

from .conftest import BUNDLED, OWN


def parse(name: str, folder: Path = OWN):
    return load_document(folder / name, name)


def test_seed_speakers_roles_and_retranslation() -> None:
    doc = parse("putin-xi-videoconference-2021-12.txt", BUNDLED)
    assert doc.title == "Putin conversation with China's Xi Jinping release"
    assert doc.attribution == "President of Russia Kremlin Moscow"
    assert doc.date == "2021-12"
    speakers = {(p.speaker, p.role, p.retranslated) for p in doc.paragraphs}
    assert speakers == {("Vladimir Putin", "President of Russia", False),
                        ("Xi Jinping", "President of the People's Republic of China", True)}
    assert [p.n for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    texts = [p.text for p in doc.paragraphs]
    assert "President Xi Jinping, my\u00a0friend," in texts  # a vocative is speech, kept byte for byte
    assert not any(t.startswith(("Attribution", "Comments", "Post a Comment")) for t in texts)
    assert any("in\u00a0May [2021]" in t for t in texts)


def test_press_conference_moderator_questions_and_short_labels() -> None:
    doc = parse("press-conference.txt")
    assert doc.date == "2024-03-03"
    assert doc.attribution == "Ministry of Transport press office"
    names = [p.speaker for p in doc.paragraphs]
    assert names[0] == "Moderator"
    assert "Karenina-Smith" not in names  # the short label is the same speaker
    assert names.count("Anna Karenina-Smith") == 5
    assert names.count("Question") == 2  # "Question:" and "Q:"
    assert doc.paragraphs[1].role == "Minister of Transport of Freedonia"
    assert not any("Applause" in p.text or p.text in ("Share", "Print") for p in doc.paragraphs)
    assert "[inaudible]" in doc.paragraphs[-1].text


def test_podcast_front_matter_bold_labels_and_timestamps() -> None:
    doc = parse("podcast.txt")
    assert (doc.title, doc.date, doc.url) == ("Gardening Hour, episode 12", "2023-05-20",
                                              "https://example.org/gardening/12")
    assert {p.speaker for p in doc.paragraphs} == {"Ruth Ortega", "Dev Patel"}
    assert doc.paragraphs[1].text.startswith("Thanks for having me. [00:01:30] I have grown")
    assert doc.paragraphs[2].text.startswith("[laughs] That's honest.")


def test_hard_wrapped_interpreted_remarks_with_bom() -> None:
    doc = parse("summit-wrapped.txt")
    assert doc.title == "Summit remarks"
    first, second, third = doc.paragraphs
    assert first.speaker == "Alvarez" and first.role == "President" and not first.retranslated
    assert "Tonight we signed an agreement with our neighbours that will last for another ten years." in first.text
    assert second.speaker == "Okafor" and second.retranslated
    assert second.text.startswith("I am very happy")  # the (As interpreted.) note is a flag, not words
    assert third.text == "Thank you, my friend."
    assert len(doc.paragraphs) == 3  # "7:57 P.M. EST" is a note


def test_cp1252_with_crlf_falls_back_with_warning() -> None:
    doc = parse("interview-cp1252.txt")
    assert any("cp1252" in w for w in doc.warnings)
    assert doc.paragraphs[1].speaker == "Speaker 2"
    assert "Malmö" in doc.paragraphs[1].text
    assert doc.paragraphs[1].notes == ("00:00:09",)


def test_sidecar_metadata_wins(tmp_path: Path) -> None:
    (tmp_path / "talk.txt").write_text("First line is speech here: not a title\n\nJane Doe: Hello there, everyone.\n")
    (tmp_path / "talk.meta.toml").write_text('title = "A talk"\ndate = "2020-01-02"\nurl = "https://x.test"\n')
    doc = parse("talk.txt", tmp_path)
    assert (doc.title, doc.date, doc.url) == ("A talk", "2020-01-02", "https://x.test")


def test_single_speaker_from_front_matter() -> None:
    raw = parse_bytes(b"---\ntitle: Speech\nspeaker: Jane Doe\n---\nWe will win. We always do.\n", "s.txt")
    doc = parse_document(raw, "s.txt")
    assert [p.speaker for p in doc.paragraphs] == ["Jane Doe"]


def test_no_labels_is_a_warning_not_quotes() -> None:
    doc = parse("monologue.txt")
    assert doc.paragraphs == [] and doc.warnings


def test_yaml_front_matter_titles_lists_and_hostile_values() -> None:
    front = r'title: "Remarks by President\_Okoro and\
  \ the Council"'  # YAML escapes: a no-break space, a line continued
    raw = parse_bytes(f"---\n{front}\ndate: 2022-05-23\nspeakers: ['Ada Quill', 'NVK']\n---\nNVK: Hello.\n".encode(), "r.txt")
    assert raw.meta["title"] == "Remarks by President Okoro and the Council" and raw.meta["date"] == "2022-05-23"
    assert raw.hints.names == ("Ada Quill", "NVK")
    bomb = b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" \
           b"title: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nspeakers: [*d, *d]\n---\nJane Roe: Hi.\n"
    hostile = parse_bytes(bomb, "b.txt")
    assert "title" not in hostile.meta and hostile.hints.names == ()
    assert parse_bytes(b"---\ntitle: A talk: part two\n---\nJane Roe: Hi.\n", "c.txt").meta["title"] == "A talk: part two"
