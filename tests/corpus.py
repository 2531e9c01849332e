"""Small generated transcripts for tests that need many files or long builds (never the eval sets)."""

from __future__ import annotations

import random
from pathlib import Path

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u")]
SPEAKERS = ("Alma Ferris", "Bruno Castell", "Chiara Dunmore", "Dario Quell")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def paragraph(rng: random.Random, n: int) -> str:
    words = [_word(rng) for _ in range(rng.randint(10, 18))]
    return f"{' '.join(words).capitalize()} in year {1990 + n % 30} we counted {n} harbours."


def write_corpus(folder: Path, files: int, paragraphs: int, seed: int = 5) -> list[Path]:
    """``files`` transcripts of ``paragraphs`` speaker-labelled paragraphs each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in range(files):
        lines = [f"Session {f}", ""]
        for n in range(paragraphs):
            lines += [f"{SPEAKERS[(f + n) % len(SPEAKERS)]}: {paragraph(rng, n)}", ""]
        path = folder / f"session-{f:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        out.append(path)
    return out
