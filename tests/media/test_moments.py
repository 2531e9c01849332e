"""Clock times, deep links and the citation line of a timed or paged excerpt."""

from __future__ import annotations

import pytest

from bot.models import Citation, Excerpt
from bot.transcripts.moments import clock, deep_link, span_moment


@pytest.mark.parametrize(("base", "seconds", "want"), [
    ("https://www.youtube.com/watch?v=abc", 75.9, "https://www.youtube.com/watch?v=abc&t=75"),
    ("https://youtu.be/abc", 75.0, "https://youtu.be/abc?t=75"),
    ("https://www.youtube.com/watch?v=abc&t=10", 3.0, "https://www.youtube.com/watch?v=abc&t=3"),
    ("https://open.spotify.com/episode/xyz", 61.2, "https://open.spotify.com/episode/xyz?t=61"),
    ("https://cdn.example.org/ep.mp3", 12.0, "https://cdn.example.org/ep.mp3#t=12"),
    ("https://cdn.example.org/ep.mp3#t=5", 12.0, "https://cdn.example.org/ep.mp3#t=12"),
    ("javascript:alert(1)", 12.0, ""),
    ("ftp://example.org/ep.mp3", 12.0, ""),
    ("https://cdn.example.org/ep.mp3", None, ""),
    ("", 12.0, ""),
])
def test_deep_links(base: str, seconds: float | None, want: str) -> None:
    assert deep_link(base, seconds) == want


def test_clock() -> None:
    assert [clock(s) for s in (0, 59.99, 754.2, 3723)] == ["0:00", "0:59", "12:34", "1:02:03"]


def test_span_moment_is_the_cue_of_the_first_word_and_the_end_of_the_last() -> None:
    times = [(0, 10.0, 12.0), (20, 12.0, 15.5), (45, 15.5, 18.0)]
    assert span_moment(10.0, None, times, [], 25, 44) == (12.0, 15.5, None, None)
    assert span_moment(10.0, None, times, [], 19, 46) == (10.0, 18.0, None, None)
    assert span_moment(None, 2, [], [(0, 2, 5), (30, 3, 1)], 31, 40) == (None, None, 3, 1)


def _cite(**kw: object) -> Citation:
    base: dict = {"speaker": "Lena", "role": "", "retranslated": False, "document": "Compost corner",
                  "source": "podcast.json", "paragraph": 1, "quote_id": "abcdefghijkl"}
    return Citation(**(base | kw))


def test_citation_line_and_excerpt_fields() -> None:
    timed = Excerpt("abcdefghijkl", "Compost needs air.", _cite(start=754.2, end=757.0, link="https://x.org/a.mp3#t=754"))
    assert "· ¶1 · at 12:34 · id abcdefghijkl" in timed.citation.line()
    d = timed.to_dict()
    assert (d["start"], d["end"], d["page"], d["line"], d["link"]) == (754.2, 757.0, None, None, "https://x.org/a.mp3#t=754")
    paged = Excerpt("abcdefghijkl", "Thank you.", _cite(page=12, line_no=5))
    assert "· ¶1 · p. 12, l. 5 · id" in paged.citation.line()
    plain = Excerpt("abcdefghijkl", "Thank you.", _cite()).to_dict()
    assert (plain["start"], plain["page"], plain["line"], plain["link"]) == (None, None, None, None)


def test_original_offset_undoes_folding() -> None:
    from bot.text.fold import fold
    from bot.transcripts.moments import original_offset

    text = "Straße… und  dann „Fluss“ kam"
    for word in ("und", "dann", "Fluss", "kam"):
        folded_at = fold(text).find(fold(word))
        assert text[original_offset(text, folded_at):].startswith(word)
    assert original_offset("plain ascii", 6) == 6 and original_offset("x", -1) == -1
