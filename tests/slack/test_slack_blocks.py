"""Block Kit limits: 3,000 characters a section, 50 blocks, cut at a word, never the citation."""

from __future__ import annotations

from adapters.slack import blocks
from adapters.slack.limits import MAX_BLOCKS, SECTION_TEXT, assemble, cut
from adapters.slack.lookups import Lookup
from adapters.slack.replies import compose
from bot.models import Citation, Excerpt, SearchResult

CITE = Citation(speaker="Jane Doe", role="Harbour Master", retranslated=True, document="Minutes & <notes>",
                source="m.txt", paragraph=4, quote_id="abcdefghijkl", date="2022-03")


def long_excerpt() -> Excerpt:
    text = " ".join(f"harbour&{n}" for n in range(3000))  # 30k characters, each & grows to &amp;
    return Excerpt("abcdefghijkl", text, CITE, 1.0, ("harbour",))


def test_section_is_cut_at_a_word_within_3000_after_escaping() -> None:
    section, context = blocks.excerpt_group(long_excerpt())
    text = section["text"]["text"]
    assert len(text) <= SECTION_TEXT
    assert text.endswith("…”")
    assert text[:-2].rsplit(" ", 1)[1].startswith("*harbour*&amp;")  # whole last word
    cite = context["elements"][0]["text"]
    assert cite == ("Jane Doe (Harbour Master) · Minutes &amp; &lt;notes&gt;, 2022-03 · ¶4 · id `abcdefghijkl` · "
                    "_retranslated, not the speaker's own words_")


def test_fallback_keeps_the_whole_citation() -> None:
    text = blocks.fallback(long_excerpt())
    assert len(text) <= 3000
    assert text.endswith("— " + "Jane Doe (Harbour Master) · Minutes &amp; &lt;notes&gt;, 2022-03 · ¶4 · "
                         "id abcdefghijkl · retranslated, not the speaker's own words")


def test_cut_treats_no_break_spaces_as_word_boundaries() -> None:
    text = "word\u00a0" * 50
    out = cut(text, 22)
    assert out == "word\u00a0word\u00a0word\u00a0word…"


def test_assemble_caps_at_50_blocks_keeping_groups_whole_and_the_tail() -> None:
    groups = [[blocks.section(f"p{n}"), blocks.note(f"c{n}")] for n in range(40)]
    tail = [{"type": "actions", "elements": []}]
    out = assemble(groups, tail)
    assert len(out) <= MAX_BLOCKS and out[-1] == tail[0]
    assert "more not shown" in out[-2]["elements"][0]["text"]
    body = out[:-2]
    assert len(body) % 2 == 0 and all(body[i]["type"] == "section" for i in range(0, len(body), 2))


def test_search_page_message_shape() -> None:
    result = SearchResult("harbour", tuple(long_excerpt() for _ in range(5)), "Jane Doe")
    q = Lookup("search", "harbour", "Jane Doe", user="U1")
    msg = compose(blocks.search(result, 0, True), q, ephemeral=True)
    assert len(msg["blocks"]) == 1 + 5 * 2 + 1
    assert all(len(b["text"]["text"]) <= SECTION_TEXT for b in msg["blocks"] if b["type"] == "section")
    assert msg["text"].count("id abcdefghijkl") == 5


def test_lookup_too_big_for_a_button_gets_no_post_button() -> None:
    q = Lookup("verify", "x" * 2500, user="U1")
    assert q.encode() is None
    msg = compose(blocks.Rendered("t", [[blocks.section("t")]]), q, ephemeral=True)
    assert all(b["type"] != "actions" for b in msg["blocks"])
