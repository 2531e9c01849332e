"""Media transcripts through the service: skipped files, context times, stable ids, and the chat renderings."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from adapters.discord.embeds import context_embed, excerpt_embed, search_embed
from adapters.slack import blocks
from bot.models import SearchResult
from bot.transcripts.formats.cues import Unreadable
from bot.transcripts.formats.pdf import read_pdf_pages

from .builders import write_pdf
from .conftest import FILES


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """The SRT episode (with its sidecar's YouTube recording) and the one-word-a-segment podcast."""
    seeds = tmp_path / "two"
    seeds.mkdir()
    for name in ("episode.srt", "episode.meta.toml", "podcast.json", "podcast.meta.json"):
        shutil.copy(FILES / name, seeds / name)
    return seeds


async def test_unknown_and_unreadable_files_are_skipped_with_a_warning(open_service, two: Path) -> None:
    (two / "notes.json").write_text('{"kind": "settings", "volume": 3}')
    (two / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is no pdf at all")
    (two / "broken.docx").write_bytes(b"not a zip")
    write_pdf(two / "scanned.pdf", [[], []], page_numbers=False)  # pages without a text layer
    service = await open_service(two)
    stats = await service.stats()
    assert stats.documents == 2 and stats.errors == ()
    warned = {w.source: w.message for w in stats.warnings}
    assert set(warned) == {"notes.json", "broken.pdf", "broken.docx", "scanned.pdf"}
    assert "skipped" in warned["notes.json"] and "no text" in warned["scanned.pdf"]
    # Skipped files are remembered: the next reload finds nothing changed.
    assert not (await service.reload()).changed
    # With an index serving, the same files never make a reload fail.
    (two / "later.json").write_text("[1, 2, 3]")
    report = await service.reload()
    assert report.applied and report.errors == () and report.added == ("later.json",)
    stats = await service.stats()
    assert stats.documents == 2
    # The files copied over unchanged keep their warnings.
    assert {w.source for w in stats.warnings} == {"notes.json", "broken.pdf", "broken.docx", "scanned.pdf", "later.json"}


def test_missing_pdf_extra_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # as on an install without quotebot[pdf]
    with pytest.raises(Unreadable, match=r"^PDF transcripts need the pdf extra: pip install 'quotebot\[pdf\]'$"):
        read_pdf_pages(tmp_path / "any.pdf")


async def test_search_context_and_ids_across_reloads(open_service, two: Path) -> None:
    service = await open_service(two)
    hit = (await service.search("antennae droop")).results[0]
    c = hit.citation
    assert (c.speaker, c.start, c.link) == ("Priya", 3.2, "https://www.youtube.com/watch?v=bees123&t=3")
    ctx = await service.context(hit.id)
    assert [(p.citation.speaker, p.citation.start) for p in ctx.paragraphs] == [("Priya", 0.5), ("Owen", 7.1),
                                                                                ("Priya", 14.0)]
    ids = {r.id for r in (await service.search("compost fortnight")).results}
    (two / "podcast.json").write_text((two / "podcast.json").read_text() + "\n")  # changed bytes, same words
    report = await service.reload(full=True)
    assert report.applied and report.quotes_added == 0 and report.quotes_removed == 0
    assert ids == {r.id for r in (await service.search("compost fortnight")).results}


async def test_chat_renderings_link_the_time_to_the_recording(open_service, two: Path) -> None:
    service = await open_service(two)
    hit = (await service.search("antennae droop")).results[0]
    link = "https://www.youtube.com/watch?v=bees123&t=3"
    assert f"[at 0:03]({link})" in (excerpt_embed(hit).description or "")
    assert "at 0:03" in (excerpt_embed(hit).footer.text or "")
    page = search_embed(SearchResult("antennae", (hit,)), page=0, per_page=5, more=False)
    assert f"[at 0:03]({link})" in page.fields[0].value
    assert "¶1 Priya · at 0:00" in context_embed(await service.context(hit.id)).fields[0].name
    assert f"<{link.replace('&', '&amp;')}|at 0:03>" in blocks.citation(hit.citation)


BAD = {
    "deep.json": b"[" * 100_000,
    "odd-times.json": (b'{"segments": [{"start": 1e400, "text": "Forever and ever."}, {"start": "soon", "text": 5},'
                       b' {"start": 2.0, "text": "Then it ended."}]}'),
    "words.json": b'{"segments": [{"start": 1, "text": "a b", "words": [1, {"word": 5}, {"word": "a", "start": "q"}]}]}',
    "timings.vtt": b"WEBVTT\n\n99:99:99.999 --> x\n<v>\n\n--> -->\n<00:00:01.000>\n",
    "empty-cues.srt": b"1\n00:00:01,000 --> 00:00:02,000\n\n\n",
    "tags.html": b"<cite>A:</cite><time>x</time><p></p><cite>" + b"<b>" * 5000,
    "cut.docx": b"PK\x03\x04word/document.xml" + bytes(range(256)),
    "cut.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 4,
}


def test_malformed_media_files_never_break_the_index(tmp_path: Path) -> None:
    from tests.test_cli import run

    seeds = tmp_path / "bad"
    seeds.mkdir()
    shutil.copy(FILES / "episode.srt", seeds / "episode.srt")
    for name, data in BAD.items():
        (seeds / name).write_bytes(data)
    out = run("stats", "--json", db=tmp_path / "bad.db", seeds=seeds)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    import json

    stats = json.loads(out.stdout)
    assert stats["quotes"] > 0 and stats["errors"] == []
    assert {w["source"] for w in stats["warnings"]} >= {"deep.json", "cut.docx", "cut.pdf"}
    verdict = json.loads(run("verify", "Forever and ever.", "--json", db=tmp_path / "bad.db", seeds=seeds).stdout)
    assert verdict["verdict"] == "exact" and verdict["match"]["start"] is None  # an infinite time is no time


def test_reload_says_which_files_were_skipped(tmp_path: Path, two: Path) -> None:
    from tests.test_cli import run

    db = tmp_path / "r.db"
    assert run("index", db=db, seeds=two).returncode == 0
    (two / "settings.json").write_text('{"theme": "dark"}')
    out = run("reload", db=db, seeds=two)
    assert out.returncode == 0, out.stderr
    assert "warning: settings.json: JSON without transcript segments" in out.stdout and "skipped" in out.stdout


@pytest.mark.parametrize("link", ["https://cdn.example.org/ep.mp3#t=754", "https://cdn.example.org/" + "a" * 5000 + ".mp3#t=754"])
def test_timed_embeds_and_blocks_stay_within_limits(link: str) -> None:
    from adapters.discord.embeds import fact_embed, verdict_embed
    from bot.models import Citation, Excerpt, Fact, Verdict
    from tests.discord.fake_api import embed_problems

    huge = " ".join(f"word{n} *bold* @everyone" for n in range(3000))
    cite = Citation(speaker="Lena " * 40, role="Host " * 60, retranslated=True, document="D" * 5000, source="p.json",
                    paragraph=3, quote_id="abcdefghijkl", start=754.2, end=760.0, link=link)
    ex = Excerpt("abcdefghijkl", huge, cite, 1.0, ("word7",))
    for embed in (excerpt_embed(ex), fact_embed(Fact(ex, "count", 3.0, "", "three", "x")),
                  verdict_embed(Verdict("exact", 1.0, huge, match=ex)),
                  search_embed(SearchResult("q", (ex,) * 5), page=0, per_page=5, more=True)):
        assert embed_problems({"embeds": [embed.to_dict()]}) == []
    short = len(link) <= 512
    assert ("[at 12:34](" in (excerpt_embed(ex).description or "")) is short
    note = blocks.citation(cite)
    assert ("|at 12:34>" in note) is short and "at 12:34" in note and "a" * 600 not in note
