"""The evidence of an event: for each of its articles, the stretches of text each field was read from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..merging import MergedEvent, Report
from ..model import Event, Location, Span
from ..store import Store


@dataclass(frozen=True, slots=True)
class Evidence:
    """One field's evidence: [start, end) in an article's text, what kind of field, and a readable label."""

    kind: str
    start: int
    end: int
    text: str
    label: str
    report: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text, "label": self.label,
                "report": self.report}


def _inside(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def _preferred(found: list[dict[str, Any]], mentions: Sequence[Span]) -> list[dict[str, Any]]:
    # A place or a day is named in many sentences; those inside the event's own passages are its evidence,
    # the others only when the passages name none (the field then came from the wider article).
    inside = [m for m in found if _inside(int(m["start"]), int(m["end"]), mentions)]
    return inside or found


def _same_place(place: Mapping[str, Any], loc: Location) -> bool:
    if loc.geonames_id is not None and place.get("geonames_id") is not None:
        return bool(place["geonames_id"] == loc.geonames_id)
    return str(place.get("name") or "").casefold() == loc.name.casefold() and place.get("country") == loc.country


def _format(value: float) -> str:
    return f"{value:g}"


def report_evidence(report: Report, result: Mapping[str, Any]) -> list[Evidence]:
    """Every stretch of the article that one report's fields were read from (`result`: its contract line)."""
    ev: Event = report.event
    rid = report.id
    out = [Evidence("mention", m.start, m.end, m.text, f"{ev.type} ({ev.modality})", rid) for m in ev.mentions]
    if ev.trigger is not None:
        out.append(Evidence("trigger", ev.trigger.start, ev.trigger.end, ev.trigger.text, ev.type, rid))
    for a in ev.actors:
        if a.start is not None and a.end is not None:
            out.append(Evidence("actor", a.start, a.end, a.text, f"{a.role}: {a.name} ({a.kind})", rid))
    for key, c in ev.counts.items():
        if c.start is not None and c.end is not None:
            bounds = "" if c.min == c.max == c.value else \
                f" ({_format(c.min) if c.min is not None else '?'}–{_format(c.max) if c.max is not None else '∞'})"
            out.append(Evidence("count", c.start, c.end, c.text, f"{key}: {_format(c.value)}{bounds}", rid))
    for s in ev.sources:
        if s.start is not None and s.end is not None:
            chain = " ← ".join((s.name, *s.via))
            out.append(Evidence("source", s.start, s.end, s.name, f"source: {chain}", rid))
    if ev.location is not None:
        loc = ev.location
        found = [p for p in result.get("places") or () if _same_place(p, loc)]
        for p in _preferred(found, ev.mentions):
            out.append(Evidence("place", int(p["start"]), int(p["end"]), str(p["text"]),
                                f"place: {loc.name} ({loc.country or '?'}, {loc.precision})", rid))
    if ev.date is not None:
        day = ev.date
        found = [t for t in result.get("times") or ()
                 if t.get("start_date") == day.start.isoformat() and t.get("end_date") == day.end.isoformat()]
        for t in _preferred(found, ev.mentions):
            when = day.start.isoformat() if day.precision == "day" else \
                f"{day.start.isoformat()} – {day.end.isoformat()} ({day.precision})"
            out.append(Evidence("time", int(t["start"]), int(t["end"]), str(t["text"]), f"date: {when}", rid))
    return out


def _within(evidence: Iterable[Evidence], text: str) -> list[Evidence]:
    # Offsets come from the stored result; one that does not fit the stored text is dropped, not drawn wrong.
    n = len(text)
    return sorted((e for e in evidence if 0 <= e.start < e.end <= n), key=lambda e: (e.start, -e.end, e.kind))


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """An event with its reports, merge log, and each article's text with the evidence of every field."""
    event: MergedEvent | None = store.get_event(event_id)
    if event is None:
        return None
    data = event.to_dict()
    by_article: dict[str, list[Report]] = {}
    for r in event.reports:
        by_article.setdefault(r.article, []).append(r)
    refs = {a.id: a for a in event.articles}
    articles = []
    for article_id, reports in by_article.items():
        stored = store.get_article(article_id)
        if stored is None:  # deleted between the two reads: the event's own record still stands
            continue
        found = [e for r in reports for e in report_evidence(r, stored.result)]
        ref = refs.get(article_id)
        articles.append({**(ref.to_dict() if ref else {"id": article_id, "title": stored.title, "url": stored.url,
                                                        "source": stored.source, "lang": stored.lang}),
                         "text": stored.text, "evidence": [e.to_dict() for e in _within(found, stored.text)]})
    data["articles"] = articles
    data["reports"] = [{"id": r.id, "article": r.article, "event": r.event.to_dict(),
                        "link": None if r.link is None else {"action": r.link.action, "matched": r.link.matched,
                                                             "score": r.link.score, "reasons": dict(r.link.reasons)}}
                       for r in event.reports]
    data["merge_log"] = [s.to_dict() for s in store.explain(event_id)]
    return data
