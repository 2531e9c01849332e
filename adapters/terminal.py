"""What reaches a terminal: no control sequences from transcripts or input, and no crash on a non-UTF-8 one."""

from __future__ import annotations

import io
import re
import sys

# C0 and C1 controls but newline and tab (escape sequences, carriage returns, bells, backspaces),
# and the bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """``text`` with every control character shown as a replacement mark, so nothing it holds drives the terminal."""
    return _CONTROL.sub(REPLACEMENT, text)


def is_utf(stream: object) -> bool:
    encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def tolerate_encodings() -> None:
    """An ASCII or Latin-1 terminal (LANG=C, PYTHONIOENCODING=ascii) shows what it cannot encode as '?'.

    Without this, the first curly quote in an answer raises UnicodeEncodeError; input it cannot decode
    is read with replacement marks instead of stopping the console.
    """
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
