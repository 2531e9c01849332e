"""Who speaks, under which name, in transcripts of every kind the parser meets (written for these tests).

Each test states the whole roster: names, roles and turn counts, and that nobody else speaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.transcripts.load import load_document
from bot.transcripts.model import Document
from bot.transcripts.parser import parse_document

from .conftest import OWN

KINDS = OWN / "kinds"


def parse(name: str, folder: Path = KINDS) -> Document:
    return load_document(folder / name, name)


def roster(doc: Document) -> set[tuple[str, str, int]]:
    """(name, role, turns) of every speaker; the paragraphs say the same names and no others."""
    people = {(r.name, r.role, r.turns) for r in doc.roster}
    assert {(p.speaker, p.role) for p in doc.paragraphs} == {(n, r) for n, r, t in people if t}
    return people


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("air-to-ground.txt", {("P", "", 4), ("CC", "", 3), ("CT", "", 2), ("CDR/CT", "", 1)}),
        ("air-to-ground-key.txt", {("P", "Pilot", 2), ("CC", "Capsule Communicator", 1)}),
        ("court-argument.txt", {("Marlowe", "Chief Justice", 3), ("Harriet V. Okonkwo", "", 4),
                                ("Abernathy", "Justice", 2), ("Fenwick", "Justice", 2),
                                ("Samuel J. Tremaine", "", 2)}),
        ("senate-hearing.txt", {("Lucia M. Ferrante", "", 5), ("Senator", "", 2), ("Okafor-Hale", "Senator", 1),
                                ("Brandt", "Senator", 1)}),
        ("podcast-stamps.txt", {("PQX", "", 2), ("Tamsin Orr", "", 3), ("Hal Berenson", "", 2)}),
        ("podcast-clock.txt", {("Rosa Lindqvist", "", 3), ("Omar Haddad", "", 2)}),
        ("press-gaggle.txt", {("Mara Okonjo-Bell", "Principal Deputy Press Secretary", 3), ("Question", "", 2)}),
        ("kremlin-visit.txt", {("Vladimir Putin", "President of Russia", 4), ("Anton Belsky", "Port Director", 2),
                               ("Oleg Grinev", "River Fleet Captain", 1)}),
        ("valdai-session.txt", {("Daria Holm", "Session Moderator", 3), ("Vladimir Putin", "", 2),
                                ("Amara Lind", "President of Freedonia", 1)}),
        ("podcast-bold.txt", {("Nadia Brook", "", 3), ("Felix Amadi", "", 2), ("Gus Park", "", 1)}),
        ("interview-title.txt", {("Tomas Veld", "", 2), ("Question", "", 2)}),
        ("briefing-initials.txt", {("Imani Castellanos", "Vice President", 3), ("Question", "", 2)}),
        ("talk-qa.txt", {("Ottilie Marsh", "", 3), ("Question", "", 2)}),
        ("talk-plain.txt", {("Bram Oduya", "", 1)}),
        ("remarks-president.txt", {("Okoro", "President", 2), ("Question", "", 1), ("Moderator", "", 1)}),
        ("kremlin-meeting.txt", {("Vladimir Putin", "", 2), ("Sergei Sobyanin", "Moscow Mayor", 2)}),
        ("hearing-one-named.txt", {("Chair", "", 2), ("Arvo", "", 2)}),
        ("congress-hearing.txt", {("Hollis Vane", "Chairman", 2), ("Okri", "Senator", 3), ("Delacroix", "Ms.", 2)}),
        ("seminar-initials.txt", {("Ines Kowalczyk", "", 2), ("Rupert Ashdown-Lee", "", 2), ("Moana Tupou", "", 1),
                                  ("Question", "", 1), ("Answer", "", 1)}),
    ],
)
def test_full_roster_of_each_kind(name: str, expected: set[tuple[str, str, int]]) -> None:
    assert roster(parse(name)) == expected


def test_name_forms_are_kept_for_review() -> None:
    forms = {r.name: r.forms for r in parse("kremlin-visit.txt").roster}
    assert forms["Vladimir Putin"] == ("President of Russia Vladimir Putin", "Vladimir Putin")
    assert {r.name: r.forms for r in parse("podcast-stamps.txt").roster}["Hal Berenson"] == ("Hal",)


def test_quoted_documents_and_captions_stay_out_of_the_roster() -> None:
    doc = parse("valdai-session.txt")
    texts = [p.text for p in doc.paragraphs]
    quoted = next(p for p in doc.paragraphs if p.text.startswith("The Norland High Court:"))
    assert quoted.speaker == "Vladimir Putin"  # he reads it out; the court does not speak
    assert not any("Photo:" in t for t in texts)
    assert any("The Norland High Court" in w and "not taken as a speaker" in w for w in doc.warnings)


def test_court_record_loses_its_margin_and_keeps_page_and_line() -> None:
    doc = parse("court-argument.txt")
    texts = [p.text for p in doc.paragraphs]
    assert not any("Brightline" in t or "Official - Draft" in t or "abernathy 2:14" in t for t in texts)
    assert not any(t.startswith(("ORAL ARGUMENT", "ON BEHALF", "P R O C")) for t in texts)
    first = doc.paragraphs[0]
    assert first.text == "We will hear argument first this morning in Case 24-101, Northern Rail against Elmsworth."
    assert (first.page, first.page_line) == (2, 3)
    spans = next(p for p in doc.paragraphs if p.text.startswith("Only that the ordinance"))
    assert spans.text.endswith("to carriers that do not stop.") and (spans.page, spans.page_line) == (2, 25)
    interrupted = next(p for p in doc.paragraphs if p.text.startswith("-- and the town"))
    assert interrupted.speaker == "Harriet V. Okonkwo" and "Pause." in interrupted.notes
    assert doc.date == "2024-05-08" and doc.title == "IN THE HIGH COURT OF THE REPUBLIC"


def test_log_pages_come_from_page_lines() -> None:
    doc = parse("air-to-ground.txt")
    assert [p.page for p in doc.paragraphs[:2]] == [12, 12]
    assert doc.paragraphs[5].page == 13 and "SECOND STATION" not in " ".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[5].text == "Cabin pressure is holding at five point eight. The oxygen reads ninety [percent] and rising."


def test_headings_are_not_speech() -> None:
    texts = [p.text for p in parse("podcast-stamps.txt").paragraphs + parse("senate-hearing.txt").paragraphs]
    assert not any(t.startswith("#") or t in ("First round", "Opening statement") for t in texts)
    gaggle = parse("press-gaggle.txt")
    assert not any(p.text.startswith("END") for p in gaggle.paragraphs)


def test_a_record_ends_at_whereupon() -> None:
    doc = parse("court-argument.txt")
    assert doc.paragraphs[-1].text == "The case is submitted."
    assert "Whereupon, at 10:40 a.m., the case was submitted." in doc.paragraphs[-1].notes


def test_long_kremlin_roles_split_from_the_name() -> None:
    from bot.transcripts.labels import parse_label

    label = parse_label("Deputy Prime Minister – Minister of Agriculture Dmitry Patrushev: Good afternoon.")
    assert label is not None and (label.role, label.name) == ("Deputy Prime Minister – Minister of Agriculture",
                                                               "Dmitry Patrushev")


def test_thousands_of_distinct_labels_parse_in_linear_time() -> None:
    import time
    from itertools import product

    from bot.transcripts.reader import parse_bytes

    syllables = ["ba", "ko", "ri", "mu", "te", "sa", "lo", "ni", "vu", "de", "ga", "po", "zi", "he", "fa", "yo"]
    surnames = ["".join(p).title() for p in product(syllables, repeat=3)][:4000]  # 4,000 different people
    text = "A long roll call\n\n" + "\n\n".join(f"Anna {n}: Present, number {i}." for i, n in enumerate(surnames))
    started = time.perf_counter()
    doc = parse_document(parse_bytes(text.encode(), "roll.txt"), "roll.txt")
    assert len(doc.roster) == len(surnames) == len(doc.paragraphs)
    assert time.perf_counter() - started < 10  # was minutes when every label was compared with every other


def test_link_lines_are_not_turns_or_speech() -> None:
    doc = parse("seminar-initials.txt")
    assert not any("factories.pdf" in p.text for p in doc.paragraphs)
    assert doc.paragraphs[-1].speaker == "Answer"


def test_a_sentence_that_opens_like_a_hearing_label_stays_speech() -> None:
    doc = parse("congress-hearing.txt")
    assert doc.paragraphs[-2].text == "Thank you. Mr. Delacroix is not here today, so we will end there."
    last = parse("remarks-president.txt").paragraphs[-1]  # a wrapped line starting "President Okoro. Thank you"
    assert last.speaker == "Moderator" and last.text == "That ends the remarks by President Okoro. Thank you all for coming."


def test_sidecar_labels_match_however_the_dots_fall(tmp_path: Path) -> None:
    import shutil

    shutil.copy(KINDS / "court-argument.txt", tmp_path / "court.txt")
    (tmp_path / "court.meta.json").write_text(
        '{"speakers": {"Mr Tremaine": {"name": "Samuel Tremaine", "role": "Counsel"}}, "not_speakers": ["justice fenwick"]}')
    doc = parse("court.txt", tmp_path)
    people = {(r.name, r.role, r.turns) for r in doc.roster}
    assert ("Samuel Tremaine", "Counsel", 2) in people and not any(n == "Fenwick" for n, _, _ in people)
    assert any("JUSTICE FENWICK" in w and "not_speakers" in w for w in doc.warnings)


async def test_rosters_follow_a_corrected_sidecar_without_a_reload(open_service, kinds_dir: Path) -> None:
    import os

    service = await open_service(kinds_dir)
    (first,) = await service.rosters("podcast-bold")
    assert [s.name for s in first.speakers] == ["Nadia Brook", "Felix Amadi", "Gus Park"]
    assert await service.rosters("podcast-bold") == (first,)  # asked again: the same answer, read once
    (kinds_dir / "podcast-bold.meta.toml").write_text('not_speakers = ["Gus Park"]\n')
    os.utime(kinds_dir / "podcast-bold.meta.toml", ns=(1, 2_000_000_000_000_000_000))
    (again,) = await service.rosters("podcast-bold.txt")
    assert [s.name for s in again.speakers] == ["Nadia Brook", "Felix Amadi"]
    assert "Gus Park" in again.refused[0].message


def test_a_clock_time_after_the_label_is_a_note() -> None:
    last = parse("podcast-stamps.txt").paragraphs[-1]
    assert (last.speaker, last.text, last.notes) == ("Tamsin Orr", "One last point: keys can be rotated.", ("00:03:01",))


def test_a_clock_time_opening_a_paragraph_is_a_note() -> None:
    last = parse("podcast-clock.txt").paragraphs[-1]
    assert (last.speaker, last.text, last.notes) == ("Rosa Lindqvist", "Which is why I keep mine in the shed.", ("0:03:20.4",))
