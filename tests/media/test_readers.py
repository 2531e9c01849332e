"""Each format's reader, on the suite's own small files: speakers, sentences across cues, times and pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.transcripts.formats.speech import UNNAMED
from bot.transcripts.load import load_document
from bot.transcripts.model import Document
from bot.transcripts.moments import line_at, time_at


def doc(folder: Path, name: str) -> Document:
    return load_document(folder / name, name)


def spoken_at(d: Document, words: str) -> tuple[str, float | None]:
    """(speaker, time) of the paragraph holding ``words``, timed where they begin."""
    for p in d.paragraphs:
        at = p.text.find(words)
        if at >= 0:
            return p.speaker, time_at(p.times, at)
    raise AssertionError(f"{words!r} not in {[p.text for p in d.paragraphs]}")


def test_zoom_names_inside_cues_carry_over_to_unnamed_cues(media_dir: Path) -> None:
    d = doc(media_dir, "zoom-meeting.vtt")
    assert [p.speaker for p in d.paragraphs] == ["Marta Ruiz", "tom.baker", "Marta Ruiz", "tom.baker"]
    # The sentence runs over two cues and keeps the time of the cue where it starts.
    assert spoken_at(d, "and thanks for joining the harbour committee.") == ("Marta Ruiz", 1.0)
    assert spoken_at(d, "The dredging contract was signed on Tuesday.") == ("Marta Ruiz", 4.5)
    assert spoken_at(d, "I ask because the ferry draws four metres.") == ("tom.baker", 15.9)
    assert d.paragraphs[0].end == 12.0


def test_voice_tags_on_every_line_and_short_timings(media_dir: Path) -> None:
    d = doc(media_dir, "voices.vtt")
    assert [p.speaker for p in d.paragraphs] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert d.paragraphs[0].start == 0.86  # "0.860 --> 7.380", which webvtt-py drops
    assert spoken_at(d, "I read that log in the archive") == ("SPEAKER_01", 7.38)
    assert "Q&A sessions" in d.paragraphs[1].text and "<" not in d.paragraphs[2].text
    assert spoken_at(d, "Nobody believes me") == ("SPEAKER_00", 65.5)


def test_youtube_rolling_captions_appear_once_with_word_times(media_dir: Path) -> None:
    d = doc(media_dir, "youtube-auto.vtt")
    assert [p.text for p in d.paragraphs] == ["welcome back to the workshop today we sharpen chisels"]
    assert d.paragraphs[0].speaker == UNNAMED
    assert spoken_at(d, "welcome")[1] == 100.0
    assert spoken_at(d, "workshop")[1] == 101.9
    assert spoken_at(d, "today")[1] == 102.51  # a line's first word has its cue's time
    assert spoken_at(d, "sharpen chisels")[1] == 103.3


def test_srt_name_prefixes_and_follow_on_cards(media_dir: Path) -> None:
    d = doc(media_dir, "episode.srt")
    assert [p.speaker for p in d.paragraphs] == ["Priya", "Owen", "Priya", "Owen"]
    assert spoken_at(d, "but they rest in short bursts.") == ("Priya", 3.2)
    assert d.paragraphs[1].text == "So a drooping antenna is a sleeping bee? More or less. Try not to wake them."
    # A one-word "Look:" the file never repeats is speech, not a new speaker.
    assert d.paragraphs[2].text == "The hive hums louder at dusk. Look: they are waking up already."
    assert d.title == "Sleeping bees" and d.media == "https://www.youtube.com/watch?v=bees123"


def test_podcast_json_with_one_word_per_segment(media_dir: Path) -> None:
    d = doc(media_dir, "podcast.json")
    assert [(p.speaker, p.text) for p in d.paragraphs] == [
        ("Lena", "Compost needs air and patience. Turn it every fortnight."), ("Jonas", "Even in winter?")]
    assert spoken_at(d, "Turn it every fortnight.") == ("Lena", 4.2)
    assert d.media == "https://cdn.example.org/compost.mp3"


def test_whisper_json_word_times_and_diarization_labels_as_written(media_dir: Path) -> None:
    d = doc(media_dir, "whisper.json")
    assert [p.speaker for p in d.paragraphs] == ["SPEAKER_00"]
    assert spoken_at(d, "The mill wheel")[1] == 0.3  # the word's own time, not its segment's 0.0
    assert spoken_at(d, "river moved")[1] == 3.9


def test_youtube_transcript_json(media_dir: Path) -> None:
    d = doc(media_dir, "youtube-transcript.json")
    assert d.paragraphs[0].text.startswith("Knots hold because friction does the work, not the rope itself.")
    assert d.paragraphs[0].end == pytest.approx(20.2)
    assert spoken_at(d, "A reef knot")[1] == 18.0


def test_youtube_json3_events_with_word_offsets(media_dir: Path) -> None:
    d = doc(media_dir, "tides-youtube-json3.json")
    assert [p.text for p in d.paragraphs] == ["the tide turns twice a day"]
    assert spoken_at(d, "turns twice")[1] == 2.1 and spoken_at(d, "a day")[1] == 4.6


def test_whisper_cpp_json_in_milliseconds(media_dir: Path) -> None:
    d = doc(media_dir, "rivers-whispercpp.json")
    assert d.paragraphs[0].text == "Rivers carve canyons slowly. Wind helps a little."
    assert spoken_at(d, "Wind helps") == (UNNAMED, 3.0) and d.paragraphs[0].end == 6.5


def test_podcast_html_turns_last_until_the_next_time(media_dir: Path) -> None:
    d = doc(media_dir, "bakery.html")
    assert [(p.speaker, p.start, p.end) for p in d.paragraphs] == [("Ines", 0.0, 65.0), ("Karl", 65.0, 91.0),
                                                                    ("Ines", 91.0, None)]
    assert "grandmother's kitchen" in d.paragraphs[0].text


def test_other_html_pages_keep_main_text_with_bold_and_cite_labels(media_dir: Path) -> None:
    d = doc(media_dir, "page.html")
    assert d.title == "Council tree hearing"
    assert [(p.speaker, p.role) for p in d.paragraphs] == [("Alvarez", "Chair"), ("Dana Whitfield", ""),
                                                           ("Dana Whitfield", ""), ("Alvarez", "Chair")]
    assert d.paragraphs[-1].text == "Thank you. The arborist report says the same."
    assert not any(w in p.text for p in d.paragraphs for w in ("not speech", "Copyright", "Subscribe"))


def test_otter_headings_and_footer(media_dir: Path) -> None:
    d = doc(media_dir, "otter.txt")
    assert [(p.speaker, p.start) for p in d.paragraphs] == [("Ruth Osei", 3.0), ("Sam Kettle", 21.0), ("Ruth Osei", 24.0)]
    assert d.paragraphs[0].text.endswith("so students can study after work.")
    assert not any("otter.ai" in p.text for p in d.paragraphs)


def test_descript_bold_headings(media_dir: Path) -> None:
    d = doc(media_dir, "descript.md")
    assert d.title == "Pottery studio chat"
    assert [(p.speaker, p.start) for p in d.paragraphs] == [("Mira", 42.0), ("Theo", 70.0)]


def test_timestamps_in_text_labels_give_the_time(media_dir: Path) -> None:
    d = doc(media_dir, "kites.txt")
    assert [(p.speaker, p.start) for p in d.paragraphs] == [("Jane Doe", 90.0), ("John Roe", 125.0), ("Jane Doe", 160.0)]


def test_pdf_pages_and_margin_line_numbers(media_dir: Path) -> None:
    d = doc(media_dir, "hearing.pdf")
    assert d.title == "IN THE COURT OF TIDES"
    okafor = next(p for p in d.paragraphs if p.speaker == "Jane Okafor")
    assert (okafor.page, okafor.line) == (2, 5)
    assert "storm that no one could have foreseen" in okafor.text  # joined across the page break
    assert line_at(okafor.lines, okafor.text.find("that no one")) == (3, 1)
    assert line_at(okafor.lines, okafor.text.find("were moored")) == (2, 6)
    texts = " ".join(p.text for p in d.paragraphs)
    assert "Official" not in texts and "Tidewater" not in texts  # page furniture
    brandt = next(p for p in d.paragraphs if p.speaker == "Brandt")
    assert (brandt.role, brandt.page, brandt.line) == ("Justice", 3, 2)
    # Labels here are capitals: a wrapped line opening "Court: …" goes on with the same speech.
    last = [p for p in d.paragraphs if p.speaker == "Jane Okafor"][-1]
    assert last.text == "Not by anyone on the harbour board, and I Court: may remind the bench that the board was asked."
    assert line_at(last.lines, last.text.find("was asked")) == (3, 5)
    assert [p.speaker for p in d.paragraphs][-1] == "Marlow"
    assert {p.speaker for p in d.paragraphs} == {"Marlow", "Jane Okafor", "Brandt"}  # the full name from APPEARANCES  # no "Appearances"


@pytest.mark.parametrize(("number_dy", "ruler"), [(6, False), (-6, False), (0, True)],
                         ids=["numbers-above-baseline", "numbers-below-baseline", "ruler-column"])
def test_pdf_margin_numbers_in_other_layouts(tmp_path: Path, number_dy: int, ruler: bool) -> None:
    from .builders import write_pdf
    from .conftest import HEARING

    write_pdf(tmp_path / "h.pdf", HEARING, header="Official", footer="Reporting", number_dy=number_dy, ruler=ruler)
    d = doc(tmp_path, "h.pdf")
    okafor = next(p for p in d.paragraphs if p.speaker == "Jane Okafor")
    assert okafor.text.startswith("Thank you, Chief Justice. The buoys were moored, and the mooring failed in a storm that")
    assert (okafor.page, okafor.line) == (2, 5)
    assert line_at(okafor.lines, okafor.text.find("that no one")) == (3, 1)
    assert not any(ch.isdigit() for p in d.paragraphs for ch in p.text)


def test_docx_paragraphs_and_bold_labels(media_dir: Path) -> None:
    d = doc(media_dir, "minutes.docx")
    assert d.title == "Choir committee minutes"
    assert [(p.speaker, p.text) for p in d.paragraphs] == [
        ("Alma Reyes", "We sing on Sunday at ten, in the old chapel."),
        ("Bo Lind", "I will bring the music stands and the spare folders."),
        ("Bo Lind", "The folders are in the vestry cupboard.")]


def test_format_is_recognised_by_content(tmp_path: Path, media_dir: Path) -> None:
    (tmp_path / "captions.txt").write_bytes((media_dir / "zoom-meeting.vtt").read_bytes())
    d = doc(tmp_path, "captions.txt")
    assert d.paragraphs[0].speaker == "Marta Ruiz" and d.paragraphs[0].start == 1.0


def test_word_segments_glue_punctuation_and_contractions_not_opening_quotes() -> None:
    from bot.transcripts.formats.cues import Cue
    from bot.transcripts.formats.speech import paragraphs

    words = ["He", "said", "'Hello", "and", "it", "'s", "fine", ".", "I", "do", "n't", "know", "!"]
    [p] = paragraphs([Cue(float(i), i + 1.0, w, "Ana") for i, w in enumerate(words)])
    assert p.text == "He said 'Hello and it's fine. I don't know!"
    assert time_at(p.times, p.text.find("I don't")) == 8.0


def test_otter_docx_export_headings_give_speakers_and_times(tmp_path: Path) -> None:
    from .builders import write_docx

    write_docx(tmp_path / "otter.docx", [[("Nia Brooks  0:04", False)], [("The bridge opens to cyclists in May.", False)],
                                         [("Omar Haddad  0:12", False)], [("And to cars?", False)],
                                         [("Transcribed by https://otter.ai", False)]])
    d = doc(tmp_path, "otter.docx")
    assert [(p.speaker, p.start, p.text) for p in d.paragraphs] == [
        ("Nia Brooks", 4.0, "The bridge opens to cyclists in May."), ("Omar Haddad", 12.0, "And to cars?")]


def test_pdf_glyph_codes_for_the_hyphen() -> None:
    from bot.transcripts.formats.pdf import margin_lines

    def word(text: str, x0: float, top: float = 100.0) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 10}

    page = [word("3", 40), word("the", 80), word("Anti(cid:173)Injunction", 104), word("Act(cid:3)", 250),
            word("4", 40, 124), word("re\u00adcodified", 80, 124)]
    assert margin_lines(page) == "3 the Anti-Injunction Act\n4 re-codified"


def test_json_times_written_as_clock_strings(tmp_path: Path) -> None:
    (tmp_path / "clock.json").write_text('{"segments": [{"speaker": "Ada", "startTime": "00:01:02.500", "endTime": "1:05",'
                                         ' "body": "Engines weave algebra."}]}')
    d = doc(tmp_path, "clock.json")
    assert (d.paragraphs[0].speaker, d.paragraphs[0].start, d.paragraphs[0].end) == ("Ada", 62.5, 65.0)
