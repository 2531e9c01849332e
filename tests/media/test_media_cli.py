"""Every format end to end through the real ``quotebot`` command: verify finds the words, the speaker,
and the moment (start, or page and line) with a link to the recording where one is configured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run

CASES = [
    # (file, words as a person types them, speaker, start, page, line, link)
    ("zoom-meeting.vtt", "The dredging contract was signed on Tuesday.", "Marta Ruiz", 4.5, None, None, None),
    ("zoom-meeting.vtt", "I ask because the ferry draws four metres.", "tom.baker", 15.9, None, None, None),
    ("voices.vtt", "It mentions Q&A sessions with the fishermen, oddly enough.", "SPEAKER_01", 12.04, None, None, None),
    ("youtube-auto.vtt", "we sharpen chisels", None, 103.0, None, None, None),
    ("episode.srt", "Their antennae droop when they rest.", "Priya", 3.2, None, None,
     "https://www.youtube.com/watch?v=bees123&t=3"),
    ("podcast.json", "Turn it every fortnight.", "Lena", 4.2, None, None, "https://cdn.example.org/compost.mp3#t=4"),
    ("whisper.json", "Then the river moved and the mill fell silent.", "SPEAKER_00", 3.6, None, None, None),
    ("youtube-transcript.json", "A reef knot slips under load.", None, 18.0, None, None, None),
    ("bakery.html", "That sounds like a pet.", "Karl", 65.0, None, None, None),
    ("page.html", "That oak shaded my street for sixty years, and it is healthy.", "Dana Whitfield", None, None, None, None),
    ("otter.txt", "The city covers the heating.", "Ruth Osei", 24.0, None, None, None),
    ("descript.md", "That is why I keep a bucket of scraps.", "Theo", 70.0, None, None, None),
    ("hearing.pdf", "that no one could have foreseen", "MS. OKAFOR", None, 3, 1, None),
    ("hearing.pdf", "Was the storm forecast at all?", "JUSTICE BRANDT", None, 3, 2, None),
    ("kites.txt", "Kites fly best in steady wind.", "John Roe", 125.0, None, None, None),
    ("minutes.docx", "I will bring the music stands and the spare folders.", "Bo Lind", None, None, None, None),
]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    import shutil

    from .conftest import FILES, build_binaries

    seeds = tmp_path_factory.mktemp("media") / "seeds"
    shutil.copytree(FILES, seeds)
    build_binaries(seeds)
    db = seeds.parent / "media.db"
    out = run("index", "--json", db=db, seeds=seeds)
    assert out.returncode == 0, out.stderr
    return seeds, db


@pytest.mark.parametrize(("name", "words", "speaker", "start", "page", "line", "link"), CASES,
                         ids=[f"{c[0]}:{c[1][:20]}" for c in CASES])
def test_verify_finds_the_moment(indexed: tuple[Path, Path], name: str, words: str, speaker: str | None,
                                 start: float | None, page: int | None, line: int | None, link: str | None) -> None:
    seeds, db = indexed
    out = run("verify", words, *(["--speaker", speaker] if speaker else []), "--json", db=db, seeds=seeds)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["verdict"] == "exact", got["headline"]
    m = got["match"]
    assert m["source"] == name
    assert m["start"] == (pytest.approx(start) if start is not None else None)
    assert (m["page"], m["line"], m["link"]) == (page, line, link)
    if start is not None:
        assert " · at " in m["citation"]
    if page is not None:
        assert f"p. {page}, l. {line}" in m["citation"]


def test_index_reads_every_format_and_the_stats_say_so(indexed: tuple[Path, Path]) -> None:
    seeds, db = indexed
    stats = json.loads(run("stats", "--json", db=db, seeds=seeds).stdout)
    assert stats["documents"] == 16 and stats["errors"] == [] and stats["warnings"] == []
