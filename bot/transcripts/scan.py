"""Find the transcript files under a seeds folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

from ..errors import SeedsError
from .formats.detect import EXTENSIONS


class SeedFile(NamedTuple):
    """A tuple, not a dataclass: a cold start makes tens of thousands of them."""

    key: str
    location: str
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)

    def content_hash(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def scan(seeds: Path) -> list[SeedFile]:
    """Every transcript (``*.txt``, ``*.vtt``, ``*.pdf``, … see ``EXTENSIONS``) under ``seeds`` (subfolders too, hidden ones skipped), sorted by path.

    os.scandir rather than Path.rglob: a cold start stats tens of thousands of files.
    """
    if not seeds.exists():
        raise SeedsError(f"seeds folder not found: {seeds}")
    if not seeds.is_dir():
        raise SeedsError(f"seeds path is not a folder: {seeds}")
    files: list[SeedFile] = []
    pending = [(str(seeds), "")]
    try:
        while pending:
            folder, prefix = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir():
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                    elif entry.name.lower().endswith(EXTENSIONS) and not entry.name.endswith((".meta.json", ".meta.toml")) \
                            and entry.is_file():
                        st = entry.stat()
                        files.append(SeedFile(prefix + entry.name, entry.path, st.st_size, st.st_mtime_ns))
    except OSError as exc:
        raise SeedsError(f"cannot read seeds folder {seeds}: {exc.strerror or exc}") from None
    return sorted(files, key=lambda f: f.key)
