"""What the cross-article merge compares: a compact, serialisable view of one article's event."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model import DateRange, Event
from .clues import ArticleClues, families

# GeoNames id → the codes of the divisions the place lies in ("US.OH", "US.OH.113"), its own code first
# when it is a division itself; empty when unknown.
AdminLookup = Callable[[int], tuple[str, ...]]

AGENT_ROLES = frozenset({"agent"})
VICTIM_ROLES = frozenset({"victim", "target"})


@dataclass(frozen=True, slots=True)
class Record:
    """One article's telling of an event, reduced to the features the merge compares."""

    # start/end: day ordinals of the window the event lies in; dated is False when that window comes from
    # the publication date, not from the text.

    id: str
    article: str
    type: str
    modality: str
    start: int | None
    end: int | None
    precision: str | None
    dated: bool
    country: str | None
    place: str | None
    place_precision: str | None
    lat: float | None
    lon: float | None
    agents: frozenset[str]
    agent_kinds: frozenset[str]
    victims: frozenset[str]
    victim_kinds: frozenset[str]
    counts: tuple[tuple[str, float, float, float | None], ...]  # key, value, low, high (None: unbounded)
    # Compared across types of one family; what the article names besides the event (see clues.py).
    family: str = ""
    names: frozenset[str] = frozenset()
    officials: frozenset[str] = frozenset()
    ages: frozenset[int] = frozenset()
    sites: frozenset[str] = frozenset()
    admins: tuple[str, ...] = ()  # the place's own division code first (regions), then those it lies in
    roundup: bool = False
    followup: str | None = None
    place_name: str | None = None

    @classmethod
    def of(cls, event: Event, *, article: str, published: DateRange | None = None, undated_days: int = 7,
           id: str | None = None, clues: ArticleClues | None = None, admins: AdminLookup | None = None) -> Record:
        """The record of `event` as told by `article` (published then, if known), with the article's clues."""
        start: int | None = None
        end: int | None = None
        precision: str | None = None
        dated = event.date is not None
        if event.date is not None:
            start, end, precision = event.date.start.toordinal(), event.date.end.toordinal(), event.date.precision
        elif published is not None:
            # News reports events of the days before publication: a window, never a date.
            start = (published.start - timedelta(days=undated_days)).toordinal()
            end, precision = published.end.toordinal(), "published"
        loc = event.location
        place = None
        if loc is not None:
            place = f"g{loc.geonames_id}" if loc.geonames_id is not None else f"{loc.name.casefold()}|{loc.country}"
        clues = clues or ArticleClues()
        codes: tuple[str, ...] = ()
        if loc is not None and loc.geonames_id is not None and admins is not None:
            codes = admins(loc.geonames_id)
        counts = []
        for key, c in sorted(event.counts.items()):
            low = c.min if c.min is not None else c.value
            counts.append((key, float(c.value), float(min(low, c.value)), None if c.max is None else float(c.max)))
        return cls(
            id=id or f"{article}/{event.id}", article=article, type=event.type, modality=event.modality,
            start=start, end=end, precision=precision, dated=dated,
            country=loc.country if loc is not None else None, place=place,
            place_precision=loc.precision if loc is not None else None,
            lat=loc.lat if loc is not None else None, lon=loc.lon if loc is not None else None,
            agents=frozenset(a.name.casefold() for a in event.actors if a.role in AGENT_ROLES and a.name),
            agent_kinds=frozenset(a.kind for a in event.actors if a.role in AGENT_ROLES),
            victims=frozenset(a.name.casefold() for a in event.actors if a.role in VICTIM_ROLES and a.name),
            victim_kinds=frozenset(a.kind for a in event.actors if a.role in VICTIM_ROLES),
            counts=tuple(counts), family=families().family(event.type), names=clues.names,
            officials=clues.officials, ages=clues.ages, sites=clues.sites, admins=codes, roundup=clues.roundup,
            followup=clues.followup, place_name=loc.name if loc is not None else None,
        )

    def __post_init__(self) -> None:
        if not self.family:  # records built field by field: the family their type is in
            object.__setattr__(self, "family", families().family(self.type))

    @property
    def label(self) -> str:
        """The place as a reader knows it (its name), for the merge log."""
        return self.place_name or self.place or "?"

    @property
    def span_days(self) -> int | None:
        return None if self.start is None or self.end is None else self.end - self.start + 1

    @property
    def first_day(self) -> date | None:
        return None if self.start is None else date.fromordinal(self.start)

    @property
    def last_day(self) -> date | None:
        return None if self.end is None else date.fromordinal(self.end)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (stored beside each report, so that candidates load without re-parsing)."""
        return {
            "id": self.id, "article": self.article, "type": self.type, "modality": self.modality,
            "start": self.start, "end": self.end, "precision": self.precision, "dated": self.dated,
            "country": self.country, "place": self.place, "place_precision": self.place_precision,
            "lat": self.lat, "lon": self.lon,
            "agents": sorted(self.agents), "agent_kinds": sorted(self.agent_kinds),
            "victims": sorted(self.victims), "victim_kinds": sorted(self.victim_kinds),
            "counts": [list(c) for c in self.counts],
            "family": self.family, "names": sorted(self.names), "officials": sorted(self.officials),
            "ages": sorted(self.ages), "sites": sorted(self.sites), "admins": list(self.admins),
            "roundup": self.roundup, "followup": self.followup, "place_name": self.place_name,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        return cls(
            id=data["id"], article=data["article"], type=data["type"], modality=data["modality"],
            start=data["start"], end=data["end"], precision=data["precision"], dated=bool(data["dated"]),
            country=data["country"], place=data["place"], place_precision=data["place_precision"],
            lat=data["lat"], lon=data["lon"],
            agents=frozenset(data["agents"]), agent_kinds=frozenset(data["agent_kinds"]),
            victims=frozenset(data["victims"]), victim_kinds=frozenset(data["victim_kinds"]),
            counts=tuple((str(k), float(v), float(lo), None if hi is None else float(hi))
                         for k, v, lo, hi in data["counts"]),
            # Features stored before these existed read as "nothing known".
            family=data.get("family") or families().family(data["type"]),
            names=frozenset(data.get("names") or ()), officials=frozenset(data.get("officials") or ()),
            ages=frozenset(int(a) for a in data.get("ages") or ()), sites=frozenset(data.get("sites") or ()),
            admins=tuple(data.get("admins") or ()), roundup=bool(data.get("roundup")),
            followup=data.get("followup"), place_name=data.get("place_name"),
        )
