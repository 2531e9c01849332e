"""HTML transcripts: Podcasting 2.0's ``<cite>Name:</cite><time>m:ss</time><p>…</p>``, and other pages'
main text, where a bold or ``<cite>`` name opening a block is that block's speaker label.

Read with the standard library's html.parser: the pages are simple and no dependency is needed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .cues import Cue, clean, seconds

_BLOCKS = frozenset("p div li h1 h2 h3 h4 h5 h6 tr blockquote section article dd dt br time cite".split())
_SKIP = frozenset("script style nav header footer noscript template svg head aside form button".split())
_LABELS = frozenset("b strong cite".split())
_MAIN = frozenset(("main", "article"))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = [("", "")]
        """(tag that opened the block, text)."""
        self.skip = 0
        self.title = ""
        self._in_title = False
        self._label_open = False
        self.main = 0
        """Depth inside <main> or <article>: where a page has one, its transcript is there."""
        self.in_main: list[bool] = [False]
        """For each block, whether it lies inside <main> or <article>."""

    def _new(self, tag: str) -> None:
        if self.blocks[-1][1].strip():
            self.blocks.append((tag, ""))
            self.in_main.append(self.main > 0)
        else:
            self.blocks[-1] = (tag, "")
            self.in_main[-1] = self.main > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "title":
            self._in_title = True
        if self.skip:
            return
        if tag in _MAIN:
            self.main += 1
        if tag in _BLOCKS or tag in _MAIN:
            self._new(tag)
        if tag in _LABELS and not self.blocks[-1][1].strip():
            self._label_open = True
            self.blocks[-1] = (self.blocks[-1][0], self.blocks[-1][1] + "\x01")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self._in_title = False
        if self.skip:
            return
        if tag in _LABELS and self._label_open:
            self._label_open = False
            self.blocks[-1] = (self.blocks[-1][0], self.blocks[-1][1] + "\x02")
        if tag in _MAIN and self.main:
            self.main -= 1
        if (tag in _BLOCKS and tag not in ("cite",)) or tag in _MAIN:
            self._new("")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skip:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def _page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def is_podcast_html(text: str) -> bool:
    return "<cite" in text and "<time" in text


def read_podcast_html(text: str) -> list[Cue]:
    """Turns of a Podcasting 2.0 HTML transcript; a turn lasts until the next one's time."""
    turns: list[list] = []
    speaker, start = "", None
    for tag, raw in _page(text).blocks:
        body = clean(raw.replace("\x01", "").replace("\x02", ""))
        if not body:
            continue
        if tag == "cite":
            speaker = body.rstrip(":").strip()
        elif tag == "time" and seconds(body) is not None:
            start = seconds(body)
        else:
            turns.append([start, None, body, speaker])
            start = None
    for a, b in zip(turns, turns[1:], strict=False):
        a[1] = b[0]
    return [Cue(s, e, t, who) for s, e, t, who in turns]


_LABEL_RUN = re.compile(r"^\x01([^\x01\x02]{1,80})\x02\s*")


def page_text(text: str) -> tuple[str, str]:
    """(title, main text as labelled lines) of an ordinary page, for the text parser."""
    page = _page(text)
    lines = []
    main = any(page.in_main)
    for (_, raw), inside in zip(page.blocks, page.in_main, strict=True):
        if main and not inside:
            continue  # around the page's <main> or <article>: menus, teasers, comments
        m = _LABEL_RUN.match(raw)
        if m and len(m.group(1).split()) <= 6:
            name = m.group(1).strip().rstrip(":").strip()
            rest = raw[m.end():].lstrip(": \t")  # "<cite>Name</cite>: words"
            raw = f"{name}: {rest}" if name and rest.strip() else raw
        body = clean(raw.replace("\x01", "").replace("\x02", ""))
        if body:
            lines.append(body)
    return clean(html.unescape(page.title)), "\n\n".join(lines)
