"""One record for a merged event: the most precise date and place, every actor and source, reconciled counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from ..model import (
    Actor,
    ActorKind,
    Count,
    DatePrecision,
    DateRange,
    Event,
    Location,
    Modality,
    PlacePrecision,
    Qualifier,
    Role,
    Source,
    Span,
    _number,
    _opt_number,
)
from .clues import families
from .cluster import Link

_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_PLACE_RANK = {"point": 0, "city": 1, "region": 2, "country": 3}


@dataclass(frozen=True, slots=True)
class Report:
    """One article's telling of an event, as extracted from it, and why it sits in its merged event."""

    id: str
    article: str
    event: Event
    published: DateRange | None = None
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article that reports an event; `copies`: near-duplicates of it (wire copies), counted once."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: DateRange | None = None
    lang: str | None = None
    copies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url, "source": self.source,
                "published": self.published.to_dict() if self.published else None, "lang": self.lang,
                "copies": list(self.copies)}


@dataclass(frozen=True, slots=True)
class CountReport:
    """The figure one report gives; `credible` is False for a claim when some report asserts a figure."""

    report: str
    article: str
    value: float
    min: float | None
    max: float | None
    qualifier: Qualifier
    text: str
    credible: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report, "article": self.article, "value": _number(self.value),
                "min": _opt_number(self.min), "max": _opt_number(self.max), "qualifier": self.qualifier,
                "text": self.text, "credible": self.credible}


@dataclass(frozen=True, slots=True)
class MergedCount:
    """A count reconciled across reports: `value` the lowest credible figure, `min`/`max` the range of all."""

    value: float
    min: float | None
    max: float | None
    qualifier: Qualifier
    text: str
    reports: tuple[CountReport, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"value": _number(self.value), "min": _opt_number(self.min), "max": _opt_number(self.max),
                "qualifier": self.qualifier, "text": self.text, "reports": [r.to_dict() for r in self.reports]}


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real event told by one or more articles: contract Event fields plus its reports and articles."""

    id: str
    type: str
    modality: Modality
    actors: tuple[Actor, ...]
    location: Location | None
    date: DateRange | None
    counts: Mapping[str, MergedCount]
    sources: tuple[Source, ...]
    reports: tuple[Report, ...]
    articles: tuple[ArticleRef, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def mentions(self) -> tuple[tuple[str, Span], ...]:
        """Every passage reporting the event, with the article it is in."""
        return tuple((r.article, span) for r in self.reports for span in r.event.mentions)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.article for r in self.reports))

    def to_dict(self) -> dict[str, Any]:
        """The contract Event fields (mentions name their article), then `articles` and `reports`."""
        return {
            "id": self.id, "type": self.type, "modality": self.modality,
            "actors": [a.to_dict() for a in self.actors],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "counts": {k: c.to_dict() for k, c in self.counts.items()},
            "sources": [s.to_dict() for s in self.sources],
            "mentions": [{"article": article, **span.to_dict()} for article, span in self.mentions],
            "n_articles": len(self.article_ids),
            "articles": [a.to_dict() for a in self.articles],
            "reports": [_report_dict(r) for r in self.reports],
            **self.extra,
        }


def _report_dict(r: Report) -> dict[str, Any]:
    link = r.link
    return {"id": r.id, "article": r.article, "event": r.event.id,
            "link": None if link is None else {"action": link.action, "matched": link.matched,
                                                "score": link.score, "reasons": dict(link.reasons)}}


def _best_date(reports: Sequence[Report]) -> DateRange | None:
    dates = [r.event.date for r in reports if r.event.date is not None]
    if not dates:
        return None
    seen = Counter(dates)
    return min(dates, key=lambda d: (_DATE_RANK.get(d.precision, 9), -seen[d], d.start, d.end))


def _best_location(reports: Sequence[Report]) -> Location | None:
    places = [r.event.location for r in reports if r.event.location is not None]
    if not places:
        return None
    seen = Counter(places)
    return min(places, key=lambda p: (_PLACE_RANK.get(p.precision, 9), -seen[p], p.name))


def reconcile_counts(reports: Sequence[Report]) -> dict[str, MergedCount]:
    """Counts across reports: the lowest credible figure (ACLED's rule), the full range, each report's own."""
    out: dict[str, MergedCount] = {}
    keys = sorted({k for r in reports for k in r.event.counts})
    for key in keys:
        told = [(r, r.event.counts[key]) for r in reports if key in r.event.counts]
        asserted = any(r.event.modality == "asserted" for r, _ in told)
        figures = tuple(CountReport(r.id, r.article, c.value, c.min, c.max, c.qualifier, c.text,
                                    credible=r.event.modality == "asserted" or not asserted) for r, c in told)
        credible = [f for f in figures if f.credible]
        lowest = min(credible, key=lambda f: (f.value, f.report))
        lows = [f.min if f.min is not None else f.value for f in figures]
        highs = [f.max for f in figures]  # None: a report left it unbounded ("at least 40")
        high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        out[key] = MergedCount(lowest.value, min(lows), high, lowest.qualifier, lowest.text, figures)
    return out


def core_reports(reports: Sequence[Report]) -> list[Report]:
    """The reports that tell the incident itself, not a follow-up of it (the arrest after a shooting)."""
    fam = families()
    incident = [r for r in reports if fam.family(r.event.type) in fam.followed() or r.event.type in fam.followed()]
    if incident and len(incident) < len(reports):
        return incident
    return list(reports)


def merge_reports(event_id: str, reports: Sequence[Report], articles: Sequence[ArticleRef] = ()) -> MergedEvent:
    """The merged event made of `reports` (at least one), in the order they joined.

    Type, date and place come from the reports of the incident (its follow-ups' arrests or vigils are
    later and elsewhere); the type is the one most reports give (ties: the earliest report's).
    """
    if not reports:
        raise ValueError("an event needs at least one report")
    core = core_reports(reports)
    told = Counter(r.event.type for r in core)
    top = max(told.values())
    etype = next(r.event.type for r in core if told[r.event.type] == top)
    first = core[0].event
    modality: Modality = "asserted" if any(r.event.modality == "asserted" for r in core) else first.modality
    actors: dict[tuple[str, str, str, str | None], Actor] = {}
    sources: dict[tuple[str, tuple[str, ...]], Source] = {}
    for r in reports:
        for a in r.event.actors:
            actors.setdefault((a.role, a.name.casefold(), a.kind, a.country), a)
        for s in r.event.sources:
            sources.setdefault((s.name.casefold(), tuple(v.casefold() for v in s.via)), s)
    return MergedEvent(
        id=event_id, type=etype, modality=modality, actors=tuple(actors.values()),
        location=_best_location(core) or _best_location(reports), date=_best_date(core),
        counts=reconcile_counts(reports), sources=tuple(sources.values()), reports=tuple(reports),
        articles=tuple(articles),
    )


def _span(d: Mapping[str, Any]) -> Span:
    return Span(int(d["start"]), int(d["end"]), str(d["text"]))


def date_range_from_dict(d: Mapping[str, Any] | None) -> DateRange | None:
    """A DateRange from its contract form (None stays None)."""
    if d is None:
        return None
    return DateRange(date.fromisoformat(d["start"]), date.fromisoformat(d["end"]),
                     cast(DatePrecision, d["precision"]), d.get("weekday"))


def event_from_dict(d: Mapping[str, Any]) -> Event:
    """An Event from its contract form (as `Event.to_dict` writes it)."""
    loc = d.get("location")
    return Event(
        id=str(d["id"]), type=str(d["type"]), modality=cast(Modality, d["modality"]),
        actors=tuple(Actor(cast(Role, a["role"]), a.get("text") or "", a.get("name") or "",
                           cast(ActorKind, a.get("kind") or "unknown"), a.get("country"), a.get("start"), a.get("end"))
                     for a in d.get("actors") or ()),
        location=None if loc is None else Location(loc["name"], loc.get("country"), loc.get("lat"), loc.get("lon"),
                                                   loc.get("geonames_id"),
                                                   cast(PlacePrecision, loc.get("precision") or "point")),
        date=date_range_from_dict(d.get("date")),
        counts={k: Count(c["value"], c.get("min"), c.get("max"), cast(Qualifier, c.get("qualifier") or "exact"),
                         c.get("text") or "", c.get("start"), c.get("end"))
                for k, c in (d.get("counts") or {}).items()},
        sources=tuple(Source(s["name"], tuple(s.get("via") or ()), s.get("start"), s.get("end"))
                      for s in d.get("sources") or ()),
        mentions=tuple(_span(m) for m in d.get("mentions") or ()),
        trigger=_span(d["trigger"]) if d.get("trigger") else None,
    )
