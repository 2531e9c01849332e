"""Find the transcript files under a seeds folder."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path
from typing import NamedTuple

from ..errors import SeedsError
from .formats.detect import EXTENSIONS

_log = logging.getLogger(__name__)

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


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display_key(name: str) -> str:
    """A path as citations show it: a newline or other control character in a file name is written as ``\\x0a``.

    Keys reach chat messages and terminals as the citation's ``source``; a raw newline there would
    break the one-line citation (or let a file name draw its own lines).
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", name)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Walk:
    """One scan: where it has been (by device and inode, so a link loop is entered once) and what it may enter."""

    def __init__(self, root: str, follow_links: bool) -> None:
        self.root = root
        self.follow_links = follow_links
        self.seen: set[tuple[int, int]] = set()
        self.files: list[SeedFile] = []

    def allowed(self, entry: os.DirEntry[str], shown: str) -> bool:
        """A symbolic link is followed only inside the seeds folder, unless QUOTEBOT_FOLLOW_LINKS allows more."""
        if self.follow_links or not entry.is_symlink():
            return True
        if _inside(os.path.realpath(entry.path), self.root):
            return True
        _log.warning("%s: skipped, a link that leads out of the seeds folder (QUOTEBOT_FOLLOW_LINKS=1 follows it)",
                     shown)
        return False

    def folder(self, path: str, prefix: str) -> list[tuple[str, str]]:
        """Read one folder; return its subfolders. An unreadable or already-visited folder is skipped with a warning."""
        shown = display_key(prefix.rstrip("/")) or "."
        try:
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in self.seen:
                _log.warning("%s: skipped, a link to a folder already read (or a loop)", shown)
                return []
            self.seen.add((st.st_dev, st.st_ino))
            with os.scandir(path) as it:
                entries = [e for e in it if not e.name.startswith(".")]
            sidecars = {e.name: e for e in entries if e.name.endswith(SIDECARS)}
            return [sub for entry in entries if (sub := self.entry(entry, prefix, sidecars)) is not None]
        except OSError as exc:
            if not prefix:
                raise
            _log.warning("%s: skipped, cannot read it (%s)", shown, exc.strerror or exc)
            return []

    def entry(self, entry: os.DirEntry[str], prefix: str, sidecars: dict[str, os.DirEntry[str]]) -> tuple[str, str] | None:
        key = prefix + entry.name
        try:
            if not self.allowed(entry, display_key(key)):
                return None
            if entry.is_dir():
                return entry.path, key + "/"
            if entry.name.lower().endswith(EXTENSIONS) and not entry.name.endswith(SIDECARS) and entry.is_file():
                st = entry.stat()
                size, mtime = st.st_size, st.st_mtime_ns
                stem = entry.name.rsplit(".", 1)[0]
                side = next((sidecars[n] for n in (stem + s for s in SIDECARS) if n in sidecars), None)
                if side is not None:  # a corrected sidecar makes a reload parse its transcript again
                    side_st = side.stat()
                    size, mtime = size + side_st.st_size, max(mtime, side_st.st_mtime_ns)
                self.files.append(SeedFile(display_key(key), entry.path, size, mtime))
        except OSError as exc:  # a link to itself, a file gone meanwhile: the rest of the folder still counts
            _log.warning("%s: skipped (%s)", display_key(key), exc.strerror or exc)
        return None


def scan(seeds: Path, *, follow_links: bool = False) -> list[SeedFile]:
    """Every transcript (``*.txt``, ``*.vtt``, ``*.pdf``, … see ``EXTENSIONS``) under ``seeds`` (subfolders too, hidden ones skipped), sorted by path.

    os.scandir rather than Path.rglob: a cold start stats tens of thousands of files. Links that
    lead out of ``seeds`` are not followed unless ``follow_links``; a loop or an unreadable
    subfolder is skipped with a warning, so answers keep coming from what can be read.
    """
    if not seeds.exists():
        raise SeedsError(f"seeds folder not found: {seeds}")
    if not seeds.is_dir():
        raise SeedsError(f"seeds path is not a folder: {seeds}")
    walk = _Walk(os.path.realpath(seeds), follow_links)
    pending = [(str(seeds), "")]
    try:
        while pending:
            pending.extend(walk.folder(*pending.pop()))
    except OSError as exc:
        raise SeedsError(f"cannot read seeds folder {seeds}: {exc.strerror or exc}") from None
    return sorted(walk.files, key=lambda f: f.key)
