"""Benchmark quotebot against plain SQLite FTS5 and tantivy on the same generated corpus.

    python benchmarks/run.py --sizes 10000 200000 [--queries 200]

For each size it generates a corpus in the seed's format, then measures in one run:
index build (quotebot with quotes and facts; FTS5 bulk insert of the same paragraphs;
tantivy indexing them), quotebot's reload after one file changed (through the CLI, start-up
included), query p50/p99 (search, fact, quote, verify for quotebot; top-5 with
snippets for FTS5 and tantivy), searches while daily claims run, quotebot's peak build memory,
serving memory and cold start.
Every quotebot figure is printed with its ratio to the plain-FTS5 figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# These figures are the words index's; encoding a million quotes' vectors takes hours (benchmarks/semantic.py,
# README "Meaning, numbers and question shape"). QUOTEBOT_SEMANTIC=on or small measures with them.
os.environ.setdefault("QUOTEBOT_SEMANTIC", "off")
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

# benchmarks/ is not a package: its generator is imported from the path set just above.
from generate import generate  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def paragraphs_of(corpus: Path) -> list[str]:
    from bot.transcripts.load import load_document

    out = []
    for path in sorted(corpus.rglob("*.txt")):
        out.extend(p.text for p in load_document(path, path.name).paragraphs)
    return out


def pick_queries(texts: list[str], n: int, rng: random.Random) -> list[str]:
    """Words at every frequency (frequent, middling, rare) and two-word queries."""
    counts: dict[str, int] = {}
    for t in texts[:20000]:
        for w in t.lower().split():
            w = w.strip(".,!?\u00a0[]$")
            if w.isalpha() and len(w) > 3:
                counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts, key=counts.get, reverse=True)
    pools = [ranked[:50], ranked[50:2000], ranked[2000:]]
    queries = []
    for i in range(n):
        pool = [p for p in pools if p][i % 3 % len([p for p in pools if p])]
        q = rng.choice(pool)
        if i % 4 == 3:
            q += " " + rng.choice(ranked[: max(10, len(ranked) // 10)])
        queries.append(q)
    return queries


def fts5_baseline(texts: list[str], db: Path, queries: list[str]) -> dict[str, float]:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')")
    start = time.perf_counter()
    with con:
        con.executemany("INSERT INTO t(body) VALUES (?)", ((t,) for t in texts))
    build = time.perf_counter() - start
    times = []
    for q in queries:
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in q.split())
        t0 = time.perf_counter()
        con.execute("SELECT rowid, snippet(t, 0, '*', '*', '…', 16) FROM t WHERE t MATCH ? ORDER BY rank LIMIT 5",
                    (match,)).fetchall()
        times.append(time.perf_counter() - t0)
    con.close()
    return {"build": build, "p50": pct(times, 0.5), "p99": pct(times, 0.99)}


def tantivy_baseline(texts: list[str], folder: Path, queries: list[str]) -> dict[str, float] | None:
    try:
        import tantivy
    except ImportError:
        return None
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    schema = builder.build()
    folder.mkdir()
    index = tantivy.Index(schema, path=str(folder))
    start = time.perf_counter()
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for t in texts:
        writer.add_document(tantivy.Document(body=t))
    writer.commit()
    writer.wait_merging_threads()
    build = time.perf_counter() - start
    index.reload()
    searcher = index.searcher()
    times = []
    for q in queries:
        t0 = time.perf_counter()
        hits = searcher.search(index.parse_query(q, ["body"]), 5).hits
        for _, addr in hits:
            searcher.doc(addr)
        times.append(time.perf_counter() - t0)
    return {"build": build, "p50": pct(times, 0.5), "p99": pct(times, 0.99)}


async def _serve_queries(corpus: str, db: str, queries: list[str], claims: list[str], during_reload: bool) -> dict:
    from bot.config import load_settings
    from bot.errors import QuotebotError
    from bot.service import QuoteService

    service = await QuoteService.open(load_settings(seeds=corpus, db=db, env_file=False))
    out: dict = {}
    calls = {
        "search": lambda q: service.search(q, limit=5),
        "fact": lambda q: service.facts(q, limit=5),
        "quote": lambda q: service.quote(q),
    }
    for name, call in calls.items():
        times = []
        for q in queries:
            t0 = time.perf_counter()
            with contextlib.suppress(QuotebotError):
                await call(q)
            times.append(time.perf_counter() - t0)
        out[name] = {"p50": pct(times, 0.5), "p99": pct(times, 0.99)}
    times = []
    for c in claims:
        t0 = time.perf_counter()
        await service.verify(c)
        times.append(time.perf_counter() - t0)
    out["verify"] = {"p50": pct(times, 0.5), "p99": pct(times, 0.99)}
    out["rss_mb"] = own_peak_mb()
    out["during_claims"] = await _search_during_claims(service, queries)
    if during_reload:
        # Answers while a full rebuild of the same corpus runs beside them.
        rebuild = asyncio.create_task(service.reload(full=True))
        times = []
        while not rebuild.done():
            for q in queries:
                t0 = time.perf_counter()
                with contextlib.suppress(QuotebotError):
                    await service.search(q, limit=5)
                times.append(time.perf_counter() - t0)
                await asyncio.sleep(0.01)
                if rebuild.done():
                    break
        await rebuild
        out["during_reload"] = {"p50": pct(times, 0.5), "p99": pct(times, 0.99), "n": len(times)}
    await service.close()
    return out


async def _search_during_claims(service: object, queries: list[str]) -> dict:
    """Searches while the daily store keeps taking the next quote of a cycle over every quote (its own connection)."""
    from bot.errors import QuotebotError

    store = service.daily.store  # type: ignore[attr-defined]
    schedule = await store.upsert("console", "bench", "#bench", "09:00", "UTC", "", "", "bench")
    claims: list[float] = []

    async def claim_forever() -> None:
        while True:
            t0 = time.perf_counter()
            await store.take_next(schedule.id, await service.eligible())  # type: ignore[attr-defined]
            claims.append(time.perf_counter() - t0)

    claimer = asyncio.create_task(claim_forever())
    times = []
    for q in queries:
        t0 = time.perf_counter()
        with contextlib.suppress(QuotebotError):
            await service.search(q, limit=5)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - t0)
        await asyncio.sleep(0.005)
    claimer.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await claimer
    return {"p50": pct(times, 0.5), "p99": pct(times, 0.99), "claims": len(claims), "claim_p50": pct(claims, 0.5)}


def child_queries() -> None:
    args = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(_serve_queries(**args))))


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (the indexer's worker processes too)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * resource.getpagesize()
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total / 2**20


def own_peak_mb() -> float:
    """This process's high-water mark (VmHWM resets at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def quotebot_build(corpus: Path, db: Path) -> dict[str, float]:
    # Compiled bytecode is kept, as after `pip install`, even where the environment asks Python not to write it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "adapters.cli", "index", "--seeds", str(corpus), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=HERE.parent, env=env)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.2)
    build = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(proc.stderr.read() if proc.stderr else "index failed")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "adapters.cli", "search", "treaty", "--seeds", str(corpus), "--db", str(db)],
                   capture_output=True, text=True, cwd=HERE.parent, check=True, env=env)
    cold = time.perf_counter() - start
    return {"build": build, "peak_mb": peak, "cold_start": cold, "incremental": incremental_reload(corpus, db, env)}


def incremental_reload(corpus: Path, db: Path, env: dict[str, str]) -> float:
    """`quotebot reload` after one file of the corpus changed, process start-up included."""
    changed = sorted(corpus.rglob("*.txt"))[len(list(corpus.rglob("*.txt"))) // 2]
    with changed.open("a", encoding="utf-8") as f:
        f.write(f"\nAnna Ivanova: One more sentence, written at {time.time_ns()}, for the incremental reload.\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "adapters.cli", "reload", "--seeds", str(corpus), "--db", str(db)],
                   capture_output=True, text=True, cwd=HERE.parent, check=True, env=env)
    return time.perf_counter() - start


def measure(size: int, n_queries: int, work: Path, reload_max: int) -> dict:
    rng = random.Random(size)
    corpus = work / f"corpus-{size}"
    if not corpus.exists():
        generate(corpus, size)
    for stale in (*work.glob(f"fts5-{size}.db*"), *work.glob(f"quotebot-{size}.db*")):
        stale.unlink()
    shutil.rmtree(work / f"tantivy-{size}", ignore_errors=True)
    texts = paragraphs_of(corpus)
    queries = pick_queries(texts, n_queries, rng)
    claims = []
    for t in rng.sample(texts, min(n_queries // 4, len(texts))):
        words = t.split()[:12]
        if len(claims) % 2:
            words[len(words) // 2] = "zzqx"
        claims.append(" ".join(words))
    result = {"size": size, "fts5": fts5_baseline(texts, work / f"fts5-{size}.db", queries)}
    result["tantivy"] = tantivy_baseline(texts, work / f"tantivy-{size}", queries)
    result["quotebot"] = quotebot_build(corpus, work / f"quotebot-{size}.db")
    child = subprocess.run([sys.executable, __file__, "--child-queries"], capture_output=True, text=True,
                           input=json.dumps({"corpus": str(corpus), "db": str(work / f"quotebot-{size}.db"),
                                             "queries": queries, "claims": claims,
                                             "during_reload": size <= reload_max}))
    if child.returncode:
        raise SystemExit(child.stderr)
    result["quotebot"].update(json.loads(child.stdout))
    return result


def report(r: dict) -> None:
    f, t, q = r["fts5"], r["tantivy"], r["quotebot"]
    ms = 1000
    print(f"\n## {r['size']:,} paragraphs")
    print(f"{'figure':<28}{'quotebot':>12}{'FTS5':>12}{'ratio':>8}{'tantivy':>12}{'ratio':>8}")

    def row(name: str, mine: float, base: float, other: float | None, unit: str, scale: float = 1) -> None:
        o = f"{other * scale:>10.2f}{unit}" if other is not None else f"{'-':>12}"
        ratio_t = f"{mine / other:>7.2f}x" if other else f"{'-':>8}"
        print(f"{name:<28}{mine * scale:>10.2f}{unit}{base * scale:>10.2f}{unit}{mine / base:>7.2f}x{o}{ratio_t}")

    row("index build", q["build"], f["build"], t and t["build"], " s")
    print(f"{'reload, 1 file changed':<28}{q['incremental']:>10.2f} s  ({q['incremental'] / q['build']:.1%} of the build)")
    for op in ("search", "fact", "quote", "verify"):
        row(f"{op} p50", q[op]["p50"], f["p50"], t and t["p50"], "ms", ms)
        row(f"{op} p99", q[op]["p99"], f["p99"], t and t["p99"], "ms", ms)
    c = q["during_claims"]
    print(f"{'search p50 / p99 in claims':<28}{c['p50'] * ms:>10.2f}ms {c['p99'] * ms:.2f}ms  "
          f"({c['claims']} daily claims meanwhile, {c['claim_p50'] * ms:.0f}ms each)")
    if "during_reload" in q:
        d = q["during_reload"]
        print(f"{'search p50 during reload':<28}{d['p50'] * ms:>10.2f}ms  ({d['n']} searches)")
        print(f"{'search p99 during reload':<28}{d['p99'] * ms:>10.2f}ms")
    print(f"{'peak build memory':<28}{q['peak_mb']:>10.0f}MB  (indexer and its workers)")
    print(f"{'serving memory (peak RSS)':<28}{q['rss_mb']:>10.0f}MB")
    print(f"{'cold start to first answer':<28}{q['cold_start']:>10.2f} s")


def main() -> None:
    if "--child-queries" in sys.argv:
        child_queries()
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--reload-max", type=int, default=200_000,
                    help="measure answers during a full reload for corpora up to this size")
    ap.add_argument("--work", type=Path, help="keep corpora and indexes here (default: a temporary folder)")
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="quotebot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"quotebot benchmark; machine: {sys.platform}, {os.cpu_count()} cores, "
          f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    results = []
    try:
        for size in a.sizes:
            results.append(measure(size, a.queries, work, a.reload_max))
            report(results[-1])
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        k = last["size"] / first["size"]
        print(f"\n## growth from {first['size']:,} to {last['size']:,} paragraphs ({k:.0f}x)")
        for name, get in (("index build", lambda r: r["quotebot"]["build"]),
                          ("search p50", lambda r: r["quotebot"]["search"]["p50"]),
                          ("search p99", lambda r: r["quotebot"]["search"]["p99"]),
                          ("serving memory", lambda r: r["quotebot"]["rss_mb"])):
            g = get(last) / get(first)
            shape = "constant" if g < 2 else "log-like" if g < k ** 0.5 else "linear" if g < 2 * k else "worse than linear"
            print(f"{name:<20} x{g:.1f}  ({shape})")
    with open(work.parent / "quotebot-bench-last.json", "w") as out:
        json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
