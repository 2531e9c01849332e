"""Seeds folders of the suite's own media transcripts (PDF and DOCX written on the spot)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .builders import write_docx, write_pdf

FILES = Path(__file__).resolve().parent / "files"

HEARING = [
    ["IN THE COURT OF TIDES", "", "THE HARBOUR BOARD, Petitioner, v. MARINERS GUILD", "Washington, D.C.", "Monday, March 3",
     "APPEARANCES:", "JANE OKAFOR, ESQ., for the Petitioner."],
    ["P R O C E E D I N G S", "(10:02 a.m.)", "CHIEF JUSTICE MARLOW: We will hear argument this",
     "morning in the matter of the drifting buoys.", "MS. OKAFOR: Thank you, Chief Justice. The buoys",
     "were moored, and the mooring failed in a storm"],
    ["that no one could have foreseen. That is our case.", "JUSTICE BRANDT: Was the storm forecast at all?",
     "MS. OKAFOR: Not by anyone on the harbour board, and I", "Court: may remind the bench that the board", "was asked.",
     "", "CHIEF JUSTICE MARLOW: Thank you, counsel."],
]
MINUTES = [
    [("Choir committee minutes", False)],
    [("Alma Reyes:", True), (" We sing on Sunday at ten, in the old chapel.", False)],
    [("Bo Lind", True), (" I will bring the music stands and the spare folders.", False)],
    [("The folders are in the vestry cupboard.", False)],
]


def build_binaries(folder: Path) -> None:
    write_pdf(folder / "hearing.pdf", HEARING, header="Official - Subject to Review", footer="Tidewater Reporting Company")
    write_docx(folder / "minutes.docx", MINUTES)


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    target = tmp_path / "media"
    shutil.copytree(FILES, target)
    build_binaries(target)
    return target
