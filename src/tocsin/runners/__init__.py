"""Runners: how `tocsin batch` spreads the pipeline over processes (docs/batch.md).

The runner is chosen by `runner.engine`: "local" (this process), "ray" (Ray actors, with the
`tocsin[ray]` extra) or any factory a package registers in the entry point group `tocsin.runners`
(`f(settings) -> Runner`).

    >>> from contextlib import closing
    >>> from tocsin.readers import read_inputs
    >>> from tocsin.runners import get_runner
    >>> with closing(get_runner(engine="ray")) as runner:         # doctest: +SKIP
    ...     for result in runner.run(read_inputs(["articles/"])):
    ...         print(result.id, len(result.events))
"""

from __future__ import annotations

from collections.abc import Callable

from .. import plugins
from ..errors import ConfigError
from ..settings import Settings, default_settings
from .local import LocalRunner
from .protocol import Runner, run_unit

ENTRY_POINT_GROUP = "tocsin.runners"
RunnerFactory = Callable[[Settings], Runner]


def _ray(settings: Settings) -> Runner:
    from .ray import RayRunner  # imports Ray, so only when chosen

    return RayRunner(settings)


# The built-in runners, registered as a third party registers its own; a plugin of the same name wins.
BUILTIN_RUNNERS: dict[str, RunnerFactory] = {"local": LocalRunner, "ray": _ray}


def available_runners() -> list[str]:
    """Names `runner.engine` may take."""
    return plugins.names(ENTRY_POINT_GROUP, BUILTIN_RUNNERS)


def get_runner(settings: Settings | None = None, *, engine: str | None = None) -> Runner:
    """A new runner of `engine` (default: `runner.engine`); close it when done, it may hold worker processes."""
    settings = settings or default_settings()
    name = engine or settings.runner.engine
    factory: RunnerFactory | None = plugins.factory(ENTRY_POINT_GROUP, name, BUILTIN_RUNNERS)
    if factory is None:
        raise ConfigError(f"unknown engine {name!r}: use one of {', '.join(available_runners())} "
                          f"(runner.engine or --engine), or install the package that provides it")
    runner = factory(settings)
    if not isinstance(runner, Runner):
        raise ConfigError(f"engine {name!r} returned {type(runner).__name__}, which lacks run() and close(): "
                          f"fix or remove the plugin")
    return runner


__all__ = [
    "BUILTIN_RUNNERS",
    "ENTRY_POINT_GROUP",
    "LocalRunner",
    "Runner",
    "available_runners",
    "get_runner",
    "run_unit",
]
