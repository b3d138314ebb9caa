"""tocsin's API and datasette serving the same SQLite file, one after the other in one run, loaded by `wrk`.

    python bench/datasette_side_by_side.py --db /tmp/tocsin-load.db [--clients 50] [--seconds 20] [--workers 2]

datasette runs from its own virtualenv (python -m venv /tmp/datasette-venv && /tmp/datasette-venv/bin/pip
install datasette), never tocsin's; `wrk` is Debian's (apt-get install wrk). Both servers listen on 127.0.0.1
only and each run is bounded (--seconds). The reference is datasette's JSON page of the events table,
/DB/events.json?_size=50 (50 rows with their stored summaries); tocsin's is GET /api/events?limit=50 (50 merged
events with their articles and mentions). Prints requests/s, p99 and errors for both, and the ratio; the store
is filled beforehand by bench/load_api.py (--events N).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


def _ms(text: str) -> float:
    found = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if not found:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(found.group(1)) * _UNITS[found.group(2)]


def wrk(url: str, *, clients: int, seconds: float, threads: int = 2) -> dict[str, Any]:
    """One bounded wrk run on `url`: requests/s, latency percentiles, errors (socket errors and non-2xx)."""
    exe = shutil.which("wrk")
    if exe is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    out = subprocess.run([exe, f"-t{threads}", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "10s", "--latency",
                          url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    pcts = {p: _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.MULTILINE)}
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    if total == 0:  # nothing answered within wrk's timeout: every connection failed, whatever wrk counted
        errors = max(errors, clients)
    return {"url": url, "requests": total, "per_s": rate, "p50_ms": pcts.get("50"), "p90_ms": pcts.get("90"),
            "p99_ms": pcts.get("99"), "errors": errors}


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The server's own process group: uvicorn's workers go with it.
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def run_tocsin(db: Path, *, clients: int, seconds: float, workers: int) -> dict[str, Any]:
    """tocsin's API over `db` as `tocsin serve --workers N` runs it, loaded on GET /api/events?limit=50."""
    port = _port()
    env = {**os.environ, "TOCSIN_CONFIG": "/nonexistent", "TOCSIN_STORE__URL": f"sqlite:///{db}"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tocsin.api:create_app", "--host",
                               "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning",
                               "--no-access-log"], env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/api/health")
        url = f"{base}/api/events?limit=50"
        wrk(url, clients=clients, seconds=min(3.0, seconds))  # warm-up: caches, connection pools
        return {"server": f"tocsin (uvicorn, {workers} worker{'s' if workers > 1 else ''})",
                **wrk(url, clients=clients, seconds=seconds)}
    finally:
        _stop(server)


def run_datasette(db: Path, *, clients: int, seconds: float, datasette: str,
                  settings: tuple[str, ...] = ()) -> dict[str, Any]:
    """datasette over the same file, loaded on its JSON page of 50 events, /DB/events.json?_size=50."""
    if not Path(datasette).exists():
        raise SystemExit(f"no datasette at {datasette}: python -m venv /tmp/datasette-venv && "
                         f"/tmp/datasette-venv/bin/pip install datasette")
    port = _port()
    extra = [a for setting in settings for a in ("--setting", *setting.split("=", 1))]
    server = subprocess.Popen([datasette, "serve", str(db), "--host", "127.0.0.1", "--port", str(port), *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        url = f"{base}/{db.stem}/events.json?_size=50"
        _wait(url)
        wrk(url, clients=clients, seconds=min(3.0, seconds))
        version = subprocess.run([datasette, "--version"], capture_output=True, text=True).stdout.strip()
        name = f"{version}{' (' + ', '.join(settings) + ')' if settings else ''}"
        return {"server": name, **wrk(url, clients=clients, seconds=seconds)}
    finally:
        _stop(server)


def compare(db: Path, *, clients: int = 50, seconds: float = 20.0, workers: int = 2,
            datasette: str = "/tmp/datasette-venv/bin/datasette") -> dict[str, Any]:
    """Both servers on `db`, one after the other; `ok` when tocsin serves at least datasette's rate, error-free."""
    ours = run_tocsin(db, clients=clients, seconds=seconds, workers=workers)
    # datasette as installed, and without its facet suggestions (each JSON page otherwise tries a facet per
    # column): the faster of the two is the reference.
    runs = [run_datasette(db, clients=clients, seconds=seconds, datasette=datasette),
            run_datasette(db, clients=clients, seconds=seconds, datasette=datasette,
                          settings=("suggest_facets=off",))]
    theirs = max(runs, key=lambda r: r["per_s"])
    ratio = round(ours["per_s"] / theirs["per_s"], 2) if theirs["per_s"] else None
    for r in (ours, *runs):
        print(f"{r['server']:<40} {r['per_s']:>8.1f} req/s  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
              f"errors {r['errors']}", file=sys.stderr)
    print(f"ratio tocsin / datasette: {ratio}", file=sys.stderr)
    return {"clients": clients, "seconds": seconds, "cpus": os.cpu_count(), "tocsin": ours,
            "datasette": theirs, "datasette_runs": runs,
            "ratio": ratio, "ok": bool(ratio is not None and ratio >= 1 and ours["errors"] == 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a tocsin SQLite store (bench/load_api.py --events N fills one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2, help="tocsin's server processes (tocsin serve --workers)")
    parser.add_argument("--datasette", default="/tmp/datasette-venv/bin/datasette")
    args = parser.parse_args()
    outcome = compare(Path(args.db).resolve(), clients=args.clients, seconds=args.seconds, workers=args.workers,
                      datasette=args.datasette)
    print(json.dumps(outcome, indent=2))
    sys.exit(0 if outcome["ok"] else 1)


if __name__ == "__main__":
    main()
