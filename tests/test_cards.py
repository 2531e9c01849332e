"""Quote cards: a golden image compared pixel by pixel within a tolerance, and only the shipped font loaded."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from adapters import cards
from bot.models import TRANSLATION_NOTE, Citation, Excerpt

GOLDEN = Path(__file__).resolve().parent / "golden" / "quote-card.png"
CITATION = Citation("Maria Okafor", "Chair of the Water Board", True, "Water board briefing on the reservoir",
                    "water-board-briefing.txt", 2, "k3v7qz2mw4xa", "2023-06-14")
EXCERPT = Excerpt("k3v7qz2mw4xa", "We will not ration water this summer. Every district keeps its full supply.", CITATION)


def differs(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute difference per channel, share of pixels whose difference is above 16)."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    histogram = diff.histogram()
    channels = [histogram[i * 256:(i + 1) * 256] for i in range(3)]
    pixels = a.size[0] * a.size[1]
    mean = sum(v * n for ch in channels for v, n in enumerate(ch)) / (3 * pixels)
    far = diff.convert("L").point(lambda v: 255 if v > 16 else 0).histogram()[255] / pixels
    return mean, far


def png(card: cards.Card) -> Image.Image:
    return Image.open(io.BytesIO(card.png))


def test_the_card_matches_the_golden_image() -> None:
    card = cards.render(EXCERPT)
    if os.environ.get("QUOTEBOT_WRITE_GOLDEN"):
        GOLDEN.write_bytes(card.png)
    image = png(card)
    assert image.size == cards.SIZE == (1200, 630)
    mean, far = differs(image, Image.open(GOLDEN))
    assert mean < 1.0 and far < 0.005, (mean, far)


def test_the_tolerance_still_sees_a_changed_card() -> None:
    """Without the translation note, or with other words, the card is no longer the golden one."""
    from dataclasses import replace

    own_words = cards.render(replace(EXCERPT, citation=replace(CITATION, retranslated=False)))
    other = cards.render(replace(EXCERPT, text="We will ration water this summer. Every district keeps its supply."))
    for card in (own_words, other):
        mean, far = differs(png(card), Image.open(GOLDEN))
        assert far >= 0.001, (mean, far)


def test_alt_text_is_the_full_quote_and_citation() -> None:
    card = cards.render(EXCERPT)
    assert card.alt == f"“{EXCERPT.text}” — {CITATION.line()}"
    assert TRANSLATION_NOTE in card.alt and "k3v7qz2mw4xa" in card.alt
    assert card.filename == "quote-k3v7qz2mw4xa.png"


def test_a_very_long_quote_still_fits_and_alt_text_stays_within_limits() -> None:
    from dataclasses import replace

    long = replace(EXCERPT, text=" ".join(["the reservoir and the east dam will be repaired"] * 80) + ".")
    card = cards.render(long)
    assert png(card).size == cards.SIZE
    assert len(card.alt) <= cards.ALT_TEXT and card.alt.endswith(CITATION.line())


def test_it_renders_with_no_system_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every font the renderer opens is one shipped in adapters/fonts; the default and system fonts are never asked for."""
    opened: list[str] = []
    real = ImageFont.truetype

    def only_shipped(font: str, size: float = 10, *args: object, **kwargs: object) -> ImageFont.FreeTypeFont:
        opened.append(str(font))
        if Path(str(font)).parent != cards.FONTS:
            raise OSError(f"not a shipped font: {font}")
        return real(font, size, *args, **kwargs)  # type: ignore[arg-type]

    def no_default(*args: object, **kwargs: object) -> None:
        raise OSError("no default font on this machine")

    monkeypatch.setattr(ImageFont, "truetype", only_shipped)
    monkeypatch.setattr(ImageFont, "load_default", no_default)
    cards._font.cache_clear()
    try:
        card = cards.render(EXCERPT)
    finally:
        cards._font.cache_clear()
    assert opened and {Path(p).name for p in opened} <= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
    assert png(card).getextrema() != ((15, 15), (23, 23), (42, 42))  # not a blank card: text was drawn
    assert (cards.FONTS / "LICENSE-DejaVu.txt").is_file()
