"""How the seeds folder differs from what an index holds: by size and mtime, hashing only to confirm."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedsError
from .store.reader import DocumentRow
from .transcripts.scan import SeedFile, scan


@dataclass(frozen=True, slots=True)
class Changes:
    files: list[SeedFile]
    reuse: dict[str, str]
    """key -> content hash of files whose rows can stay as they are"""
    changed: list[str]
    removed: tuple[str, ...]
    touched: list[tuple[str, int]]
    """(key, new mtime) of files whose mtime moved but whose bytes did not: recorded so they stop looking stale"""

    @property
    def none(self) -> bool:
        return not self.changed and not self.removed


def _same(old: DocumentRow | None, f: SeedFile) -> bool:
    return old is not None and old.size == f.size and old.mtime_ns == f.mtime_ns


async def changes(seeds: Path, docs: Mapping[str, DocumentRow], follow_links: bool = False) -> Changes:
    """What a reload must do. A file whose mtime moved but whose bytes did not is hashed, off the event loop."""
    files = await asyncio.to_thread(scan, seeds, follow_links=follow_links)
    reuse: dict[str, str] = {}
    changed: list[str] = []
    touched: list[tuple[str, int]] = []
    for f in files:
        old = docs.get(f.key)
        if _same(old, f):
            reuse[f.key] = old.hash  # type: ignore[union-attr]
        elif old and old.size == f.size and old.hash == await asyncio.to_thread(f.content_hash):
            reuse[f.key] = old.hash
            touched.append((f.key, f.mtime_ns))
        else:
            changed.append(f.key)
    return Changes(files, reuse, changed, tuple(sorted(set(docs) - {f.key for f in files})), touched)


def _describe(files: list[SeedFile], docs: Mapping[str, DocumentRow], failed: frozenset[str]) -> str | None:
    keys = {f.key for f in files}
    added = sum(1 for f in files if f.key not in docs and f.key not in failed)
    changed = sum(1 for f in files if f.key in docs and not _same(docs[f.key], f))
    removed = sum(1 for k in docs if k not in keys)
    if not (added or changed or removed):
        return None
    parts = [f"{n} {what}" for n, what in ((changed, "changed"), (added, "added"), (removed, "removed")) if n]
    files_word = "file" if changed + added + removed == 1 else "files"
    return f"the index is older than the transcripts ({', '.join(parts)} {files_word}); run `quotebot reload`"


async def staleness(seeds: Path, docs: Mapping[str, DocumentRow], failed: frozenset[str] = frozenset(),
                    follow_links: bool = False) -> str | None:
    """One line saying how the index is behind the files, or None. Stats only, no reading: tens of thousands of
    files cost a fraction of a second. A mtime that moved on an unchanged file counts as changed here (a
    reload then finds it unchanged by its hash). ``failed`` files never made it into the index.

    A missing seeds folder is an error (the wrong --seeds, most likely); a subfolder that cannot be read
    only makes the check say so, and answers keep coming from the index."""
    if not seeds.is_dir():
        scan(seeds)  # raises the one-line error for a missing folder or a file in its place
    try:
        files = await asyncio.to_thread(scan, seeds, follow_links=follow_links)
    except SeedsError as exc:
        return f"cannot check the transcripts for changes: {exc}"
    return _describe(files, docs, failed)
