"""The meaning signal: the bundled sentence model finds paraphrases; QUOTEBOT_SEMANTIC=off turns it off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bot.config import load_settings
from bot.errors import UsageError
from bot.semantic.dense import DenseIndex
from bot.semantic.encoder import DEFAULT, MODELS, encoder, quantise
from bot.service import QuoteService
from bot.store import vectors

pytestmark = pytest.mark.default_model  # ranking by meaning: on the model users get

TOWN_HALL = """Riverside town hall, March 2024

Mayor Ana Ruiz: Good evening, everyone, and thank you for coming out tonight.

Mayor Ana Ruiz: The repairs to the old bridge will be finished before the first snow of winter.

Mayor Ana Ruiz: Our library will open its doors on Sundays from next month.

Councillor Tom Park: Bus fares are going up by ten percent, and I voted against it.

Councillor Tom Park: Nobody on this council wants the market square turned into a car park.

Mayor Ana Ruiz: We planted four hundred trees along the river path this spring.
"""
PARAPHRASE = "the crossing gets fixed ahead of the cold season"
"""Shares no content word with the bridge sentence."""


@pytest.fixture
def town(tmp_path: Path) -> Path:
    seeds = tmp_path / "town"
    seeds.mkdir()
    (seeds / "town-hall.txt").write_text(TOWN_HALL, encoding="utf-8")
    return seeds


def _cli(*args: str, db: Path, seeds: Path, semantic: str = "on") -> subprocess.CompletedProcess[str]:
    # No network: no proxy, and the hub libraries told to stay offline; the model must come from the package.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DISCORD_", "SLACK_", "QUOTEBOT_")) and "proxy" not in k.lower()}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", QUOTEBOT_SEMANTIC=semantic)
    argv = [sys.executable, "-m", "adapters.cli", *args, "--db", str(db), "--seeds", str(seeds)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env,
                          cwd=Path(__file__).resolve().parents[1])


def test_a_paraphrase_finds_its_sentence_through_the_cli(town: Path, tmp_path: Path) -> None:
    out = _cli("search", PARAPHRASE, "--json", db=tmp_path / "on.db", seeds=town)
    assert out.returncode == 0, out.stderr
    first = json.loads(out.stdout)["results"][0]
    assert "old bridge" in first["text"] and first["speaker"] == "Ana Ruiz"


def test_semantic_off_searches_by_words_only(town: Path, tmp_path: Path) -> None:
    off = _cli("search", PARAPHRASE, "--json", db=tmp_path / "off.db", seeds=town, semantic="off")
    assert off.returncode == 0, off.stderr
    assert not any("old bridge" in r["text"] for r in json.loads(off.stdout)["results"])
    words = _cli("search", "bridge repairs", "--json", db=tmp_path / "off.db", seeds=town, semantic="off")
    assert "old bridge" in json.loads(words.stdout)["results"][0]["text"]


def test_a_bad_semantic_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", "maybe")
    with pytest.raises(UsageError, match="QUOTEBOT_SEMANTIC must be on, small or off"):
        load_settings(env_file=False)


@pytest.mark.parametrize(("raw", "model"), [("", "mpnet"), ("on", "mpnet"), ("1", "mpnet"), ("Small", "minilm"),
                                             ("off", ""), ("0", "")])
def test_the_semantic_setting_names_a_model(monkeypatch: pytest.MonkeyPatch, raw: str, model: str) -> None:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", raw)
    assert load_settings(env_file=False).semantic == model


def test_switching_models_on_one_index_encodes_anew_and_never_mixes_vectors(town: Path, tmp_path: Path) -> None:
    db = tmp_path / "both.db"
    small = _cli("search", PARAPHRASE, "--json", db=db, seeds=town, semantic="small")
    assert small.returncode == 0, small.stderr
    assert "old bridge" in json.loads(small.stdout)["results"][0]["text"]
    base = _cli("search", PARAPHRASE, "--json", db=db, seeds=town)  # same index, the default model
    assert base.returncode == 0, base.stderr
    assert "old bridge" in json.loads(base.stdout)["results"][0]["text"]
    import sqlite3

    with sqlite3.connect(db) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'g%vectors%'")}
        sizes = {t: {r[0] for r in con.execute(f"SELECT length(vec) FROM {t} WHERE id != ''")} for t in tables}
    assert sizes == {t: {MODELS[t.rsplit("_", 1)[1]].dimensions} for t in tables} and len(tables) == 2


@pytest.mark.parametrize("key", sorted(MODELS))
def test_each_bundled_model_ranks_meaning(key: str) -> None:
    folder = MODELS[key].folder
    assert (folder / "model.onnx").is_file() and (folder / "LICENSE").is_file()
    v = encoder(key).encode(["The bridge will be repaired before winter.", "The crossing gets fixed before the cold season.",
                          "Bus fares are going up."])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_dense_index_nearest_and_similarity_over_int8_vectors() -> None:
    unit = np.eye(4, dtype=np.float32)
    rows = [(f"id{n:010d}", quantise(unit[n]).tobytes()) for n in range(4)]
    index = DenseIndex.from_rows(rows)
    query = np.array([0.1, 0.0, 0.9, 0.4], dtype=np.float32)
    assert [i for i, _ in index.nearest(query, 2)] == ["id0000000002", "id0000000003"]
    sims = index.similarity(query, ["id0000000000", "id0000000002", "nosuchquote1"])
    assert set(sims) == {"id0000000000", "id0000000002"} and abs(sims["id0000000002"] - 0.9) < 0.01


async def test_vectors_follow_reloads_by_quote_id(town: Path, tmp_path: Path) -> None:
    service = await QuoteService.open(load_settings(seeds=str(town), db=str(tmp_path / "r.db"), env_file=False))
    try:
        g = (await service._snapshot()).reader.g
        assert await vectors.count(service.db, g, DEFAULT) == (await service.stats()).quotes
        (town / "extra.txt").write_text("Extra\n\nJo Bell: The ferry now runs every hour until midnight.\n", encoding="utf-8")
        (town / "town-hall.txt").write_text(TOWN_HALL.replace("Bus fares are going up by ten percent, and I voted against it.\n\n", ""),
                                            encoding="utf-8")
        assert (await service.reload()).applied
        g2 = (await service._snapshot()).reader.g
        assert g2 != g and await vectors.count(service.db, g2, DEFAULT) == (await service.stats()).quotes
        assert await vectors.complete(service.db, g2, DEFAULT)  # the next start need not look for missing vectors
        found = await service.search("boats crossing the water late at night")
        assert found.results[0].speaker == "Jo Bell"
        assert not any("Bus fares" in r.text for r in (await service.search("ticket prices for buses")).results)
    finally:
        await service.close()


@pytest.mark.parametrize("semantic", ["on", "off"])
async def test_a_fact_topic_in_other_words_finds_the_fact(town: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          semantic: str) -> None:
    monkeypatch.setenv("QUOTEBOT_SEMANTIC", semantic)
    service = await QuoteService.open(load_settings(seeds=str(town), db=str(tmp_path / f"{semantic}.db"), env_file=False))
    try:
        found = [(f.kind, f.value) for f in await service.facts("saplings put in the ground near the water")]
        assert (("count", 400.0) in found) == (semantic == "on")
    finally:
        await service.close()


async def test_verify_loose_claims(town: Path, tmp_path: Path) -> None:
    service = await QuoteService.open(load_settings(seeds=str(town), db=str(tmp_path / "v.db"), env_file=False))
    try:
        changed = await service.verify("Tom Park said bus tickets will cost twenty percent more")
        assert changed.verdict == "altered" and changed.said_by.endswith("Tom Park")
        assert changed.headline() == "Altered: ten percent, not twenty percent"
        assert changed.match and "Bus fares" in changed.match.text
        moved = await service.verify("Before the first snow of winter, the repairs to the old bridge will be finished.",
                                     speaker="Ana Ruiz")
        assert moved.verdict == "close"
        never = await service.verify("The mayor said the library will hire 12 new librarians.")
        assert never.verdict == "not_found"
    finally:
        await service.close()


async def test_above_the_scan_limit_meaning_reranks_the_words_candidates_only(town: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.semantic import searcher

    monkeypatch.setattr(searcher, "SCAN_LIMIT", 3)  # the town hall has 6 quotes: too many to scan, as a million would be
    service = await QuoteService.open(load_settings(seeds=str(town), db=str(tmp_path / "big.db"), env_file=False))
    try:
        assert not any("old bridge" in r.text for r in (await service.search(PARAPHRASE)).results)
        words = await service.search("old bridge before the snow")
        assert "old bridge" in words.results[0].text
        probe = await service.semantic.probe(service.db, (await service._snapshot()).reader.g, PARAPHRASE)
        assert probe and probe.index is None and probe.nearest(5) == []
        assert len(await probe.similarity([words.results[0].id])) == 1  # read from the vectors table by id
    finally:
        await service.close()


PODCAST = """Garden hour, episode 40

Host Pia Lund: Next up, our listener poll. Oskar Vale told us that most garden advice is written for people with far too much time.

Oskar Vale: Honestly, nobody I know has four hours a week to prune roses. Most garden advice assumes you have all the time in the world.

Oskar Vale: Gardening should fit a busy life, a weekend hour at most.

Host Pia Lund: A staggering 88% of listeners agree with Oskar.

Host Pia Lund: Coming up after the break, compost and worms.
"""


async def test_a_claim_merging_neighbouring_turns_is_altered(open_transcript: Callable) -> None:
    # The number is in the host's turn, what it is about in the guest's words two turns before.
    service = await open_transcript("episode.txt", PODCAST)
    v = await service.verify("Pia said 60% of listeners agreed with Oskar Vale that garden advice assumes too much time.")
    assert v.verdict == "altered" and v.match and "88%" in v.match.text
    assert v.headline() == "Altered: 88%, not 60%"
