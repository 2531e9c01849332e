"""The sentence models' costs, each model measured in a fresh process of its own.

    python benchmarks/semantic.py [--quotes 600] [--queries 200] [--scan 100000]

For each bundled model: importing onnxruntime, loading the model, the process's memory once
loaded, encoding one query (p50/p99, queries of chat length), encoding at build (quotes a
second, in the fill's batches), bytes a quote on disk, and one exact nearest-in-meaning scan
over ``--scan`` stored vectors (the median of five). Quotes and queries come from a corpus in the seed's format
(benchmarks/generate.py), its quotes split as the index splits them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def sentences(quotes: int, seed: int = 7) -> list[str]:
    from collections import Counter

    from generate import generate

    from bot.extract.quotes import quotes_of
    from bot.transcripts.load import load_document

    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), max(50, quotes // 2), seed=seed)
        for path in sorted(Path(tmp).rglob("*.txt")):
            seen: Counter[str] = Counter()
            for p in load_document(path, path.name).paragraphs:
                out.extend(q.text for q in quotes_of(path.name, p.text, seen))
    return out[:quotes]


def measure(key: str, quotes: int, queries: int, scan: int) -> dict[str, float]:
    """Runs in the child process: nothing of onnxruntime is imported before it starts."""
    texts = sentences(quotes)
    rng = random.Random(3)
    asked = [" ".join(rng.sample(t.split(), min(len(t.split()), rng.randint(2, 9)))) for t in rng.sample(texts, queries)]
    t0 = time.perf_counter()
    import onnxruntime  # noqa: F401

    imported = time.perf_counter() - t0
    from bot.semantic.dense import DenseIndex
    from bot.semantic.encoder import MODELS, encoder, quantise
    from bot.semantic.fill import BATCH

    t0 = time.perf_counter()
    model = encoder(key)
    loaded = time.perf_counter() - t0
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model.encode(["warm up"])
    times = []
    for q in asked:
        t0 = time.perf_counter()
        model.encode([q])
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    vectors = [quantise(model.encode(texts[i:i + BATCH])) for i in range(0, len(texts), BATCH)]
    build = time.perf_counter() - t0
    import numpy as np

    dims = MODELS[key].dimensions
    stored = np.random.default_rng(1).integers(-127, 128, size=(scan, dims), dtype=np.int8)
    index = DenseIndex(np.array([f"{n:012d}".encode() for n in range(scan)], dtype="S12"), stored)
    query = model.encode([asked[0]])[0]
    scans = []
    for _ in range(5):
        t0 = time.perf_counter()
        index.nearest(query, 50)
        scans.append(time.perf_counter() - t0)
    scanned = pct(scans, 0.5)
    return {"import_onnxruntime_s": imported, "load_model_s": loaded, "rss_after_load_mb": rss_loaded,
            "query_p50_ms": pct(times, 0.5) * 1000, "query_p99_ms": pct(times, 0.99) * 1000,
            "build_quotes_per_s": len(texts) / build, "bytes_per_quote": float(vectors[0].shape[1]),
            f"scan_{scan}_ms": scanned * 1000, "scan_mb": stored.nbytes / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", type=int, default=600)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--scan", type=int, default=100_000)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(measure(a.child, a.quotes, a.queries, a.scan)))
        return
    from bot.semantic.encoder import MODELS

    for key, model in MODELS.items():
        out = subprocess.run([sys.executable, __file__, "--child", key, "--quotes", str(a.quotes),
                              "--queries", str(a.queries), "--scan", str(a.scan)],
                             capture_output=True, text=True, check=True)
        figures = json.loads(out.stdout)
        print(f"{model.name} ({key}, {model.dimensions} dimensions):")
        for name, value in figures.items():
            print(f"  {name:24} {value:10.2f}")


if __name__ == "__main__":
    main()
