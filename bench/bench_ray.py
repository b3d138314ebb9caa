"""Throughput and memory of the Ray engine, 1 worker against 2 (and local), and the cost of 1 M articles a day.

    python bench/bench_ray.py [--articles 800] [--repeat 1] [--corpus PATH.jsonl] [--price 0.045]

Each engine runs in its own process, one after the other in one run: a fresh private Ray each
time, its workers warmed up (models loaded) before the clock starts, then every article run
through the engine and serialised as `tocsin batch` writes it. The figures to compare across
machines are the ratios; absolute rates depend on the CPU and on the articles' length. On a shared
machine, `--repeat N` runs the engines N times in turn and keeps each one's best run; the load
average printed before and after tells whether something else was competing for the cores.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from tocsin.runners.protocol import Item

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "eval" / "data" / "popcorn-train" / "input.jsonl"
ARTICLES_PER_DAY = 1_000_000
MODES = ("local", "ray-1", "ray-2")
PAIR = "local×2"  # not an engine: the hardware's own ceiling for two workers


def load_items(corpus: Path | None, n: int) -> tuple[list[Item], str]:
    """`n` articles: the corpus given (JSONL), else variants of the bundled samples; and what they are."""
    from tocsin.readers import read_inputs
    from tocsin.runners.testing import article_variants

    if corpus is not None and corpus.is_file():
        base = list(read_inputs([corpus]))
        what = f"{corpus.parent.name}/{corpus.name}"
    else:
        base = article_variants(max(n, 1), bad=False)
        what = "variants of the bundled samples"
    # Repeated articles get new ids, so that nothing downstream can tell them apart from fresh ones.
    return [replace(base[i % len(base)], id=f"{base[i % len(base)].id}#{i}") for i in range(n)], what


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(root: int) -> list[int]:
    """Every process below `root` (Ray's services and workers, which the driver started)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def run_mode(mode: str, corpus: Path | None, n: int, start_at: float = 0.0) -> dict[str, Any]:
    """Run `n` articles through one engine in this process; seconds, rates and memory."""
    from tocsin.runners import LocalRunner, Runner
    from tocsin.settings import load_settings

    items, _ = load_items(corpus, n)
    workers = 1 if mode == "local" else int(mode.split("-")[1])
    settings = load_settings({"runner": {"workers": workers}}, environ={}, user_file=Path("/nonexistent/tocsin.yaml"))
    started = time.perf_counter()
    runner: Runner
    if mode == "local":
        runner = LocalRunner(settings)
        list(runner.run(items[:8]))  # warm-up: models, language data and gazetteer load once
    else:
        from tocsin.runners.ray import RayRunner

        runner = ray_runner = RayRunner(settings, warm=True)
        ray_runner.start()
    startup = time.perf_counter() - started
    time.sleep(max(0.0, start_at - time.time()))  # side-by-side processes start their clocks together
    start = time.perf_counter()
    events = 0
    for result in runner.run(items):
        events += len(result.events)
        json.dumps(result.to_dict(), ensure_ascii=False)  # what `tocsin batch` does with each result
    seconds = time.perf_counter() - start
    stats: list[dict[str, Any]] = []
    services_mb = 0.0
    if mode != "local":
        stats = [{"pid": w.pid, "articles": w.articles, "peak_rss_mb": round(w.peak_rss_mb)}
                 for w in ray_runner.worker_stats()]
        actors = {w["pid"] for w in stats}
        services_mb = sum(_rss_mb(p) for p in _descendants(os.getpid()) if p not in actors)
    runner.close()
    return {"mode": mode, "workers": workers, "articles": n, "events": events, "seconds": round(seconds, 2),
            "startup_s": round(startup, 1), "articles_per_s": n / seconds,
            "driver_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "other_ray_processes_mb": round(services_mb), "workers_stats": stats}


def _child(mode: str, corpus: Path, n: int, start_at: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, __file__, "--mode", mode, "--articles", str(n), "--corpus", str(corpus),
                             "--start-at", str(start_at)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _result(child: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"a benchmark process failed ({child.args!r}); run it alone to see why")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _pair(corpus: Path, n: int) -> dict[str, Any]:
    """Two independent local processes side by side, half the articles each: what 2 cores give at best."""
    start_at = time.time() + 45  # after both have loaded their models
    halves = [_result(c) for c in [_child("local", corpus, n // 2, start_at) for _ in range(2)]]
    seconds = max(h["seconds"] for h in halves)
    return {**halves[0], "mode": PAIR, "workers": 2, "articles": n, "seconds": seconds,
            "articles_per_s": 2 * (n // 2) / seconds, "workers_stats": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each engine, in turn; the best is kept")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--price", type=float, default=0.045,
                        help="ASSUMED price of one cloud vCPU-hour, in US dollars (default 0.045)")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.corpus, args.articles, args.start_at)))
        return
    items, what = load_items(args.corpus, args.articles)
    chars = sum(len(i.text) for i in items) / len(items)
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    results: dict[str, dict[str, Any]] = {}
    for _ in range(args.repeat):
        for mode in (*MODES, PAIR):
            if mode == PAIR:
                run = _pair(args.corpus, args.articles)
            else:
                run = _result(_child(mode, args.corpus, args.articles))
            if mode not in results or run["articles_per_s"] > results[mode]["articles_per_s"]:
                results[mode] = run
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{args.articles} articles ({what}), {chars:.0f} characters on average; {os.cpu_count()} CPUs; "
          f"best of {args.repeat}; load average before {' '.join(load_before)}, after {' '.join(load_after)}")
    print(f"{'engine':<8} {'articles/s':>10} {'start-up':>9} {'worker peak RSS':>16} {'other Ray processes':>20}")
    for mode, r in results.items():
        peaks = ", ".join(f"{w['peak_rss_mb']} MB" for w in r["workers_stats"]) or f"{r['driver_peak_mb']} MB (driver)"
        print(f"{mode:<8} {r['articles_per_s']:10.1f} {r['startup_s']:8.1f}s {peaks:>16} "
              f"{r['other_ray_processes_mb']:>17} MB")
    rate = {mode: r["articles_per_s"] for mode, r in results.items()}
    print(f"ray 2 workers / 1 worker: {rate['ray-2'] / rate['ray-1']:.2f}x; ray 2 workers / local: "
          f"{rate['ray-2'] / rate['local']:.2f}x; two independent local processes / one: "
          f"{rate[PAIR] / rate['local']:.2f}x (the machine's own ceiling)")
    per_core = results["ray-2"]["articles_per_s"] / 2
    needed = ARTICLES_PER_DAY / 86_400 / per_core
    cores = math.ceil(needed)
    per_day = cores * 24 * args.price
    print(f"1 M articles/day = {ARTICLES_PER_DAY / 86_400:.1f} articles/s; at {per_core:.1f} articles/s per core "
          f"(ray, 2 workers) that is {needed:.2f} cores busy all day -> {cores} vCPU")
    print(f"ASSUMPTION: ${args.price:.3f} per vCPU-hour, and one cloud vCPU as fast as one core here -> "
          f"${per_day:.2f}/day, ${per_day * 30:.0f}/month for {cores} vCPU running all day "
          f"(${needed * 24 * args.price:.2f}/day of pure compute if billed per second)")


if __name__ == "__main__":
    main()
