"""Benchmark the offline gazetteer: build time, size on disk, memory once loaded, resolutions per second.

    python bench/bench_geocode.py                     # builds a fresh index in a temporary folder
    python bench/bench_geocode.py --index PATH        # measures an index already built (no build)
    python bench/bench_geocode.py --names 20000 --json

Resolutions run on one core (one thread, one process). "cold" resolves distinct names once each,
"warm" resolves them again (lookups cached); "context" resolves them with an article context.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tocsin.geocode import Gazetteer, GazetteerGeocoder, GeoContext, build_index


def _sample_names(index: Path, count: int, seed: int) -> list[str]:
    """Names of real places, weighted towards the ones news mentions (larger places)."""
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        big = [r[0] for r in con.execute("SELECT name FROM place WHERE population >= 100000 OR level <= 2")]
        small = [r[0] for r in con.execute("SELECT name FROM place WHERE population < 100000 AND level > 2")]
    finally:
        con.close()
    rng = random.Random(seed)
    names = rng.sample(big, min(len(big), count // 2)) + rng.sample(small, min(len(small), count - count // 2))
    rng.shuffle(names)
    return names


_MEMORY_PROBE = """
import json, random, sqlite3, sys
from pathlib import Path

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

before = rss()
from tocsin.geocode import Gazetteer, GazetteerGeocoder
imported = rss()
index = Path(sys.argv[1])
con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
names = [r[0] for r in con.execute("SELECT name FROM place ORDER BY random() LIMIT 20000")]
geocoder = GazetteerGeocoder(Gazetteer(index))
for name in names:
    geocoder.resolve(name, lang="en")
print(json.dumps({"python_mb": before, "imported_mb": imported, "loaded_mb": rss()}))
"""


def _loaded_memory(index: Path) -> dict[str, float]:
    """Memory of a fresh process: bare, with tocsin.geocode imported, then after 20,000 resolutions."""
    out = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, str(index)], check=True, capture_output=True,
                         text=True).stdout
    result: dict[str, float] = json.loads(out)
    return result


def _rate(geocoder: GazetteerGeocoder, names: list[str], context: GeoContext | None = None) -> float:
    started = time.perf_counter()
    for name in names:
        geocoder.resolve(name, lang="en", context=context)
    return len(names) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index already built (default: build one now)")
    parser.add_argument("--min-population", type=int, default=500)
    parser.add_argument("--names", type=int, default=20_000, help="distinct names resolved")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args()

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            info = build_index(Path(tmp) / "gazetteer.sqlite", min_population=args.min_population)
            index = info.path
            results.update(build_seconds=round(info.seconds, 1), places=info.places, names_indexed=info.names)
        results["size_mb"] = round(index.stat().st_size / 2**20, 1)
        results.update({k: round(v, 1) for k, v in _loaded_memory(index).items()})

        geocoder = GazetteerGeocoder(Gazetteer(index))
        names = _sample_names(index, args.names, seed=42)
        results["cold_per_s"] = round(_rate(geocoder, names))
        results["warm_per_s"] = round(_rate(geocoder, names))
        context = GeoContext(countries={"US": 3.0, "FR": 1.0}, regions={"US.TX": 1.0},
                             points=((29.76, -95.36), (48.85, 2.35)))
        results["context_per_s"] = round(_rate(geocoder, names, context))
        resolved = sum(geocoder.resolve(n, lang="en") is not None for n in names)
        results["resolved_share"] = round(resolved / len(names), 3)

    if args.json:
        print(json.dumps(results))
        return
    for key, value in results.items():
        print(f"{key:>16}  {value}")


if __name__ == "__main__":
    main()
