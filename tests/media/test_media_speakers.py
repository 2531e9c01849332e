"""Recordings have rosters too: ``quotebot speakers`` reads them with the index's own readers, and a
sidecar's ``speakers`` table names diarized labels (``SPEAKER_00``) for search, verify and citations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.test_cli import run

from .conftest import FILES


def _seeds(tmp_path: Path, sidecar: str | None) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FILES / "whisper.json", seeds / "mill.json")
    shutil.copy(FILES / "zoom-meeting.vtt", seeds / "harbour.vtt")
    if sidecar:
        (seeds / "mill.meta.toml").write_text(sidecar, encoding="utf-8")
    return seeds


def test_speakers_lists_who_speaks_in_captions_and_segments(tmp_path: Path) -> None:
    out = run("speakers", "--json", db=tmp_path / "q.db", seeds=_seeds(tmp_path, None))
    assert out.returncode == 0, out.stderr
    rosters = {d["source"]: d for d in json.loads(out.stdout)["documents"]}
    assert [(s["name"], s["turns"]) for s in rosters["mill.json"]["speakers"]] == [("SPEAKER_00", 1)]
    assert {s["name"] for s in rosters["harbour.vtt"]["speakers"]} >= {"Marta Ruiz", "tom.baker"}


def test_a_sidecar_names_a_diarized_label(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path, '[speakers]\nSPEAKER_00 = { name = "Ada Miller", role = "Miller" }\n')
    db = tmp_path / "q.db"
    out = run("speakers", "--document", "mill.json", "--json", db=db, seeds=seeds)
    assert out.returncode == 0, out.stderr
    [doc] = json.loads(out.stdout)["documents"]
    assert [(s["name"], s["role"], s["forms"]) for s in doc["speakers"]] == [("Ada Miller", "Miller", ["SPEAKER_00"])]
    verdict = json.loads(run("verify", "The mill wheel turned for two hundred years.", "--speaker", "Ada Miller",
                             "--json", db=db, seeds=seeds).stdout)
    assert verdict["verdict"] == "exact" and verdict["match"]["speaker"] == "Ada Miller"
    assert verdict["match"]["role"] == "Miller"
