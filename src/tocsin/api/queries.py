"""What the read routes answer, from the store's queries: pages of events, counts for the charts, the map's
places, and the exports (ACLED-style CSV and GeoJSON, streamed) of every event matching the filters."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..store import EventFilter, Store

_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)"  # ASCII digits: \d takes any script's
_LAT = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
# The whole syntax, ranges included, in one pattern: the OpenAPI spec then tells clients exactly what is valid.
BBOX = rf"^{_LON},{_LAT},{_LON},{_LAT}$"


@dataclass(frozen=True, slots=True)
class Area:
    """A bounding box in degrees; `west` > `east` crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> Area:
        """`west,south,east,north` in degrees, as GeoJSON writes a bbox; ValueError says what is wrong.

        A box whose south lies above its north is valid and holds nothing.
        """
        if not re.fullmatch(BBOX, text):
            raise ValueError("bbox needs four numbers, west,south,east,north, longitudes in [-180, 180] and "
                             "latitudes in [-90, 90] (e.g. 2.2,48.8,2.5,48.9)")
        west, south, east, north = (float(p) for p in text.split(","))
        return cls(west, south, east, north)

    def box(self) -> tuple[float, float, float, float]:
        """The box as the store's filter takes it."""
        return (self.west, self.south, self.east, self.north)


def page_json(store: Store, where: EventFilter, *, limit: int, offset: int, sort: Any) -> bytes:
    """One page of events as the JSON body of GET /api/events (serialised here: no re-validation per answer).

    The listing's events name their articles and mentions; their reports come with GET /api/events/{id}.
    """
    listing = getattr(store, "list_events_json", None)
    if listing is not None:  # the built-in store writes each event's JSON from its stored summary
        page = listing(where, limit=limit, offset=offset, sort=sort)
        items = ",".join(page.items)
    else:
        page = store.list_events(where, limit=limit, offset=offset, sort=sort)
        dicts = [e.to_dict() for e in page.items]
        for d in dicts:
            d.pop("reports", None)
        items = ",".join(json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in dicts)
    tail = json.dumps({"total": page.total, "limit": page.limit, "offset": page.offset,
                       "next_offset": page.next_offset}, separators=(",", ":"))
    return f'{{"items":[{items}],{tail[1:]}'.encode()


def _figure(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def stats(store: Store, where: EventFilter) -> dict[str, Any]:
    """Counts (and the dead) of the matching events by type, country and day, and the timeline: two queries."""
    cells = store.timeline(where)
    by_type: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    by_day: dict[str | None, int] = defaultdict(int)
    bars = []
    for c in cells:
        by_type[c.type][0] += c.n
        by_type[c.type][1] += c.killed
        day = c.start.isoformat() if c.start else None
        by_day[day] += c.n
        if c.start is not None and c.end is not None:
            bars.append({"day": day, "end": c.end.isoformat(), "precision": c.precision or "day", "type": c.type,
                         "n": c.n, "killed": _figure(c.killed)})
    countries = store.country_counts(where)
    types = sorted(by_type.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return {
        "total": sum(n for _, (n, _k) in types), "killed": _figure(sum(k for _, (_n, k) in types)),
        "undated": by_day.get(None, 0),
        "by_type": [{"key": t, "n": int(n), "killed": _figure(k)} for t, (n, k) in types],
        "by_country": [{"key": c, "n": n, "killed": _figure(k)} for c, n, k in countries],
        "by_day": [{"key": d, "n": n} for d, n in sorted(by_day.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))],
        "timeline": bars,
    }


def places(store: Store, where: EventFilter) -> dict[str, Any]:
    """The matching events grouped by coordinates, and how many have none (the map draws every one)."""
    found = store.place_counts(where)
    total = store.list_events(where, limit=0).total
    located = sum(p.n for p in found)
    return {"total": total, "located": located, "unlocated": total - located,
            "places": [{"lat": p.lat, "lon": p.lon, "name": p.name, "country": p.country, "n": p.n,
                        "killed": _figure(p.killed), "types": dict(p.types)} for p in found]}


def acled_csv(store: Store, where: EventFilter) -> Iterator[str]:
    """Every matching event as an ACLED-style CSV row (the columns of `tocsin export --format acled`).

    Types ACLED does not record are kept, with blank ACLED types, so that the file holds the whole view.
    """
    from ..exports import ACLED_COLUMNS, acled_rows

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for n, row in enumerate(acled_rows(store.iter_events(where), include_unmapped=True), 1):
        writer.writerow(row)
        if n % 200 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def geojson(store: Store, where: EventFilter) -> Iterator[str]:
    """Every matching event as a GeoJSON Feature (null geometry without coordinates), in one FeatureCollection."""
    from ..exports import geojson_feature

    yield '{"type":"FeatureCollection","features":[\n'
    chunk: list[str] = []
    first = True
    for event in store.iter_events(where):
        chunk.append(("" if first else ",\n") + json.dumps(geojson_feature(event), ensure_ascii=False))
        first = False
        if len(chunk) >= 200:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "\n]}\n"
