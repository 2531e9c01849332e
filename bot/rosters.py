"""Each document's speakers, for an admin to review: names, roles, the labels behind them, turns.

Read from the transcripts as they are now (sidecars included), so a corrected sidecar shows
here before the reload that indexes it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from .errors import NotFoundError, SeedsError
from .models import DocumentRoster, FileError
from .transcripts.load import load_document
from .transcripts.scan import SeedFile, scan


def _matches(seed: SeedFile, wanted: str) -> bool:
    key = seed.key.casefold()
    name = key.rsplit("/", 1)[-1]
    return wanted in (key, name, name.rsplit(".", 1)[0])


_CACHE: dict[tuple[str, str, int, int], DocumentRoster] = {}
"""Rosters by (file, key, size, mtime): asking again re-reads only the transcripts that changed."""
CACHED = 20_000


def _roster(seed: SeedFile) -> DocumentRoster:
    found = _CACHE.get((seed.location, seed.key, seed.size, seed.mtime_ns))
    if found is None:
        if len(_CACHE) >= CACHED:
            _CACHE.clear()
        found = _CACHE[(seed.location, seed.key, seed.size, seed.mtime_ns)] = _parse(seed)
    return found


def _parse(seed: SeedFile) -> DocumentRoster:
    try:
        doc = load_document(seed.path, seed.key)  # the reader the index uses: captions, JSON, PDF as well as text
    except SeedsError as exc:  # Unreadable too: a file the index skips
        return DocumentRoster(seed.key, "", (), (FileError(seed.key, str(exc).removeprefix(f"{seed.key}: ")),))
    speakers = tuple(sorted(doc.roster, key=lambda r: -r.turns))
    return DocumentRoster(doc.key, doc.title, speakers, tuple(FileError(doc.key, m, n) for n, m in doc.refused))


def _read(seeds: Path, document: str | None, follow_links: bool) -> tuple[DocumentRoster, ...]:
    files = scan(seeds, follow_links=follow_links)
    if document is not None:
        wanted = document.strip().casefold()
        files = [f for f in files if _matches(f, wanted)]
        if not files:
            raise NotFoundError(f"No transcript called “{document.strip()[:80]}” in the seeds folder.")
    return tuple(_roster(f) for f in files)


async def read_rosters(seeds: Path, document: str | None = None, *, follow_links: bool = False) -> tuple[DocumentRoster, ...]:
    """Every document's roster, or one document's (by path, file name or file name without its extension)."""
    return await asyncio.to_thread(_read, seeds, document, follow_links)
