"""The Ray runner: the pipeline in worker processes (Ray actors), on this machine or a cluster.

This is the only module that imports Ray. Each worker is an actor holding one `Extractor`, so the
models load once per worker; the driver reads the inputs, hands out units of articles to idle
workers, and gives the results back in input order.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, cast

from ..errors import MissingExtraError, RunnerError, WorkerCrashedError
from ..model import Article, ArticleResult
from ..settings import Settings, default_settings
from .protocol import Item, Pipeline, chunks, failed, new_extractor, run_unit

try:
    import ray
    from ray.exceptions import GetTimeoutError, RayActorError, RayError
except ImportError as err:  # the extra is optional; say how to get it
    raise MissingExtraError("the ray engine needs Ray, an optional extra: pip install 'tocsin[ray]'") from err

log = logging.getLogger(__name__)

# parsing is CPU-bound and each worker has one CPU: math libraries must not start threads that fight
# the other workers for the same cores.
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                      "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}
START_TIMEOUT = 900.0  # seconds for every worker to load its models (or for a cluster to find the CPUs)
WARM_TEXTS = {
    "fr": "La police a arrêté dix manifestants jeudi à Lyon.",
    "en": "Police arrested ten protesters in London on Thursday.",
}


@dataclass(frozen=True, slots=True)
class WorkerStats:
    """What one worker did and the most memory it held."""

    pid: int
    host: str
    articles: int
    peak_rss_mb: float


class Worker:
    """One actor's state: a pipeline whose models load once, then serve every unit sent to it."""

    def __init__(self, settings: Settings, make: Callable[[Settings], Pipeline]) -> None:
        self._settings = settings
        self._pipeline = make(settings)
        self._articles = 0

    def ready(self, warm: bool) -> int:
        """This worker's process id, once it runs; with `warm`, after loading every configured model."""
        if warm:
            articles: list[Item] = [Article(id=f"warm-{code}", text=WARM_TEXTS.get(code, WARM_TEXTS["en"]), lang=code)
                                    for code in self._settings.nlp.languages]
            articles.append(Article(id="warm", text=WARM_TEXTS["fr"]))  # loads language identification too
            run_unit(self._pipeline, articles)
        return os.getpid()

    def run(self, unit: list[Item]) -> list[ArticleResult]:
        """Results for one unit of articles, in order; never raises for an article."""
        results = run_unit(self._pipeline, unit)
        self._articles += len(unit)
        return results

    def stats(self) -> WorkerStats:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS
        mb = peak / 2**20 if sys.platform == "darwin" else peak / 1024
        return WorkerStats(os.getpid(), socket.gethostname(), self._articles, mb)


def connect(settings: Settings) -> bool:
    """Start a private Ray (`runner.address` empty) or join a cluster; False when Ray was already running here."""
    if ray.is_initialized():
        return False
    # Ray reports usage to its makers unless told not to; a batch job must not phone home.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    common: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR,
                              "runtime_env": {"env_vars": ONE_THREAD}}
    address = settings.runner.address
    try:
        if address:
            ray.init(address=address, **common)
        else:
            # address="local": never join a cluster that happens to run on this machine by accident.
            ray.init(address="local", num_cpus=settings.runner.workers or os.cpu_count() or 1, include_dashboard=False,
                     object_store_memory=settings.runner.object_store_mb * 2**20, **common)
    except Exception as err:  # Ray raises ConnectionError, ValueError or RuntimeError depending on the cause
        where = f"join the Ray cluster at {address}" if address else "start a local Ray"
        raise RunnerError(f"cannot {where}: {type(err).__name__}: {err}. Check runner.address (ray://host:10001 "
                          f"needs `pip install 'ray[client]'`; auto needs `ray start --head`)") from err
    return True


class RayRunner:
    """Runs the pipeline on Ray workers; Ray starts (see `connect`) on the first run and stops on `close`."""

    def __init__(self, settings: Settings | None = None, *, pipeline: Callable[[Settings], Pipeline] = new_extractor,
                 warm: bool = False) -> None:
        self.settings = settings or default_settings()
        self._make = pipeline
        self._warm = warm
        self._actors: list[Any] = []  # Ray actor handles: their methods are only typed at run time
        self._owns_ray = False

    @property
    def workers(self) -> int:
        """Workers running, or the number that will start."""
        return len(self._actors) or self.settings.runner.workers or os.cpu_count() or 1

    def start(self) -> None:
        """Start (or join) Ray and the workers; done by the first `run`, callable earlier to pay start-up apart."""
        if self._actors:
            return
        self._owns_ray = connect(self.settings)
        count = self.settings.runner.workers or self._cluster_cpus()
        # A worker that dies (out of memory, a crash in native code) is restarted, models and all, and Ray
        # retries its unit once; a unit that fails again is split by `run`, so a poisonous article costs
        # only its own line and cannot loop forever. The retry also covers units sent while it restarts.
        worker = ray.remote(Worker).options(num_cpus=1, max_restarts=-1, max_task_retries=1,
                                           runtime_env={"env_vars": ONE_THREAD})
        self._actors = [worker.remote(self.settings, self._make) for _ in range(count)]
        try:
            ray.get([actor.ready.remote(self._warm) for actor in self._actors], timeout=START_TIMEOUT)
        except (RayError, GetTimeoutError) as err:
            self.close()
            raise RunnerError(f"the Ray workers did not start: {err}. On a cluster every node needs tocsin and its "
                              f"models installed, and {count} free CPUs (set --workers lower)") from err

    def _cluster_cpus(self) -> int:
        # Ray leaves cluster_resources unannotated; the cast keeps mypy strict with or without Ray installed.
        resources = cast(Callable[[], dict[str, float]], ray.cluster_resources)()
        return max(1, int(resources.get("CPU", 1)))

    def run(self, items: Iterable[Item]) -> Iterator[ArticleResult]:
        """One result per item, in input order; the inputs are read as workers free up, not all at once."""
        self.start()
        size = self.settings.runner.batch_size
        ahead = size * len(self._actors) * 6  # articles read but not yet given back: bounds the driver's memory
        units = chunks(items, size)
        busy = [0] * len(self._actors)  # units sent to each worker and not yet back
        alone: set[int] = set()  # workers running one suspect article with nothing queued behind it
        suspects: deque[tuple[int, list[Item]]] = deque()  # articles of a unit that broke its worker
        running: dict[Any, tuple[int, list[Item], int]] = {}
        done: dict[int, ArticleResult] = {}
        read = given = crashes = 0
        exhausted = False
        while True:
            while True:
                if suspects:
                    # A suspect runs on a worker with nothing else to do, so that if the worker dies, the
                    # article that killed it is known; new units wait meanwhile (failures are rare).
                    free = [w for w in range(len(busy)) if busy[w] == 0]
                    if not free:
                        break
                    worker, (start, unit) = free[0], suspects.popleft()
                    alone.add(worker)
                elif not exhausted and read - given < ahead:
                    # Two units per worker: the next one waits on the worker while it runs the first, so
                    # that no worker sits idle while the driver collects its results and writes them.
                    open_ = [w for w in range(len(busy)) if busy[w] < 2 and w not in alone]
                    if not open_:
                        break
                    fresh = next(units, None)
                    if fresh is None:
                        exhausted = True
                        break
                    worker = min(open_, key=busy.__getitem__)
                    start, unit, read = read, fresh, read + len(fresh)
                else:
                    break
                busy[worker] += 1
                running[self._actors[worker].run.remote(unit)] = (start, unit, worker)
            if not running:
                break
            ready, _ = ray.wait(list(running), num_returns=1)
            for ref in ready:
                start, unit, worker = running.pop(ref)
                busy[worker] -= 1
                alone.discard(worker)
                try:
                    results: list[ArticleResult] = ray.get(ref)
                except RayError as err:
                    crashes += 1
                    if crashes > 2 * len(self._actors) + 3:
                        raise RunnerError(f"the Ray workers keep failing ({crashes} times in a row, last: {err}); "
                                          f"see the worker logs under Ray's session folder (/tmp/ray)") from err
                    if len(unit) > 1:
                        log.warning("a Ray worker failed on %d articles (%s); retrying them one by one", len(unit), err)
                        suspects.extend((start + k, [item]) for k, item in enumerate(unit))
                        continue
                    results = [_crashed(unit[0], err)]
                else:
                    crashes = 0
                done.update((start + k, result) for k, result in enumerate(results))
            while given in done:
                yield done.pop(given)
                given += 1
        if given != read:
            raise RunnerError(f"the Ray runner lost {read - given} results; this is a bug in tocsin, please report it")

    def worker_stats(self) -> list[WorkerStats]:
        """Each running worker's process, articles processed and peak memory."""
        return list(ray.get([actor.stats.remote() for actor in self._actors]))

    def close(self) -> None:
        """Stop the workers, and Ray itself if this runner started it."""
        actors, self._actors = self._actors, []
        for actor in actors:
            try:
                ray.kill(actor)
            except Exception:  # already gone (Ray shut down elsewhere): nothing left to stop
                log.debug("worker already stopped", exc_info=True)
        if self._owns_ray and ray.is_initialized():
            ray.shutdown()
        self._owns_ray = False

    def __enter__(self) -> RayRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _crashed(item: Item, err: RayError) -> ArticleResult:
    """The error line of an article that failed even when run alone."""
    if isinstance(err, RayActorError):
        return failed(item, WorkerCrashedError(
            f"the worker process died while processing this article, twice (once in its batch, once alone): "
            f"{type(err).__name__}; run it with --engine local to see the error, and report it"))
    cause = getattr(err, "cause", None) or err
    return failed(item, cause if isinstance(cause, Exception) else err)
