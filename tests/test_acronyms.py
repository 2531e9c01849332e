"""Acronyms the transcripts teach, learned at build time and expanded at query time."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.service import QuoteService
from bot.text.acronyms import definitions

TRADE = """Trade talks

Ana Diaz: We signed a deal with the Eurasian Economic Union (EAEU) last week.

Ana Diaz: Members of the Eurasian Economic Union will cut tariffs on grain next year.

Ben Ode: The Green River Authority manages every dam on the river.

Ben Ode: Every dam on the coast is run by the state.

Ben Ode: Tariffs on grain from elsewhere stay where they are.
"""


def test_definitions_in_parentheses_and_initials_of_names() -> None:
    found = definitions("We signed a deal with the Eurasian Economic Union (EAEU) and the Shanghai Cooperation Organisation (SCO).")
    assert ("EAEU", "Eurasian Economic Union") in found and ("SCO", "Shanghai Cooperation Organisation") in found
    assert ("BRI", "Belt and Road International") in definitions("at the Belt and Road International Forum")


@pytest.mark.parametrize("semantic", ["on", "off"])
async def test_an_acronym_finds_the_spelled_out_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, semantic: str) -> None:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", semantic)
    seeds = tmp_path / "trade"
    seeds.mkdir()
    (seeds / "trade.txt").write_text(TRADE, encoding="utf-8")
    service = await QuoteService.open(load_settings(seeds=str(seeds), db=str(tmp_path / "t.db"), env_file=False))
    try:
        found = await service.search("EAEU grain tariffs")
        assert "Members of the Eurasian Economic Union" in found.results[0].text
        assert "Green River Authority" in (await service.search("GRA dam")).results[0].text
    finally:
        await service.close()
