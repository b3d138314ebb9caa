"""Cross-article merge at scale: time, peak memory and quality on synthetic event reports.

    python bench/bench_merge.py                       # 10k, 100k and 1M records, in-memory merge engine
    python bench/bench_merge.py --sizes 10000 --store # also through the SQLite store (as `tocsin ingest` merges)

Each size runs in its own process, so that its peak memory is its own. Quality is pairwise precision and
recall against the real events the generator made (bench/synth_events.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pair_scores(predicted: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (record → event) against the real events."""
    def pairs(counter: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter((predicted[r], truth[r]) for r in predicted))
    found = pairs(Counter(predicted.values()))
    real = pairs(Counter(truth[r] for r in predicted))
    return (both / found if found else 1.0), (both / real if real else 1.0)


def run_memory(n: int) -> dict[str, float]:
    from synth_events import TRUTH, generate
    from tocsin.merging import Merger

    articles = list(generate(n))
    baseline = _rss_mb()
    merger = Merger()
    start, cpu = time.perf_counter(), time.process_time()
    for _, records in articles:
        merger.add_article(records)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    precision, recall = pair_scores(merger.event_of, TRUTH)
    return {"records": n, "seconds": seconds, "cpu_seconds": cpu, "per_s": n / seconds, "peak_mb": _rss_mb(),
            "input_mb": baseline, "events": len(merger.events()), "real_events": len(set(TRUTH.values())),
            "precision": precision, "recall": recall}


def _event(record: object) -> object:
    from tocsin.merging.records import Record
    from tocsin.model import Actor, Count, DateRange, Event, Location, Span

    assert isinstance(record, Record) and record.start is not None and record.end is not None
    first, last = record.first_day, record.last_day
    assert first is not None and last is not None
    when = DateRange.day(first) if record.precision == "day" else DateRange(first, last, "month")
    loc = Location(record.place or "?", record.country, record.lat, record.lon, None,
                   "city" if record.place_precision == "city" else "country")
    actors = [Actor("agent", a, a, next(iter(record.agent_kinds))) for a in sorted(record.agents)]
    actors += [Actor("victim", v, v, next(iter(record.victim_kinds))) for v in sorted(record.victims)
               if record.victim_kinds]
    counts = {k: Count(v, lo, hi, "exact", f"{v:g}") for k, v, lo, hi in record.counts}
    return Event("e1", record.type, "asserted", tuple(actors), loc, when, counts, (), (Span(0, 4, "text"),))


def run_store(n: int) -> dict[str, float]:
    from synth_events import TRUTH, generate
    from tocsin.model import ArticleResult
    from tocsin.settings import Settings
    from tocsin.store import ArticleMeta, open_store

    articles = list(generate(n))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.db", settings=Settings())
        start, cpu = time.perf_counter(), time.process_time()
        for article, records in articles:
            result = ArticleResult(id=article, text=article, events=tuple(_event(r) for r in records))  # type: ignore[misc]
            store.add_article(article, result, ArticleMeta())
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        events = store.totals()["events"]
        store.close()
    return {"records": n, "seconds": seconds, "cpu_seconds": cpu, "per_s": n / seconds, "peak_mb": _rss_mb(),
            "events": events,
            "real_events": len(set(TRUTH.values()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--store", action="store_true", help="also merge through a SQLite store")
    parser.add_argument("--mode", choices=["memory", "store"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        run = run_memory if args.mode == "memory" else run_store
        print(json.dumps(run(args.sizes[0])))
        return
    modes = ["memory", "store"] if args.store else ["memory"]
    results: dict[str, list[dict[str, float]]] = {m: [] for m in modes}
    for mode in modes:
        for n in args.sizes:
            done = subprocess.run([sys.executable, __file__, "--mode", mode, "--sizes", str(n)],
                                  capture_output=True, text=True, check=True)
            results[mode].append(json.loads(done.stdout.strip().splitlines()[-1]))
    for mode, rows in results.items():
        print(f"{mode} merge")
        for r in rows:
            quality = f"   pairwise precision {r['precision']:.3f} recall {r['recall']:.3f}" if "precision" in r else ""
            print(f"  {int(r['records']):>9,} records  {r['seconds']:7.1f} s ({r['cpu_seconds']:.1f} s CPU)  "
                  f"{r['per_s']:9,.0f} rec/s  "
                  f"peak {r['peak_mb']:6.0f} MB  {int(r['events']):>9,} events "
                  f"({int(r['real_events']):,} real){quality}")
        base = rows[0]
        for r in rows[1:]:
            growth = r["records"] / base["records"]
            print(f"  ×{growth:g} records → ×{r['seconds'] / base['seconds']:.1f} time, "
                  f"×{r['cpu_seconds'] / base['cpu_seconds']:.1f} CPU time (linear: ×{growth:g})")


if __name__ == "__main__":
    main()
