"""A throwaway PostgreSQL server for the tests: the real thing, started from the installed binaries.

``QUOTEBOT_TEST_DATABASE_URL`` (set by ``.ci/run``) points at a server that is already running;
without it, one is made with ``initdb`` and ``pg_ctl`` in a temporary folder on a free loopback port,
as the ``postgres`` user when the tests run as root (initdb refuses root), and stopped at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's versioned folder (newest first)."""
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class TestServer:
    folder: Path
    port: int
    bins: Path
    as_user: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bins / tool), *args], check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start() -> TestServer:
    """initdb, then pg_ctl start on a free loopback port; raises RuntimeError when it cannot be done."""
    bins = bin_dir()
    if bins is None:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
    folder = Path(tempfile.mkdtemp(prefix="quotebot-pg-"))
    as_user: tuple[str, ...] = ()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ("runuser", "-u", "postgres", "--")
    server = TestServer(folder, _free_port(), bins, as_user)
    try:
        server._run("initdb", "-D", str(folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        server._run("pg_ctl", "-D", str(folder / "data"), "-o", options, "-l", str(folder / "log"), "-w", "start")
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        raise RuntimeError(f"cannot start PostgreSQL: {exc} {detail.decode(errors='replace')[-300:]}") from None
    return server


async def fresh_database(server_url: str) -> str:
    """Create an empty database on the server; returns its URL."""
    import asyncpg

    name = f"quotebot_t{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


async def drop_database(server_url: str, url: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')
    finally:
        await admin.close()
