"""Write a synthetic corpus in the seed's format: many documents and speakers, a Zipf-distributed
vocabulary of 100,000+ words, and the numbers, dates and durations that facts are made of.

    python benchmarks/generate.py OUT_DIR --paragraphs 200000
"""

from __future__ import annotations

import argparse
import itertools
import random
from bisect import bisect
from pathlib import Path

FUNCTION = ("the of and to in a that is for on with as we our by this are it be have has will from at "
            "not an their which also all more between its been was were can would these they must").split()
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ia")]
ROLES = ["President of Russia", "President of the People's Republic of China", "Prime Minister of India",
         "Minister of Foreign Affairs", "Press Secretary", "Chairman of the Government", ""]
FIRST = "Anna Boris Chen Dmitry Elena Farid Grace Hiro Ivan Julia Karim Lena Marco Nadia Omar Petra".split()
LAST = "Ivanova Petrov Wang Sokolov Li Haddad Okafor Tanaka Novak Rossi Singh Meyer Duarte Kim Ortiz Berg".split()
MONTHS = "January February March April May June July August September October November December".split()
FACTS = [
    "our trade has increased by {p} percent to US${n} billion",
    "contracts for more than {n} million doses have been signed with {w} manufacturers",
    "this is our {o}th meeting since {y}",
    "in {m} [{y}] we launched {w} new power units",
    "the treaty has been extended for another {w} years",
    "next {m}, we will hold the {o}th congress",
]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))))
    return FUNCTION + sorted(words)


def zipf_cumulative(n: int, s: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


def sentence(rng: random.Random, vocab: list[str], cum: list[float]) -> str:
    total = cum[-1]
    words = [vocab[bisect(cum, rng.random() * total)] for _ in range(rng.randint(8, 24))]
    if rng.random() < 0.25:
        words.insert(rng.randint(0, len(words)), rng.choice(FACTS).format(
            p=rng.randint(2, 90), n=rng.randint(2, 900), w=rng.choice(WORDS), o=rng.randint(4, 99),
            y=rng.randint(1990, 2030), m=rng.choice(MONTHS)))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng: random.Random, vocab: list[str], cum: list[float]) -> str:
    return " ".join(sentence(rng, vocab, cum) for _ in range(rng.randint(1, 5))).replace(" ", "\u00a0", 2)


def generate(out: Path, paragraphs: int, *, per_doc: int = 40, seed: int = 7, vocab_size: int = 100_000) -> int:
    rng = random.Random(seed)
    vocab = vocabulary(vocab_size, rng)
    cum = zipf_cumulative(len(vocab))
    people = [(rng.choice(ROLES), f"{f} {last}") for f, last in itertools.product(FIRST, LAST)]
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for d in itertools.count():
        if written >= paragraphs:
            return d
        cast = rng.sample(people, rng.randint(2, 4))
        lines = [f"Meeting {d} on {' '.join(rng.choice(vocab[50:2000]) for _ in range(3))}", ""]
        speaker = None
        for _ in range(min(per_doc, paragraphs - written)):
            if speaker is None or rng.random() < 0.3:
                speaker = rng.choice(cast)
                role, name = speaker
                note = " (retranslated)" if rng.random() < 0.2 else ""
                label = f"{role} {name}".strip() + note
                lines.append(f"{label}: {paragraph(rng, vocab, cum)}")
            else:
                lines.append(paragraph(rng, vocab, cum))
            lines.append("")
            written += 1
        (out / f"{d // 1000:03d}" ).mkdir(exist_ok=True)
        (out / f"{d // 1000:03d}" / f"meeting-{d:06d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--paragraphs", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    docs = generate(a.out, a.paragraphs, seed=a.seed)
    print(f"wrote {a.paragraphs} paragraphs in {docs} documents to {a.out}")


if __name__ == "__main__":
    main()
