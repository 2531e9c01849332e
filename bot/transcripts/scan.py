"""Find the transcript files under a seeds folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

from ..errors import SeedsError

SIDECARS = (".meta.toml", ".meta.json")


class SeedFile(NamedTuple):
    """A tuple, not a dataclass: a cold start makes tens of thousands of them.

    ``size`` and ``mtime_ns`` cover the transcript and its sidecar (``NAME.meta.toml``) together,
    so that correcting a sidecar makes a reload parse the transcript again.
    """

    key: str
    location: str
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)

    def content_hash(self) -> str:
        digest = hashlib.sha256(self.path.read_bytes())
        for suffix in SIDECARS:
            side = self.path.with_name(self.path.stem + suffix)
            if side.is_file():
                digest.update(side.read_bytes())
                break
        return digest.hexdigest()


def scan(seeds: Path) -> list[SeedFile]:
    """Every ``*.txt`` under ``seeds`` (subfolders too, hidden ones skipped), sorted by path.

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
            with os.scandir(folder) as it:
                entries = [e for e in it if not e.name.startswith(".")]
            sidecars = {e.name: e for e in entries if e.name.endswith(SIDECARS)}
            for entry in entries:
                if entry.is_dir():
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.name.endswith(".txt") and entry.is_file():
                    st = entry.stat()
                    size, mtime = st.st_size, st.st_mtime_ns
                    side = next((sidecars[n] for n in (entry.name[:-4] + s for s in SIDECARS) if n in sidecars), None)
                    if side is not None:
                        side_st = side.stat()
                        size, mtime = size + side_st.st_size, max(mtime, side_st.st_mtime_ns)
                    files.append(SeedFile(prefix + entry.name, entry.path, size, mtime))
    except OSError as exc:
        raise SeedsError(f"cannot read seeds folder {seeds}: {exc.strerror or exc}") from None
    return sorted(files, key=lambda f: f.key)
