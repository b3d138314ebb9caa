"""The `extract` command: articles in, contract JSONL (or a readable table) out, one line per article."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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


def samples() -> list[Path]:
    """The sample articles shipped with tocsin."""
    folder = Path(__file__).resolve().parent.parent / "samples"
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def format_table(result: ArticleResult) -> str:
    """A readable summary of one article's events."""
    lines = [f"── {result.id}  [{result.lang or '?'}]  {result.title or ''}".rstrip()]
    if result.error:
        lines.append(f"   error {result.error.code}: {result.error.message}")
        return "\n".join(lines)
    for e in result.events:
        when = ""
        if e.date:
            when = (
                e.date.start.isoformat() if e.date.precision == "day" else f"{e.date.start:%Y-%m} ({e.date.precision})"
            )
            if e.date.weekday and e.date.precision != "day":
                when += f" {e.date.weekday}"
        where = f"{e.location.name} ({e.location.country}, {e.location.precision})" if e.location else "—"
        counts = ", ".join(f"{k} {c.text!r}→{c.value:g}" for k, c in e.counts.items())
        actors = "; ".join(f"{a.role}: {a.name} [{a.kind}]" for a in e.actors)
        sources = "; ".join(s.name + (f" via {', '.join(s.via)}" if s.via else "") for s in e.sources)
        lines.append(f"  {e.id:>4} {e.type:<12} {e.modality:<9} {when:<24} {where}")
        for label, value in (("actors", actors), ("counts", counts), ("sources", sources)):
            if value:
                lines.append(f"{'':>7}{label}: {value}")
        lines.append(
            f"{'':>7}“{e.mentions[0].text}”" + (f" (+{len(e.mentions) - 1} more)" if len(e.mentions) > 1 else "")
        )
    if not result.events:
        lines.append("   no events found")
    return "\n".join(lines)


@dataclass
class Tally:
    """What a run wrote: articles, events, and the articles not processed by error code."""

    articles: int = 0
    events: int = 0
    codes: Counter[str] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return sum(self.codes.values())

    def line(self) -> str:
        text = f"{plural(self.articles, 'article')}, {plural(self.events, 'event')}"
        if self.errors:
            codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.codes.items()))
            text += f", {self.errors} not processed ({codes}; see their 'error' field)"
        return text


def problem_line(result: ArticleResult) -> str:
    """The line that reports an article not processed: where it came from, its error code and message."""
    assert result.error is not None
    return f"not processed: {result.id} [{result.error.code}] {result.error.message}"


def write_results(results: Iterator[ArticleResult], out: IO[str], fmt: str, *, show: bool,
                  total: int | None) -> Tally:
    """Write one line (or table block) per result, report the ones not processed, and count them."""
    tally = Tally()
    for result in progress(results, show=show, total=total, desc="articles"):
        tally.articles += 1
        tally.events += len(result.events)
        if result.error:
            tally.codes[result.error.code] += 1
            say(problem_line(result))
        if fmt == "table":
            out.write(format_table(result) + "\n")
        else:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    return tally


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Where to write the results (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="Contract JSONL, one line per article, or a readable table.")
@published_option
@click.option("--lang", help="Language code of the inputs, instead of detecting it per article.")
@click.option("--sample", is_flag=True, help="Run on the bundled sample articles.")
@progress_option
def extract(inputs: tuple[str, ...], output: str, fmt: str, published: object, lang: str | None, sample: bool,
            progress: bool | None) -> None:
    """Extract events from articles: files, folders, JSONL, HTML, or - for standard input.

    Each article not processed (unreadable, empty, unsupported language…) keeps its line, with an
    'error' field, and is reported on standard error.

    \b
    Examples:
      tocsin extract --sample --format table
      tocsin extract articles/ -o events.jsonl
      tocsin extract report.txt --published 2022-01-06 --lang fr
    """
    from ..model import DateRange
    from ..pipeline import Extractor
    from ..readers import read_inputs
    from ..settings import load_settings

    paths: list[str | Path] = [*inputs, *(samples() if sample else [])]
    if not paths:
        raise click.UsageError("give at least one input (a file, a folder, or - for standard input), or --sample")
    check_paths(list(inputs))
    try:
        settings = load_settings()
        code = check_lang(lang, settings)
        show = show_progress(progress)
        prepare_gazetteer(settings)
        when = published if isinstance(published, DateRange) else None
        items = read_inputs(paths, published=when, lang=code, settings=settings)
        results = Extractor(settings).run(items)
        total = input_total(paths, show)
        if output == "-":
            tally = write_results(results, sys.stdout, fmt, show=show, total=total)
        else:
            with open(output, "w", encoding="utf-8") as out:
                tally = write_results(results, out, fmt, show=show, total=total)
    except TocsinError as err:
        fail(err)
    except OSError as err:
        raise Fatal(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(tally.line(), err=True)
    finish(exit_status(tally.articles, tally.errors))
