"""POST /api/extract's worker: the pipeline in a child process, so that a request whose client has gone can be
stopped at once (the child is killed and a fresh one starts on the next request), with a cap on waiting requests.

The extraction is CPU-bound Python and C code that cannot be interrupted from another thread; a process can.
The child loads the models once and then serves one extraction at a time.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any

from ..errors import TocsinError
from ..settings import Settings


class Busy(Exception):
    """Too many extractions are running or waiting (the route answers 429; never reaches a user as an error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The client went away before its extraction ended; the work was stopped."""


class _ChildDied(Exception):
    """The child process ended before answering."""


def _serve(settings: Settings, conn: Connection) -> None:  # pragma: no cover - runs in the child process
    from ..pipeline import Extractor
    from ..readers import parse_published, read_text

    extractor = Extractor(settings)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            published = job.pop("published")
            article = read_text(job.pop("text"), published=parse_published(published) if published else None,
                                **job)
            result = next(iter(extractor.run([article])))
            conn.send(("ok", result.to_dict()))
        except TocsinError as err:
            conn.send(("error", (type(err).__name__, err.message)))
        except Exception as err:  # the parent answers 500 and logs it; the child keeps serving
            conn.send(("crash", f"{type(err).__name__}: {err}"))


class ExtractWorker:
    """One child process running the pipeline, shared by a server process's requests (one job at a time)."""

    def __init__(self, settings: Settings, *, max_jobs: int) -> None:
        self.settings = settings
        self.max_jobs = max_jobs
        self.jobs = 0  # running or waiting
        self.cancelled = 0  # jobs stopped because their client left
        self._lock = threading.Lock()
        self._turn: asyncio.Lock | None = None
        self._process: Any = None
        self._conn: Connection | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def _start(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            # spawn, not fork: the server's threads and open connections must not be copied into the child.
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe()
            self._process = ctx.Process(target=_serve, args=(self.settings, child), daemon=True,
                                        name="tocsin-extract")
            self._process.start()
            child.close()
            self._conn = parent
        assert self._conn is not None
        return self._conn

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        """Stop the child process (at server shutdown)."""
        with self._lock:
            self._stop()

    async def run(self, job: dict[str, Any], gone: Callable[[], Awaitable[bool]]) -> dict[str, Any]:
        """The contract line of one article; `gone()` tells whether the client has left (then Cancelled)."""
        with self._lock:
            if self.jobs >= self.max_jobs:
                raise Busy(f"{self.jobs} extractions are running or waiting (api.max_extracts): retry shortly")
            self.jobs += 1
        try:
            if self._turn is None:
                self._turn = asyncio.Lock()
            async with self._turn:
                if await gone():
                    raise Cancelled
                try:
                    return await self._one(dict(job), gone)
                except _ChildDied:
                    # A child that died while the machine was loaded is started afresh once; a job that
                    # kills it again is answered with the error.
                    log.warning("the extraction process ended unexpectedly; retrying the job in a new one")
                    try:
                        return await self._one(dict(job), gone)
                    except _ChildDied:
                        raise TocsinError("the extraction process ended unexpectedly: see the server's log") from None
        finally:
            with self._lock:
                self.jobs -= 1

    async def _one(self, job: dict[str, Any], gone: Callable[[], Awaitable[bool]]) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        conn = await loop.run_in_executor(None, self._start)
        conn.send(job)
        answer = loop.run_in_executor(None, conn.recv)
        while True:
            done, _ = await asyncio.wait({answer}, timeout=0.2)
            if done:
                break
            if await gone():
                self.cancelled += 1
                await loop.run_in_executor(None, self._stop)  # the pending recv() ends with EOFError
                await asyncio.gather(answer, return_exceptions=True)
                raise Cancelled
        try:
            status, value = answer.result()
        except (EOFError, OSError):
            self._stop()
            raise _ChildDied from None
        if status == "ok":
            return dict(value)
        if status == "error":
            from .. import errors

            name, message = value
            kind = getattr(errors, name, TocsinError)
            raise kind(message) if isinstance(kind, type) and issubclass(kind, TocsinError) else TocsinError(message)
        raise RuntimeError(f"extraction failed: {value}")
