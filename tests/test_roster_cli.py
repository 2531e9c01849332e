"""Admins see and fix who speaks: ``quotebot speakers`` and a sidecar applied by ``quotebot reload`` (real processes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .test_cli import run

HARBOUR = """Harbour board meeting, spring session

HB: The dredging starts in April and ends before the summer ferries.

Tide Table: High water at six, low water at noon.

Piet Kalma: Will the ferries keep running while the dredger works?

HB: They will, on the western channel.

Tide Table: High water at seven, low water at one.

Piet Kalma: Then we have no objection.
"""

READING = "A reading from the harbour archive\n\nThe first pier was built of oak in the spring of that year.\n"


def _json(*args: str, db: Path, seeds: Path) -> dict:
    out = run(*args, "--json", db=db, seeds=seeds)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_speakers_lists_each_document_with_forms_turns_and_refusals(tmp_path: Path, kinds_dir: Path) -> None:
    db = tmp_path / "k.db"
    data = _json("speakers", db=db, seeds=kinds_dir)
    by_source = {d["source"]: d for d in data["documents"]}
    assert set(by_source) == {p.name for p in kinds_dir.glob("*.txt")}
    kremlin = by_source["kremlin-visit.txt"]["speakers"]
    assert kremlin[0] == {"name": "Vladimir Putin", "role": "President of Russia", "turns": 4,
                          "forms": ["President of Russia Vladimir Putin", "Vladimir Putin"]}
    one = _json("speakers", "--document", "valdai-session", db=db, seeds=kinds_dir)["documents"]
    assert [d["source"] for d in one] == ["valdai-session.txt"]
    assert "The Norland High Court" in one[0]["refused"][0]["message"] and one[0]["refused"][0]["line"] == 13
    text = run("speakers", "--document", "valdai-session.txt", db=db, seeds=kinds_dir)
    assert "Amara Lind (President of Freedonia) — 1 turn — as Amara Lind" in text.stdout
    missing = run("speakers", "--document", "no-such-file", db=db, seeds=kinds_dir)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no-such-file" in missing.stderr


def test_sidecar_fixes_the_roster_on_reload(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "fix.db"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (seeds / "reading.txt").write_text(READING, encoding="utf-8")
    said = "The dredging starts in April and ends before the summer ferries."
    before = _json("verify", said, "--speaker", "Helga Brandt", db=db, seeds=seeds)
    assert before["verdict"] == "misattributed" and before["said_by"] == "HB"
    assert {s["name"] for s in _json("speakers", db=db, seeds=seeds)["documents"][0]["speakers"]} == {"HB", "Tide Table", "Piet Kalma"}

    time.sleep(0.01)  # a new mtime for the sidecar's transcript, even on coarse clocks
    (seeds / "harbour.meta.toml").write_text(
        'not_speakers = ["Tide Table"]\n[speakers]\nHB = { name = "Helga Brandt", role = "Harbour Master" }\n'
        '"Piet Kalma" = "Pieter J. Kalma"\n')
    (seeds / "reading.meta.json").write_text('{"speaker": "Ines Duarte"}')
    reload = run("reload", db=db, seeds=seeds)
    assert reload.returncode == 0, reload.stderr
    assert "2 changed" in reload.stdout

    after = _json("verify", said, "--speaker", "Helga Brandt", db=db, seeds=seeds)
    assert after["verdict"] == "exact" and after["match"]["role"] == "Harbour Master"
    tide = _json("verify", "High water at six, low water at noon.", "--speaker", "Helga Brandt", db=db, seeds=seeds)
    assert tide["verdict"] == "exact"  # the tide table is text of the turn it sits in, not a speaker
    roster = _json("speakers", "--document", "harbour", db=db, seeds=seeds)["documents"][0]
    assert {(s["name"], s["role"], s["turns"], tuple(s["forms"])) for s in roster["speakers"]} == {
        ("Helga Brandt", "Harbour Master", 2, ("HB",)), ("Pieter J. Kalma", "", 2, ("Piet Kalma",))}
    reading = _json("verify", "The first pier was built of oak in the spring of that year.", "--speaker", "Ines Duarte",
                    db=db, seeds=seeds)
    assert reading["verdict"] == "exact"


def test_reload_names_lines_refused_as_speakers(tmp_path: Path, kinds_dir: Path) -> None:
    db = tmp_path / "r.db"
    assert run("index", db=db, seeds=kinds_dir).returncode == 0
    target = kinds_dir / "valdai-session.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nDaria Holm: Goodnight.\n", encoding="utf-8")
    out = run("reload", db=db, seeds=kinds_dir)
    assert out.returncode == 0, out.stderr
    assert "review: valdai-session.txt: line 13: “The Norland High Court:" in out.stdout


def test_a_bad_sidecar_gets_one_line(tmp_path: Path) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "bad.db"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (seeds / "harbour.meta.toml").write_text("[speakers]\nHB = { name = 3.5, colour = 'red' }\n")
    out = run("speakers", db=db, seeds=seeds)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "colour" in out.stderr
