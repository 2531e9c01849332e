"""Find the transcript files under a seeds folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SeedsError


@dataclass(frozen=True, slots=True)
class SeedFile:
    key: str
    path: Path
    size: int
    mtime_ns: int

    def content_hash(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def scan(seeds: Path) -> list[SeedFile]:
    """Every ``*.txt`` under ``seeds`` (subfolders too, hidden ones skipped), sorted by path."""
    if not seeds.exists():
        raise SeedsError(f"seeds folder not found: {seeds}")
    if not seeds.is_dir():
        raise SeedsError(f"seeds path is not a folder: {seeds}")
    files = []
    try:
        for path in sorted(seeds.rglob("*.txt")):
            rel = path.relative_to(seeds)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            st = path.stat()
            files.append(SeedFile(rel.as_posix(), path, st.st_size, st.st_mtime_ns))
    except OSError as exc:
        raise SeedsError(f"cannot read seeds folder {seeds}: {exc.strerror or exc}") from None
    return files
