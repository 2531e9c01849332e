"""A few changed files are applied to the live index in place, leaving it as a full rebuild would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .corpus import write_corpus


def fts_counts(db: Path, words: list[str]) -> dict[tuple[str, str], int]:
    """Raw full-text hits per word, before any join: rows a delete missed would still be counted here."""
    con = sqlite3.connect(db)
    try:
        g = con.execute("SELECT value FROM meta WHERE key = 'live'").fetchone()[0]
        out = {}
        for table in ("quotes_fts", "facts_fts"):
            for w in words:
                out[(table, w)] = con.execute(f"SELECT count(*) FROM g{g}_{table} WHERE g{g}_{table} MATCH ?",
                                              (w,)).fetchone()[0]
        out[("speakers", "")] = con.execute(f"SELECT count(*), sum(quotes) FROM g{g}_speakers").fetchone()
        return out
    finally:
        con.close()


async def test_in_place_update_matches_a_full_rebuild(open_service, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    files = write_corpus(seeds, 8, 30)
    service = await open_service(seeds, tmp_path / "a.db")
    g = (await service._snapshot()).reader.g
    before = {r.id for r in (await service.search("harbours", limit=50)).results}
    files[2].write_text(files[2].read_text(encoding="utf-8").replace("harbours", "moorings", 5)
                        + "\nEsme Quint: Moorings and 12 harbours, said a new voice.\n", encoding="utf-8")
    files[5].unlink()
    report = await service.reload()
    assert report.applied and report.modified == (files[2].name,) and report.removed == (files[5].name,)
    assert (await service._snapshot()).reader.g == g  # no new generation: rows changed in place
    assert (await service.search("moorings", speaker="Esme Quint")).results
    after = {r.id for r in (await service.search("harbours", limit=50)).results}
    assert before - after  # the removed file's and the edited paragraphs' quotes are gone
    words = ["harbours", "moorings", "esme", "quint", "year", "counted", "voice"]
    fresh = await open_service(seeds, tmp_path / "b.db")
    assert fts_counts(tmp_path / "a.db", words) == fts_counts(tmp_path / "b.db", words)
    same = {"db": "", "built_at": ""}
    assert (await service.stats()).to_dict() | same == (await fresh.stats()).to_dict() | same


async def test_in_place_update_is_refused_whole_when_a_file_is_bad(open_service, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    files = write_corpus(seeds, 6, 10)
    service = await open_service(seeds)
    stats = await service.stats()
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nAlma Ferris: Brand new words about gannets.\n",
                        encoding="utf-8")
    files[1].write_bytes(b"\x00\xff" * 50)
    report = await service.reload()
    assert not report.applied and report.errors[0].source == files[1].name
    assert not (await service.search("gannets")).results and await service.stats() == stats


async def test_index_built_by_other_term_code_is_rebuilt_not_updated_in_place(open_service, tmp_path: Path) -> None:
    """Deleting from the contentless index needs the terms rows were inserted with: other term code, other terms."""
    seeds = tmp_path / "seeds"
    files = write_corpus(seeds, 4, 10)
    service = await open_service(seeds)
    g = (await service._snapshot()).reader.g
    con = sqlite3.connect(tmp_path / "index.db")
    con.execute("UPDATE meta SET value = 'other' WHERE key = 'index_terms'")
    con.commit()
    con.close()
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nAlma Ferris: Puffins.\n", encoding="utf-8")
    assert (await service.reload()).applied
    assert (await service._snapshot()).reader.g != g and (await service.search("puffins")).results
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nAlma Ferris: Terns.\n", encoding="utf-8")
    assert (await service.reload()).applied
    assert (await service._snapshot()).reader.g == g + 1  # the term code matches again: in place


async def test_in_place_update_keeps_vectors_and_acronyms_in_step(open_service, tmp_path: Path) -> None:
    from bot.store.vectors import DONE, table
    from bot.text.terms import index_text

    seeds, db = tmp_path / "seeds", tmp_path / "a.db"
    files = write_corpus(seeds, 6, 10)
    service = await open_service(seeds, db)
    g = (await service._snapshot()).reader.g
    files[1].write_text(files[1].read_text(encoding="utf-8")
                        + "\nEsme Quint: The Northern Harbour Safety Board (NHSB) meets on Fridays.\n", encoding="utf-8")
    files[3].unlink()
    assert (await service.reload()).applied
    await service.semantic.wait()
    assert (await service._snapshot()).reader.g == g
    con = sqlite3.connect(db)
    try:
        quotes = {r[0] for r in con.execute(f"SELECT id FROM g{g}_quotes")}
        vectors = {r[0] for r in con.execute(f"SELECT id FROM {table(g, service.semantic.model.key)} WHERE id != ?", (DONE,))}
        learned = con.execute(f"SELECT long FROM g{g}_acronyms WHERE short = ?", (index_text("NHSB"),)).fetchall()
    finally:
        con.close()
    assert vectors == quotes  # no vector left for a removed quote, none missing for a new one
    assert (index_text("Northern Harbour Safety Board"),) in learned
