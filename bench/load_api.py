"""Load test of the REST API: concurrent clients on GET /api/events over loopback, against a store of ≥ 10k events.

    python bench/load_api.py [--events 10000] [--clients 50] [--seconds 30] [--db /tmp/tocsin-load.db]
    python bench/load_api.py --compare [--events 100000] [--workers 2]   # side by side with datasette (wrk)

With --compare, tocsin and datasette serve the same SQLite file one after the other in the same run, and
`wrk` (Debian's) loads tocsin's GET /api/events?limit=50 and datasette's /db/events.json?_size=50 with the same
clients and duration: see bench/datasette_side_by_side.py.

The store is filled once (then reused) with synthetic reports from bench/synth_events.py, stored and merged by the
real store; the server is `tocsin serve` in its own process; the clients are asyncio tasks in this one, each
sending its next request as soon as the last is answered, cycling through a mix of listings (first pages, filters
by type, country, dates, actor and text, deeper pages, other orders). Every answer must be a 200 with a page of
events; anything else counts as an error. Prints one JSON object: requests, errors, rate and latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any, cast

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The request mix, named for the per-kind figures; each is a query string on /api/events.
MIX: list[tuple[str, dict[str, Any]]] = [
    ("first page", {}),
    ("type", {"type": "PROTEST"}),
    ("country", {"country": "FR"}),
    ("type+country", {"type": "ATTACK", "country": "UA"}),
    ("date range", {"since": "2000-03-01", "until": "2000-03-31"}),
    ("deep page", {"offset": 5000}),
    ("by articles", {"sort": "-articles"}),
    ("actor", {"actor": "police"}),
    ("text", {"text": "city1"}),
    ("small page", {"limit": 10, "sort": "id"}),
]


def fill(url: str, events: int, per_article: int = 10) -> int:
    """Store synthetic reports until the store holds at least `events` merged events; returns how many it holds."""
    from bench_merge import _event
    from synth_events import generate
    from tocsin.model import ArticleResult, Event
    from tocsin.settings import load_settings
    from tocsin.store import ArticleMeta, open_store

    store = open_store(url, settings=load_settings(environ={}))
    try:
        have = store.totals()["events"]
        if have >= events:
            return have
        # About two reports per real event, and most of them merge: twice the events in records, and more if short.
        records = (r for _, rs in generate(events * 3) for r in rs)
        n = 0
        while have < events:
            batch = list(islice(records, per_article))
            if not batch:
                break
            n += 1
            # Several reports per article keep the build to a few minutes (one transaction per article).
            evs = tuple(replace(cast(Event, _event(r)), id=f"e{i}") for i, r in enumerate(batch, 1))
            result = ArticleResult(id=f"synthetic-{n}", text=f"synthetic article {n}", events=evs)
            store.add_article(f"synthetic-{n}", result, ArticleMeta())
            if n % 100 == 0:
                have = store.totals()["events"]
                print(f"  {have} events stored", file=sys.stderr)
        return int(store.totals()["events"])
    finally:
        store.close()


def start_server(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """The server in its own processes, as `tocsin serve --workers N` runs it, without the access log."""
    env = {**os.environ, "TOCSIN_CONFIG": "/nonexistent", "TOCSIN_STORE__URL": db}
    return subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tocsin.api:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", "--no-access-log"], env=env)


async def wait_ready(base: str, timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while True:
            try:
                if (await client.get(f"{base}/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            await asyncio.sleep(0.2)


async def load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    """`clients` tasks sending requests back to back for `seconds`; latencies in ms by kind of request."""
    import httpx

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        i = n
        while time.monotonic() < deadline:
            kind, params = MIX[i % len(MIX)]
            i += 1
            started = time.perf_counter()
            try:
                response = await http.get(f"{base}/api/events", params=params)
                ok = response.status_code == 200 and "items" in response.json()
                if not ok:
                    errors.append(f"{kind}: HTTP {response.status_code}")
            except httpx.HTTPError as err:
                errors.append(f"{kind}: {type(err).__name__}")
                continue
            latencies[kind].append((time.perf_counter() - started) * 1000)

    async with httpx.AsyncClient(limits=limits, timeout=60.0) as http:
        started = time.monotonic()
        await asyncio.gather(*(client(n, http) for n in range(clients)))
        elapsed = time.monotonic() - started
    every = sorted(x for xs in latencies.values() for x in xs)

    def pct(xs: list[float], q: float) -> float:
        return round(statistics.quantiles(xs, n=100, method="inclusive")[q - 1], 1) if len(xs) > 1 else 0.0

    return {
        "requests": len(every) + len(errors), "errors": len(errors), "error_samples": errors[:5],
        "seconds": round(elapsed, 1), "per_s": round(len(every) / elapsed, 1),
        "p50_ms": pct(every, 50), "p90_ms": pct(every, 90), "p99_ms": pct(every, 99), "max_ms": round(every[-1], 1),
        "by_kind": {k: {"n": len(v), "p50_ms": pct(sorted(v), 50), "p99_ms": pct(sorted(v), 99)}
                    for k, v in latencies.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000, help="least number of events in the store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", default="/tmp/tocsin-load.db", help="SQLite file, filled on first use")
    parser.add_argument("--port", type=int, default=0, help="loopback port (0: a free one)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (tocsin serve --workers)")
    parser.add_argument("--compare", action="store_true", help="side by side with datasette, loaded by wrk")
    parser.add_argument("--datasette", default="/tmp/datasette-venv/bin/datasette",
                        help="datasette executable, in its own virtualenv (--compare)")
    args = parser.parse_args()
    url = f"sqlite:///{Path(args.db).resolve()}"
    started = time.monotonic()
    events = fill(url, args.events)
    print(f"store: {events} events ({time.monotonic() - started:.0f} s to fill)", file=sys.stderr)
    if args.compare:
        from datasette_side_by_side import compare

        outcome = compare(Path(args.db).resolve(), clients=args.clients, seconds=args.seconds,
                          workers=args.workers, datasette=args.datasette)
        print(json.dumps({"events": events, **outcome}, indent=2))
        sys.exit(0 if outcome["ok"] else 1)
    if args.port:
        port = args.port
    else:
        from tocsin.api.testing import free_socket

        sock = free_socket()
        port = sock.getsockname()[1]
        sock.close()
    server = start_server(url, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(wait_ready(base))
        result = asyncio.run(load(base, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"events": events, "clients": args.clients, "workers": args.workers, **result}, indent=2))
    if result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
