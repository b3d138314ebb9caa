"""Throughput of `tocsin ingest` against extraction alone (`tocsin extract` to a file), on the same corpus.

    python bench/bench_ingest.py [--corpus PATH.jsonl] [--articles 400] [--db postgresql://…]

Ingest does what extract does (read, extract) plus fingerprinting for copies, storing every article, report,
mention and actor in its own transaction, and merging events across articles. The ratio is measured twice:
between two processes (extract, then ingest), and inside the ingest run itself, as the share of its time spent
extracting — the second is immune to other jobs slowing one process and not the other. Each mode runs in its own
process, after a warm-up outside the timing (loading models and libraries is a one-off cost); the ratio is
what to compare, and the CPU-time ratio is the one that other jobs on the machine disturb least.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "eval" / "data" / "popcorn-train" / "input.jsonl"


def corpus_file(corpus: Path, n: int, folder: Path) -> Path:
    """The first `n` lines of the corpus (repeated with new ids if it is shorter), as a JSONL file."""
    lines = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            record = dict(lines[i % len(lines)])
            if i >= len(lines):  # a repeat would be a copy: make it a different article
                record["id"] = f"{record.get('id', i)}-{i}"
                record["text"] = f"{record['text']}\n\n(Édition {i}.)"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class Timed:
    """The extractor, timed: how much of an ingest run is extraction, measured inside that same run."""

    def __init__(self, extractor: Any) -> None:
        self.extractor = extractor
        self.seconds = 0.0
        self.cpu = 0.0

    def run(self, items: Any) -> Iterator[Any]:
        it = iter(self.extractor.run(items))
        while True:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                result = next(it)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - start
                self.cpu += time.process_time() - cpu
            yield result


def run_mode(mode: str, path: Path, db: str | None) -> dict[str, float]:
    from tocsin.model import Article
    from tocsin.pipeline import Extractor
    from tocsin.readers import read_inputs
    from tocsin.settings import load_settings

    settings = load_settings()
    extractor = Extractor(settings)
    list(extractor.run([Article(id="warm", text="La police a arrêté 300 manifestants jeudi à Lyon.", lang="fr")]))
    if mode == "ingest":  # its one-off costs too: importing datasketch (and scipy) and the database driver
        from tocsin.ingest.dedup import Deduplicator
        from tocsin.store.sql import SqlStore

        Deduplicator().fingerprint("mot " * 100)
        assert SqlStore
    n = sum(1 for _ in path.open(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        if mode == "extract":
            with open("/dev/null", "w", encoding="utf-8") as out:
                for result in extractor.run(read_inputs([path], settings=settings)):
                    out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            from tocsin.ingest import ingest

            timed = Timed(extractor)
            report = ingest([path], db or f"sqlite:///{folder}/bench.db", settings, runner=timed)
            assert report.stats["stored"] + report.stats["copies"] + report.stats["already"] == n, report.stats
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    inside = {"extract_seconds": timed.seconds, "extract_cpu": timed.cpu} if mode == "ingest" else {}
    return {**inside, "articles": n, "seconds": seconds, "per_s": n / seconds, "cpu_seconds": cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--db", help="store URL for the ingest mode (default: a new SQLite file)")
    parser.add_argument("--mode", choices=["extract", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.file, args.db)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = corpus_file(args.corpus, args.articles, Path(folder))
        results = {}
        for mode in ("extract", "ingest"):
            command = [sys.executable, __file__, "--mode", mode, "--file", str(path)]
            if args.db:
                command += ["--db", args.db]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{args.articles} articles from {args.corpus.name}, store {args.db or 'SQLite file'}")
    for mode, r in results.items():
        print(f"  {mode:<8} {r['per_s']:7.1f} articles/s  {r['seconds']:7.1f} s wall  {r['cpu_seconds']:7.1f} s CPU  "
              f"peak {r['peak_mb']:6.0f} MB")
    wall = results["ingest"]["per_s"] / results["extract"]["per_s"]
    cpu = results["extract"]["cpu_seconds"] / results["ingest"]["cpu_seconds"]
    print(f"  ingest / extract-only throughput ratio, two processes: {wall:.2f} (wall clock), {cpu:.2f} (CPU time)")
    r = results["ingest"]
    print(f"  within the ingest run, extraction took {r['extract_seconds']:.1f} of {r['seconds']:.1f} s wall "
          f"({r['extract_cpu']:.1f} of {r['cpu_seconds']:.1f} s CPU): ingest / extract-only ratio "
          f"{r['extract_seconds'] / r['seconds']:.2f} (wall clock), {r['extract_cpu'] / r['cpu_seconds']:.2f} (CPU)")


if __name__ == "__main__":
    main()
