"""The `tocsin` command: thin wrappers around the library."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .cli_batch import batch
from .cli_serve import serve
from .cli_store import register as register_store_commands
from .errors import TocsinError
from .model import ArticleResult
from .settings import load_settings


def _fail(err: TocsinError) -> None:
    raise click.ClickException(f"[{err.code}] {err.message}")


def _samples() -> list[Path]:
    return sorted(
        p for p in (Path(__file__).parent / "samples").iterdir() if p.is_file() and not p.name.startswith(".")
    )


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tocsin")
def main() -> None:
    """tocsin: turn news reports into event data (what, who, where, when, how many, per whom)."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Where to write the results (default: standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="Contract JSONL, one line per article, or a readable table.",
)
@click.option("--published", help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for inputs that do not state one.")
@click.option("--lang", help="Language code of the inputs, instead of detecting it per article.")
@click.option("--sample", is_flag=True, help="Run on the bundled sample articles.")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."
)
def extract(
    inputs: tuple[str, ...],
    output: str,
    fmt: str,
    published: str | None,
    lang: str | None,
    sample: bool,
    progress: bool | None,
) -> None:
    """Extract events from articles: files, folders, JSONL, HTML, or - for standard input.

    \b
    Examples:
      tocsin extract --sample --format table
      tocsin extract articles/ -o events.jsonl
      tocsin extract report.txt --published 2022-01-06 --lang fr
    """
    from .pipeline import Extractor
    from .readers import parse_published, read_inputs

    paths: list[str | Path] = [*inputs, *(_samples() if sample else [])]
    if not paths:
        raise click.UsageError("give at least one input (a file, a folder, or - for standard input), or --sample")
    try:
        settings = load_settings()
        when = parse_published(published) if published else None
        items = read_inputs(paths, published=when, lang=lang, settings=settings)
        results = Extractor(settings).run(items)
        stats = _write(results, output, fmt, progress)
    except TocsinError as err:
        _fail(err)
        return
    summary = f"{stats['articles']} articles, {stats['events']} events"
    if stats["errors"]:
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(stats["codes"].items()))
        summary += f", {stats['errors']} not processed ({codes}; see their 'error' field)"
    click.echo(summary, err=True)


def _write(results: Iterator[ArticleResult], output: str, fmt: str, progress: bool | None) -> dict[str, Any]:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    stats: dict[str, Any] = {"articles": 0, "events": 0, "errors": 0, "codes": Counter()}
    out: IO[str]
    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for result in tqdm(results, desc="articles", unit="art", disable=not show, file=sys.stderr):
            stats["articles"] += 1
            stats["events"] += len(result.events)
            if result.error:
                stats["errors"] += 1
                stats["codes"][result.error.code] += 1
            if fmt == "table":
                out.write(format_table(result) + "\n")
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return stats


@main.command()
@click.argument("text")
@click.option("--lang", help="Language of the text (default: detected).")
def geocode(text: str, lang: str | None) -> None:
    """Find and resolve the places in TEXT (a quick check of the offline gazetteer).

    \b
    Example:
      tocsin geocode "Des heurts à Alma-Ata et à Paris"
    """
    from .geocode import geocode_text

    try:
        found = geocode_text(text, lang)
    except TocsinError as err:
        _fail(err)
        return
    for p in found:
        click.echo(json.dumps(p.to_dict(), ensure_ascii=False))


@main.command()
def config() -> None:
    """Print the settings in force (defaults, user file, TOCSIN_* variables)."""
    try:
        settings = load_settings()
    except TocsinError as err:
        _fail(err)
        return
    click.echo(json.dumps(settings.model_dump(), indent=2, ensure_ascii=False))


@main.command()
@click.option("--indent", type=click.IntRange(min=0), default=2, show_default=True,
              help="Spaces per indentation level; 0 prints one line.")
def schema(indent: int) -> None:
    """Print the JSON Schema (draft 2020-12) of one output line (see docs/contract.md).

    \b
    Example:
      tocsin schema > tocsin-contract.schema.json
    """
    from .schema import contract_schema

    click.echo(json.dumps(contract_schema(), indent=indent or None, ensure_ascii=False))


@main.command()
def languages() -> None:
    """List the languages that have data, and the spaCy model configured for each."""
    from . import lang as langdata

    settings = load_settings()
    for code in langdata.available():
        model = settings.nlp.models.get(code, "—")
        enabled = "enabled" if code in settings.nlp.languages else "disabled"
        click.echo(f"{code}\t{model}\t{enabled}")


register_store_commands(main)  # ingest, events, export, db (tocsin.cli_store)
main.add_command(batch)  # batch over many articles, local or on Ray (tocsin.cli_batch)
main.add_command(serve)  # REST API and web dashboard (tocsin.cli_serve, tocsin.api)

if __name__ == "__main__":  # pragma: no cover
    main()
