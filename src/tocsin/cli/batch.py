"""The `tocsin batch` command: the pipeline over large inputs, in this process or on Ray workers."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager, closing, nullcontext, redirect_stdout
from dataclasses import dataclass, field
from typing import IO, Any

import click

from ..errors import TocsinError
from ..model import ArticleResult
from .common import (
    EXIT_CODES_HELP,
    Fatal,
    check_lang,
    check_paths,
    exit_status,
    fail,
    finish,
    input_total,
    plural,
    prepare_gazetteer,
    progress,
    progress_option,
    published_option,
    say,
    show_progress,
)
from .extract import problem_line


@dataclass
class Summary:
    """What a batch produced: articles, events, and the articles not processed, by error code."""

    articles: int = 0
    events: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self, engine: str, workers: int) -> str:
        """The summary printed after a batch."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        text = (f"{plural(self.articles, 'article')}, {plural(self.events, 'event')} in {self.seconds:.1f} s "
                f"({rate:.1f} articles/s, engine {engine}, {plural(workers, 'worker')})")
        if self.errors:
            codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.errors.items()))
            text += f"; {sum(self.errors.values())} not processed ({codes}; see their 'error' field)"
        return text


def write_jsonl(results: Iterable[ArticleResult], out: IO[str], *, progress_bar: bool = False,
                total: int | None = None) -> Summary:
    """Write contract lines (as `tocsin extract` does), report the articles not processed, and count them."""
    summary = Summary()
    start = time.perf_counter()
    for result in progress(results, show=progress_bar, total=total, desc="articles"):
        summary.articles += 1
        summary.events += len(result.events)
        if result.error:
            summary.errors[result.error.code] += 1
            say(problem_line(result))
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    summary.seconds = time.perf_counter() - start
    return summary


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Where to write the contract JSONL (default: standard output).")
@click.option("--engine", help="local (this process) or ray (worker processes; pip install 'tocsin[ray]'). "
                               "Default: runner.engine, shipped as local.")
@click.option("--address", help="Ray cluster to join: ray://host:10001, or auto (a `ray start` cluster here). "
                                "Default: start a private Ray for this run.")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes for ray, each loading the models once "
                                                             "(default: one per CPU core).")
@click.option("--batch-size", type=click.IntRange(min=1), help="Articles handed to a worker at a time (default 64).")
@published_option
@click.option("--lang", help="Language code of the inputs, instead of detecting it per article.")
@progress_option
def batch(inputs: tuple[str, ...], output: str, engine: str | None, address: str | None, workers: int | None,
          batch_size: int | None, published: Any, lang: str | None, progress: bool | None) -> None:
    """Extract events from many articles, in this process or on Ray workers; same lines as `extract`.

    \b
    Examples:
      tocsin batch archive/ -o events.jsonl
      tocsin batch archive.jsonl -o events.jsonl --engine ray --workers 8
      tocsin batch archive.jsonl -o events.jsonl --engine ray --address ray://head:10001
    """
    from ..readers import read_inputs
    from ..runners import available_runners, get_runner
    from ..settings import load_settings

    check_paths(list(inputs))
    flags: dict[str, Any] = {key: value for key, value in (("engine", engine), ("address", address),
                             ("workers", workers), ("batch_size", batch_size)) if value is not None}
    try:
        settings = load_settings({"runner": flags})
        if settings.runner.engine not in available_runners():
            raise click.BadParameter(f"unknown engine {settings.runner.engine!r}: use one of "
                                     f"{', '.join(available_runners())}", param_hint="--engine")
        if settings.runner.engine == "local" and (workers or 0) > 1:
            raise click.UsageError("--workers needs --engine ray: the local engine runs in this process")
        if settings.runner.engine == "local" and address:
            raise click.UsageError("--address needs --engine ray")
        code = check_lang(lang, settings)
        prepare_gazetteer(settings)
        items = read_inputs(list(inputs), published=published, lang=code, settings=settings)
        show = show_progress(progress)
        total = input_total(list(inputs), show)
        # The file is opened here and closed by the `with` below, which also holds the runner.
        target: AbstractContextManager[IO[str]] = (nullcontext(sys.stdout) if output == "-"
                                                   else open(output, "w", encoding="utf-8"))  # noqa: SIM115
        # Ray prints its workers' failures on sys.stdout from a thread of its own: they go to stderr, so
        # that `-o -` gives contract lines only (`target` already holds the real stdout).
        with closing(get_runner(settings)) as runner, target as out, redirect_stdout(sys.stderr):
            summary = write_jsonl(runner.run(items), out, progress_bar=show, total=total)
            count = getattr(runner, "workers", 1)
    except TocsinError as err:
        fail(err)
    except OSError as err:
        raise Fatal(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(summary.line(settings.runner.engine, count), err=True)
    finish(exit_status(summary.articles, sum(summary.errors.values())))
