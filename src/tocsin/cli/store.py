"""The store's commands (`ingest`, `events`, `export`, `rejected`, `db`): thin wrappers around tocsin.store."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from ..errors import TocsinError
from ..merging import MergedEvent
from ..settings import load_settings
from ..store import SORTS, EventFilter, Page, Sort, Store
from .common import (
    EXIT_CODES_HELP,
    ExitCode,
    Fatal,
    check_lang,
    check_paths,
    db_option,
    fail,
    finish,
    plural,
    prepare_gazetteer,
    progress_option,
    published_option,
    say,
    show_progress,
)

if TYPE_CHECKING:
    from ..ingest import IngestReport, Problem

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["COMMANDS", "db_option", "register"]


def filter_options(func: F) -> F:
    """The event filters shared by `events` and `export`."""
    options = [
        click.option("--country", "countries", multiple=True, help="ISO country code (repeat for several)."),
        click.option("--type", "types", multiple=True, help="Event type code, e.g. PROTEST (repeat for several)."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after this day."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before this day."),
        click.option("--actor", help="Actor name or wording containing this text."),
        click.option("--text", help="Mention, place or article title containing this text."),
        click.option("--min-articles", type=int, default=0, help="Events reported by at least this many articles."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter(countries: tuple[str, ...], types: tuple[str, ...], since: Any, until: Any, actor: str | None,
            text: str | None, min_articles: int) -> EventFilter:
    return EventFilter(countries=countries, types=types, since=since.date() if since else None,
                       until=until.date() if until else None, actor=actor, text=text, min_articles=min_articles)


def _open(db: str | None, *, read_only: bool = False) -> Store:
    """The store at `db`; a command that only reads refuses a database that does not exist (no file is made)."""
    from ..store import open_store, resolve_url
    from ..store.engine import require_database

    settings = load_settings()
    if read_only:
        require_database(resolve_url(db if db is not None else settings.store.url))
    return open_store(db, settings=settings)


def _runner(spec: str | None) -> Any:
    if not spec:
        return None
    module, _, attr = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as err:
        raise click.BadParameter(f"cannot load {spec!r}: {err}", param_hint="--runner") from err
    return factory()


def _problem_line(problem: Problem) -> str:
    where = problem.origin or problem.url or problem.id
    text = problem.message if problem.message.startswith(where) else f"{where}: {problem.message}"
    return f"{problem.kind} [{problem.code}] {text}"


def ingest_status(report: IngestReport) -> ExitCode:
    """0 when every input was stored; 1 when some were rejected or failed; 2 when none could be read."""
    s = report.stats
    bad = s["rejected"] + s["failed"]
    good = s["stored"] - s["failed"] + s["already"] + s["copies"]
    if not bad:
        return ExitCode.OK
    return ExitCode.PARTIAL if good else ExitCode.FATAL


@click.command("ingest", epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True)
@db_option
@published_option
@click.option("--lang", help="Language code of the inputs, instead of detecting it per article.")
@click.option("--reprocess", is_flag=True, help="Extract again articles already stored (after an upgrade).")
@click.option("--watch", "every", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Read the inputs again every SECONDS.")
@progress_option
@click.option("--runner", hidden=True, help="MODULE:FACTORY of another extraction runner (tests, plugins).")
def ingest_command(inputs: tuple[str, ...], db: str | None, published: Any, lang: str | None,
                   reprocess: bool, every: float | None, progress: bool | None, runner: str | None) -> None:
    """Read articles into the store: files, folders, JSONL, HTML, RSS/Atom feeds, article and feed URLs.

    Re-ingesting changes nothing; a run that was stopped picks up where it was. Events that several
    articles report are merged into one (see `tocsin events`). Each input rejected or failed is
    reported on standard error, and kept in the store with why (see `tocsin rejected`).

    \b
    Examples:
      tocsin ingest articles/ reports.jsonl
      tocsin ingest https://www.example.org/rss.xml --watch 900
      tocsin ingest dump/ --db postgresql://tocsin@localhost/tocsin
    """
    from ..ingest import ingest, watch

    check_paths(list(inputs), urls=True)
    show = show_progress(progress)
    status = ExitCode.OK
    try:
        settings = load_settings()
        code = check_lang(lang, settings)
        extractor = _runner(runner)
        if extractor is None:
            prepare_gazetteer(settings)
        store = _open(db)
        try:
            options: dict[str, Any] = {"published": published, "lang": code, "runner": extractor,
                                       "progress": show, "reprocess": reprocess,
                                       "on_problem": lambda problem: say(_problem_line(problem))}
            if every:
                for report in watch(list(inputs), store, settings, every=every, **options):
                    click.echo(f"run {report.run}: {report.summary()}", err=True)
            else:
                report = ingest(list(inputs), store, settings, **options)
                click.echo(f"run {report.run}: {report.summary()}", err=True)
                status = ingest_status(report)
                if status:
                    click.echo("list them again with: tocsin rejected" + (f" --db {db}" if db else ""), err=True)
        finally:
            store.close()
    except TocsinError as err:
        fail(err)
    except KeyboardInterrupt:
        click.echo("interrupted: run the same command again to go on where it stopped", err=True)
        sys.exit(130)
    finish(status)


def _when(event: MergedEvent) -> str:
    d = event.date
    if d is None:
        return "—"
    if d.precision == "day":
        return d.start.isoformat()
    return f"{d.start:%Y-%m} ({d.precision})"


def _table(page: Page[MergedEvent], out: IO[str]) -> None:
    width = max((len(e.id) for e in page.items), default=2)
    if page.items:
        out.write(f"{'id':<{width}}  {'type':<12} {'date':<20} {'place':<28} {'articles':>8}  counts\n")
    for e in page.items:
        where = f"{e.location.name} ({e.location.country})" if e.location else "—"
        counts = ", ".join(f"{k} {c.value:g}" + (f" ({c.min:g}–{c.max:g})" if c.max is not None and c.min != c.max
                                                 else "") for k, c in e.counts.items())
        out.write(f"{e.id:<{width}}  {e.type:<12} {_when(e):<20} {where:<28} {len(e.article_ids):>8}  {counts}\n")
    shown = f"{page.offset + 1}–{page.offset + len(page.items)}" if page.items else "none"
    out.write(f"({shown} of {page.total} events)\n")


CSV_COLUMNS = ("id", "type", "modality", "date_start", "date_end", "date_precision", "location", "country",
               "latitude", "longitude", "n_articles", "counts", "actors", "sources", "articles")


def _csv(page: Page[MergedEvent], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in page.items:
        loc = e.location
        writer.writerow([
            e.id, e.type, e.modality, e.date.start.isoformat() if e.date else "",
            e.date.end.isoformat() if e.date else "", e.date.precision if e.date else "",
            loc.name if loc else "", loc.country if loc else "", loc.lat if loc else "", loc.lon if loc else "",
            len(e.article_ids), "; ".join(f"{k}={c.value:g}" for k, c in e.counts.items()),
            "; ".join(f"{a.role}:{a.name}" for a in e.actors),
            "; ".join(s.name + (f" via {', '.join(s.via)}" if s.via else "") for s in e.sources),
            " ".join(e.article_ids)])


@click.command("events")
@db_option
@filter_options
@click.option("--id", "event_id", help="Show this one event, with its reports and why they were merged.")
@click.option("--limit", type=int, default=50, show_default=True, help="Events per page.")
@click.option("--offset", type=int, default=0, help="Events to skip (paging).")
@click.option("--sort", type=click.Choice(SORTS), default="-date", show_default=True,
              help="Order: date, updated, articles or id (- first: descending).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="A readable table, JSON (a list of contract events with sources and mentions) or CSV.")
def events_command(db: str | None, countries: tuple[str, ...], types: tuple[str, ...], since: Any, until: Any,
                   actor: str | None, text: str | None, min_articles: int, event_id: str | None, limit: int,
                   offset: int, sort: str, fmt: str) -> None:
    """List the events in the store, merged across the articles that report them.

    \b
    Examples:
      tocsin events --country FR --type PROTEST --since 2024-01-01
      tocsin events --actor police --text Lyon --format json
      tocsin events --id ev3f2a… --format json
    """
    try:
        store = _open(db, read_only=True)
        try:
            if event_id:
                _show(store, event_id, fmt)
                return
            where = _filter(countries, types, since, until, actor, text, min_articles)
            page = store.list_events(where, limit=limit, offset=offset, sort=cast(Sort, sort))
        finally:
            store.close()
    except TocsinError as err:
        fail(err)
        return
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps([e.to_dict() for e in page.items], ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        _csv(page, out)
    else:
        _table(page, out)


def _show(store: Store, event_id: str, fmt: str) -> None:
    event = store.get_event(event_id)
    if event is None:
        raise Fatal(f"no event {event_id!r} in the store: list them with `tocsin events`")
    steps = store.explain(event_id)
    if fmt == "json":
        data = event.to_dict()
        data["merge_log"] = [s.to_dict() for s in steps]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{event.id}  {event.type}  {_when(event)}  "
               f"{event.location.name if event.location else '—'}  {len(event.article_ids)} articles")
    for key, count in event.counts.items():
        figures = ", ".join(f"{f.value:g} ({f.article})" + ("" if f.credible else " [claim]") for f in count.reports)
        click.echo(f"  {key}: {count.value:g} (range {count.min:g}–{'∞' if count.max is None else f'{count.max:g}'}); "
                   f"reports: {figures}")
    for r in event.reports:
        link = r.link
        why = "; ".join(f"{v}" for v in link.reasons.values()) if link else ""
        how = f"{link.action} {link.matched or ''} score {link.score:g}" if link else ""
        click.echo(f"  report {r.id}: {how} — {why}")
    for step in steps:
        if step.action in ("split", "unmerge"):
            click.echo(f"  {step.action}: {step.report} from {step.previous_event} to {step.event}")


@click.command("export")
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["acled", "geojson", "parquet", "jsonl", "articles"]),
              default="jsonl", show_default=True,
              help="acled: ACLED-style CSV; geojson; parquet; jsonl: merged events; articles: contract lines.")
@click.option("-o", "--output", default="-", help="Output file (default: standard output; parquet needs a file).")
@click.option("--all-types", is_flag=True, help="acled: keep event types ACLED does not record (blank types).")
def export_command(db: str | None, countries: tuple[str, ...], types: tuple[str, ...], since: Any, until: Any,
                   actor: str | None, text: str | None, min_articles: int, fmt: str, output: str,
                   all_types: bool) -> None:
    """Export the store's events: ACLED-style CSV, GeoJSON, Parquet or JSONL.

    \b
    Examples:
      tocsin export --format acled -o events.csv --country FR
      tocsin export --format geojson -o events.geojson --since 2024-01-01
      tocsin export --format parquet -o events.parquet
    """
    from ..exports import export

    try:
        store = _open(db, read_only=True)
        try:
            where = _filter(countries, types, since, until, actor, text, min_articles)
            target: Any = sys.stdout if output == "-" else output
            n = export(store, cast(Any, fmt), target, where, include_unmapped=all_types)
        finally:
            store.close()
    except TocsinError as err:
        fail(err)
        return
    click.echo(f"{plural(n, 'article' if fmt == 'articles' else 'event')} exported", err=True)


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | str | None:
    if value is None or value == "last":
        return value
    try:
        return int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a run number: give one (e.g. 3) or `last`") from None


def problems(store: Store, since: int | None = None) -> Iterator[dict[str, Any]]:
    """The inputs rejected (never stored) and the articles that failed (stored with their error), oldest first.

    `since`: only those of this ingest run and later ones.
    """
    offset: int | None = 0
    while offset is not None:
        page = store.list_rejected(limit=500, offset=offset)
        for r in page.items:
            if since is None or (r.run is not None and r.run >= since):
                yield {"kind": "rejected", **r.to_dict()}
        offset = page.next_offset
    left = store.totals().get("failed", 0)
    offset = 0 if left else None
    # The store has no query for failed articles: they are found by reading its articles, until all are seen.
    while offset is not None and left:
        page_a = store.list_articles(limit=500, offset=offset)
        for a in page_a.items:
            if a.error is None:
                continue
            left -= 1
            if since is None or (a.run is not None and a.run >= since):
                yield {"kind": "failed", "id": a.ext_id, "origin": a.origin, "url": a.url, "code": a.error[0],
                       "message": a.error[1], "run": a.run}
        offset = page_a.next_offset


@click.command("rejected")
@db_option
@click.option("--since", callback=_since, metavar="RUN",
              help="Only the inputs first rejected, or failed, in this ingest run or a later one (a run number, "
                   "or `last`).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A readable table or JSON (a list of objects: kind, id, origin, url, code, message, run).")
def rejected_command(db: str | None, since: int | str | None, fmt: str) -> None:
    """List the inputs that ingest rejected (never stored) or that failed (stored with their error).

    \b
    Examples:
      tocsin rejected
      tocsin rejected --since last --format json
    """
    try:
        store = _open(db, read_only=True)
        try:
            run: int | None
            if since == "last":
                runs = store.list_runs(limit=1)
                run = runs[0].id if runs else None
            else:
                run = cast("int | None", since)
            found = list(problems(store, run))
        finally:
            store.close()
    except TocsinError as err:
        fail(err)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no rejected or failed inputs" + (f" since run {run}" if run is not None else ""))
        return
    click.echo(f"{'run':>4}  {'kind':<8} {'code':<22} input: message")
    for p in found:
        where = p["origin"] or p["url"] or p["id"]
        text = p["message"] if p["message"].startswith(where) else f"{where}: {p['message']}"
        click.echo(f"{p['run'] if p['run'] is not None else '—':>4}  {p['kind']:<8} {p['code']:<22} {text}")
    click.echo(f"({plural(len(found), 'input')})")


@click.group("db")
def db_group() -> None:
    """The store's database: schema version and contents."""


@click.command("upgrade")
@db_option
def db_upgrade(db: str | None) -> None:
    """Bring the database schema up to date (Alembic migrations shipped with tocsin)."""
    from ..store import resolve_url
    from ..store.engine import head_revision, make_engine, upgrade

    engine = make_engine(resolve_url(db if db is not None else load_settings().store.url))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"schema at revision {head_revision()}")


@click.command("info")
@db_option
def db_info(db: str | None) -> None:
    """What the store holds: articles, copies, events, reports, rejected inputs, runs."""
    try:
        store = _open(db, read_only=True)
        try:
            totals = store.totals()
            runs = store.list_runs(limit=1)
        finally:
            store.close()
    except TocsinError as err:
        fail(err)
        return
    click.echo(json.dumps({"totals": totals, "last_run": runs[0].to_dict() if runs else None}, indent=2))


db_group.add_command(db_upgrade)
db_group.add_command(db_info)

COMMANDS = (ingest_command, events_command, export_command, rejected_command, db_group)


def register(group: click.Group) -> None:
    """Add the store's commands to the `tocsin` command group."""
    for command in COMMANDS:
        group.add_command(command)
