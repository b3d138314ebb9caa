"""What every command shares: exit codes, errors, options, progress bars and the messages of the library."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..errors import BadHeaderError, TocsinError

if TYPE_CHECKING:
    from ..model import DateRange
    from ..settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class ExitCode(IntEnum):
    """The exit status of every command (documented in `tocsin --help` and docs/cli.md)."""

    OK = 0  # every input was processed
    PARTIAL = 1  # some inputs were rejected or failed: the others were written, the bad ones reported
    FATAL = 2  # usage error, or nothing could be read (missing path, no model, unknown language, no database)


EXIT_CODES_HELP = """\b
Exit status:
  0  every input was processed
  1  some inputs were rejected or failed (the others are written; each bad one is reported)
  2  usage error, or nothing could be read (missing path, no model, unknown language, no database)"""


class Fatal(click.ClickException):
    """An error that stops a command: exit status 2."""

    exit_code = ExitCode.FATAL


def fail(err: TocsinError) -> NoReturn:
    """Stop the command on a library error, with its code and message."""
    raise Fatal(f"[{err.code}] {err.message}") from err


def exit_status(processed: int, bad: int) -> ExitCode:
    """0 when nothing went wrong, 1 when some inputs were bad, 2 when every input was."""
    if not bad:
        return ExitCode.OK
    return ExitCode.FATAL if processed == bad else ExitCode.PARTIAL


def finish(status: ExitCode) -> None:
    """End the command with `status` (a no-op for 0, so that Click's own ending applies)."""
    if status:
        sys.exit(int(status))


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 article`, `2 articles`."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


# ---------------------------------------------------------------- options

DB_HELP = ("Database: a sqlite:///file.db or postgresql://user:password@host/db URL, or a file path "
           "(default: store.url in the settings, else tocsin.db in the per-user data folder).")


def db_option(func: F) -> F:
    """The `--db URL` option of the commands that use the store."""
    return click.option("--db", "db", metavar="URL", help=DB_HELP)(func)


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> DateRange | None:
    from ..readers import parse_published

    if value is None:
        return None
    try:
        return parse_published(value)
    except BadHeaderError as err:
        raise click.BadParameter(err.message) from None


def published_option(func: F) -> F:
    """`--published YYYY[-MM[-DD]]`, checked when parsed: a bad date is a usage error."""
    return click.option("--published", callback=_published, metavar="DATE",
                        help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for inputs that do not state one.")(func)


def progress_option(func: F) -> F:
    return click.option("--progress/--no-progress", default=None,
                        help="Show a progress bar with a total and the time left (default: on a terminal).")(func)


def show_progress(flag: bool | None) -> bool:
    """Whether to draw a progress bar: as asked, else when standard error is a terminal."""
    return sys.stderr.isatty() if flag is None else flag


# ---------------------------------------------------------------- checks before any work

def check_paths(inputs: Sequence[str], *, urls: bool = False) -> None:
    """A usage error naming every input path that does not exist (`-` is standard input)."""
    def is_url(value: str) -> bool:
        return value.startswith(("http://", "https://"))

    missing = [p for p in inputs if p != "-" and not (urls and is_url(p)) and not Path(p).exists()]
    if missing:
        names = ", ".join(repr(p) for p in missing)
        raise click.UsageError(f"no such file or folder: {names}; check the path"
                               + (" (or give an http(s):// URL)" if urls else ""))


def check_lang(lang: str | None, settings: Settings) -> str | None:
    """The `--lang` code normalised, after checking it is processed and its model installed."""
    from ..nlp import model_for, model_status
    from ..readers.common import normalize_lang

    code = normalize_lang(lang)
    if code is None:
        return None
    try:
        model = model_for(code, settings.nlp.models, settings.nlp.languages)
    except TocsinError:
        processed = ", ".join(sorted(set(settings.nlp.languages) & set(settings.nlp.models))) or "none"
        raise click.BadParameter(f"language {code!r} is not supported (supported: {processed}; "
                                 f"`tocsin languages` lists them)", param_hint="--lang") from None
    status = model_status(model)
    if not status.installed:
        raise Fatal(f"[model_not_installed] no model for --lang {code}: {model} is {status.describe()}")
    return code


def prepare_gazetteer(settings: Settings) -> None:
    """Build the offline gazetteer now if this is its first use, so that its message comes before any bar."""
    if settings.geocode.backend != "gazetteer":
        return
    from ..geocode import ensure_index, index_path

    try:
        ensure_index(index_path(settings))
    except TocsinError as err:
        fail(err)


# ---------------------------------------------------------------- progress and messages

def progress(items: Iterable[T], *, show: bool, total: int | None, desc: str, unit: str = " art") -> Iterator[T]:
    """`items` with a bar on standard error: count, total, rate and time left (when the total is known)."""
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit=unit, total=total, disable=not show, file=sys.stderr, dynamic_ncols=True)


def input_total(paths: Sequence[str | Path], show: bool) -> int | None:
    """The number of articles in `paths` for a progress bar, counted only when a bar is drawn."""
    if not show:
        return None
    from ..readers import count_articles

    return count_articles(paths)


def say(message: str) -> None:
    """A line on standard error that does not break a progress bar being drawn."""
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


class _Messages(logging.Handler):
    """The library's log records as plain lines on standard error, above any progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            say(f"warning: {text}" if record.levelno >= logging.WARNING else text)
        except Exception:  # a message that cannot be written must not stop the command
            self.handleError(record)


def show_messages() -> None:
    """Show tocsin's messages: warnings always, progress notes (loading a model…) on a terminal."""
    logger = logging.getLogger("tocsin")
    if not any(isinstance(h, _Messages) for h in logger.handlers):
        logger.addHandler(_Messages())
    logger.setLevel(logging.INFO if sys.stderr.isatty() else logging.WARNING)
