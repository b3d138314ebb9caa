"""Event listings and counts for the API: the store's own queries, plus the map's area filter.

The store's `EventFilter` has no bounding box yet; while it has none, a listing restricted to an area reads the
other filters' matches and keeps those inside the box here (correct, but slower than an indexed query on a large
store). Once `EventFilter` gains a `bbox` field (west, south, east, north), it is handed to the store instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, cast

from ..merging import MergedEvent
from ..store import EventFilter, Page, Sort, Store

_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)"  # ASCII digits: \d takes any script's
_LAT = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
# The whole syntax, ranges included, in one pattern: the OpenAPI spec then tells clients exactly what is valid.
BBOX = rf"^{_LON},{_LAT},{_LON},{_LAT}$"
STORE_HAS_BBOX = "bbox" in {f.name for f in dataclasses.fields(EventFilter)}


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

    def holds(self, event: MergedEvent) -> bool:
        loc = event.location
        if loc is None or loc.lat is None or loc.lon is None:
            return False
        if not self.south <= loc.lat <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= loc.lon <= self.east
        return loc.lon >= self.west or loc.lon <= self.east


def _with_area(where: EventFilter, area: Area | None) -> EventFilter:
    if area is None or not STORE_HAS_BBOX:
        return where
    return replace(where, **cast(dict[str, Any], {"bbox": (area.west, area.south, area.east, area.north)}))


def _inside(store: Store, where: EventFilter, area: Area) -> list[MergedEvent]:
    return [e for e in store.iter_events(where) if area.holds(e)]


def _sort_key(sort: Sort) -> Any:
    # The store's orders: by date (undated last, either way), update time, number of articles, or id; ties by id.
    name = sort.lstrip("-")
    down = sort.startswith("-")

    def key(e: MergedEvent) -> tuple[Any, ...]:
        if name == "date":
            day = e.date.start.toordinal() if e.date else 0
            return (e.date is None, -day if down else day, e.id)
        if name == "updated":
            return (str(e.extra.get("updated_at") or ""), e.id)
        if name == "articles":
            return (-len(e.article_ids) if down else len(e.article_ids), e.id)
        return (e.id,)

    return key


def list_events(store: Store, where: EventFilter, area: Area | None, *, limit: int, offset: int,
                sort: Sort) -> Page[MergedEvent]:
    """One page of the events matching `where` (and inside `area`), sorted."""
    if area is None or STORE_HAS_BBOX:
        return store.list_events(_with_area(where, area), limit=limit, offset=offset, sort=sort)
    found = _inside(store, where, area)
    if sort.lstrip("-") == "updated":  # ids break ties ascending, whichever way the update times go
        found.sort(key=lambda e: e.id)
        found.sort(key=lambda e: str(e.extra.get("updated_at") or ""), reverse=sort.startswith("-"))
    else:
        found.sort(key=_sort_key(sort))
    return Page(tuple(found[offset:offset + limit]), len(found), limit, offset)


def _buckets(pairs: Iterable[tuple[str | None, int]]) -> list[dict[str, Any]]:
    return [{"key": k, "n": n} for k, n in pairs]


def stats(store: Store, where: EventFilter, area: Area | None) -> dict[str, Any]:
    """How many matching events there are by type, country and day, and by day for each type (the timeline)."""
    if area is not None and not STORE_HAS_BBOX:
        return _stats_of(_inside(store, where, area))
    where = _with_area(where, area)
    by_type = store.stats("type", where)
    timeline = []
    for etype, _ in by_type:
        if etype is None:
            continue
        for day, n in store.stats("day", replace(where, types=(etype,))):
            if day is not None:
                timeline.append({"day": day, "type": etype, "n": n})
    timeline.sort(key=lambda bar: (bar["day"], bar["type"]))
    return {"total": sum(n for _, n in by_type), "by_type": _buckets(by_type),
            "by_country": _buckets(store.stats("country", where)), "by_day": _buckets(store.stats("day", where)),
            "timeline": timeline}


def _stats_of(events: list[MergedEvent]) -> dict[str, Any]:
    def ranked(counter: Counter[str | None]) -> list[tuple[str | None, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))

    def day(e: MergedEvent) -> str | None:
        return e.date.start.isoformat() if e.date else None

    types = Counter[str | None](e.type for e in events)
    countries = Counter[str | None](e.location.country if e.location else None for e in events)
    days = Counter[str | None](day(e) for e in events)
    bars = Counter((day(e), e.type) for e in events if e.date is not None)
    return {"total": len(events), "by_type": _buckets(ranked(types)), "by_country": _buckets(ranked(countries)),
            "by_day": _buckets(sorted(days.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))),
            "timeline": [{"day": d, "type": t, "n": n} for (d, t), n in sorted(bars.items())]}
