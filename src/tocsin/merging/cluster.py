"""Placing one article's events among the events already known: join, found, or split a wrong merge."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .clues import families
from .compare import Match, MergeParams, compare, followup_days, mergeable
from .records import Record

Action = Literal["found", "join", "split"]


def event_id(founder: str) -> str:
    """The stable id of the event a report founds: it depends on that report only, so reruns agree."""
    return "ev" + hashlib.sha256(founder.encode("utf-8")).hexdigest()[:14]


@dataclass(frozen=True, slots=True)
class Cluster:
    """An event as merged so far: its id and its reports' records, in the order they joined."""

    id: str
    members: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """Where a record goes and why: the event it founds or joins, the report it matched, the evidence."""

    record: str
    event: str
    action: Action
    matched: str | None = None
    score: float = 0.0
    reasons: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Related:
    """A report kept out of an event it is about, and why: a follow-up told beside the incident, a round-up."""

    record: str
    event: str
    matched: str | None
    reason: str
    score: float = 0.0

    def to_dict(self) -> dict[str, str | float | None]:
        return {"record": self.record, "event": self.event, "matched": self.matched, "reason": self.reason,
                "score": self.score}


@dataclass(frozen=True, slots=True)
class Plan:
    """Every placement one article causes: its records' links, members moved out of a split event, and
    the events its reports are about without belonging to them (`related`)."""

    links: tuple[Link, ...]
    related: tuple[Related, ...] = ()

    @property
    def events(self) -> set[str]:
        return {link.event for link in self.links}


def best_member(record: Record, cluster: Cluster, params: MergeParams) -> tuple[Match, Record] | None:
    """The member `record` matches best, if it conflicts with none of its family.

    A conflict with one member of the record's family forbids the join; a member of another family (a
    follow-up in the event: the arrest after a shooting) only counts when it matches.
    """
    best: tuple[Match, Record] | None = None
    for member in cluster.members:
        match = compare(record, member, params)
        if member.family != record.family:
            if not match.accepts(params):
                continue
        elif match.conflict is not None:
            return None
        if best is None or (match.followup, -match.score) < (best[0].followup, -best[0].score):
            best = (match, member)
    if best is None or not best[0].accepts(params):
        return None
    return best


@dataclass(slots=True)
class _Option:
    score: float
    cluster: str
    match: Match
    matched: str


def _split(cluster: Cluster, rivals: Sequence[Record], params: MergeParams,
           new_id: Callable[[str], str]) -> tuple[list[Link], dict[str, Link]]:
    """Split `cluster` if the article's rival records each claim members: (moved members' links, rivals' links)."""
    groups: dict[str, list[tuple[Record, Match]]] = {r.id: [] for r in rivals}
    for member in cluster.members:
        scored = [(compare(r, member, params), r) for r in rivals]
        ok = [(m, r) for m, r in scored if m.accepts(params)]
        if ok:
            m, r = max(ok, key=lambda pair: pair[0].score)
            groups[r.id].append((member, m))
    claimed = [rid for rid, members in groups.items() if members]
    if len(claimed) < 2:
        return [], {}
    founder = cluster.members[0].id
    moves: list[Link] = []
    destination: dict[str, Link] = {}
    for rid in claimed:
        members = groups[rid]
        best_member, best = max(members, key=lambda pair: pair[1].score)
        stays = any(member.id == founder for member, _ in members)
        target = cluster.id if stays else new_id(members[0][0].id)
        destination[rid] = Link(rid, target, "join", best_member.id, best.score, best.reasons)
        if stays:
            continue
        for member, m in members:
            reasons = {"split": f"a later article tells {rid} apart from other reports of {cluster.id}", **m.reasons}
            moves.append(Link(member.id, target, "split", rid, m.score, reasons))
    return moves, destination


def _is_roundup(record: Record, options: Sequence[_Option]) -> bool:
    """An article telling several incidents at once: by its words, or by naming people of two known events."""
    if record.roundup:
        return True
    # Two events it names different people of (the same person in two events is a duplicate, not a round-up).
    named = [o.match.people for o in options if o.match.people and not o.match.followup]
    return any(not (x & y) for i, x in enumerate(named) for y in named[i + 1:])


def _why(match: Match) -> str:
    return "; ".join(v for k, v in match.reasons.items() if k != "type")


def plan_article(records: Sequence[Record], candidates: Mapping[str, Cluster], params: MergeParams | None = None,
                 new_id: Callable[[str], str] = event_id) -> Plan:
    """Where one article's records go among `candidates` (the events near them), and what splits."""
    params = params or MergeParams()
    options: dict[str, list[_Option]] = {}
    for r in records:
        found: list[_Option] = []
        if mergeable(r, params):
            for cluster in candidates.values():
                best = best_member(r, cluster, params)
                if best is not None:
                    found.append(_Option(best[0].score, cluster.id, best[0], best[1].id))
        # An incident's own reports before its follow-ups, then the strongest evidence.
        found.sort(key=lambda o: (o.match.followup, -o.score, o.cluster))
        options[r.id] = found
    by_id = {r.id: r for r in records}
    links: list[Link] = []
    related: list[Related] = []
    placed: dict[str, str] = {}
    taken: set[str] = set()
    # A round-up is an event of its own, related to each incident it tells.
    for r in records:
        if options[r.id] and _is_roundup(r, options[r.id]):
            target = new_id(r.id)
            placed[r.id] = target
            links.append(Link(r.id, target, "found", None, 0.0,
                              {"alone": "a round-up of several incidents: related to each, merged into none"}))
            for o in options[r.id]:
                related.append(Related(r.id, o.cluster, o.matched, f"round-up that tells it: {_why(o.match)}",
                                       o.score))
            options[r.id] = []
    # An existing event that two of this article's events both match best may be two events wrongly
    # merged: the article, which tells them apart, decides where each member belongs.
    contest: dict[str, list[Record]] = {}
    for r in records:
        if options[r.id] and not options[r.id][0].match.followup:
            contest.setdefault(options[r.id][0].cluster, []).append(r)
    for cid, rivals in sorted(contest.items()):
        if len(rivals) < 2:
            continue
        moves, destination = _split(candidates[cid], rivals, params, new_id)
        if not destination:
            continue
        links.extend(moves)
        for rid, link in destination.items():
            links.append(link)
            placed[rid] = link.event
            taken.add(link.event)
        taken.add(cid)
    # Every other record: the best free event, an incident's reports before follow-ups, highest scores
    # first (one event per article at most).
    pending = sorted(((o.match.followup, -o.score, rid, o) for rid, opts in options.items() if rid not in placed
                      for o in opts), key=lambda t: (t[0], t[1], t[2], t[3].cluster))
    for _, _, rid, o in pending:
        if rid in placed or o.cluster in taken:
            continue
        placed[rid] = o.cluster
        taken.add(o.cluster)
        links.append(Link(rid, o.cluster, "join", o.matched, o.score, o.match.reasons))
    for r in records:
        if r.id not in placed:
            target = new_id(r.id)
            placed[r.id] = target
            why = _why_alone(options[r.id], by_id[r.id], params)
            if options[r.id]:
                o = options[r.id][0]
                kind = "follows up" if o.match.followup else "also matches"
                why["related"] = f"{kind} {o.cluster} ({_why(o.match)}), which holds another report of its article"
                related.append(Related(r.id, o.cluster, o.matched, why["related"], o.score))
            links.append(Link(r.id, target, "found", None, 0.0, why))
    return Plan(tuple(links), tuple(related))


def _why_alone(options: list[_Option], record: Record, params: MergeParams) -> dict[str, str]:
    if not mergeable(record, params):
        return {"alone": "date unknown or too vague to merge"}
    if options:
        return {"alone": "the events it matched already hold another event of its article"}
    return {"alone": "no known event matches"}


@dataclass(frozen=True, slots=True)
class Window:
    """Where to look for a record's candidate events: types, days (ordinals, inclusive), country."""

    types: tuple[str, ...]
    first: int
    last: int
    country: str | None  # None: any country; else this country or none known


def windows(record: Record, params: MergeParams) -> list[Window]:
    """The blocks a record is compared in: its type family, over its days; with a person named, also the
    incidents it may follow up (up to `followup_days` before it) or the follow-ups it may precede."""
    if record.start is None or record.end is None or not mergeable(record, params):
        return []
    fam = families()
    slack = params.slack_days
    out = [Window(fam.types_of(record.family), record.start - slack, record.end + slack, record.country)]
    if record.names:
        days = followup_days(params)
        if fam.is_followup(record.type):
            types = tuple(t for f in fam.followed() for t in fam.types_of(f) if fam.family(t) != record.family)
            if types:
                out.append(Window(types, record.start - days, record.end + slack, record.country))
        if record.family in fam.followed() or record.type in fam.followed():
            types = tuple(t for t in fam.followups.types if fam.family(t) != record.family)
            if types:
                out.append(Window(types, record.start - slack, record.end + days, record.country))
    return out


class Merger:
    """An in-memory, incremental merge: blocks by (type, country, week), so adding a record costs its block only.

    A record is looked for among the events of its type family, in its country or with no country known
    (all countries when it has none), over the weeks its window covers (`windows`).
    """

    def __init__(self, params: MergeParams | None = None, bucket_days: int = 7) -> None:
        self.params = params or MergeParams()
        self.bucket_days = bucket_days
        self.members: dict[str, list[Record]] = {}
        self.event_of: dict[str, str] = {}
        self.related: list[Related] = []
        self._blocks: dict[tuple[str, str | None], dict[int, set[str]]] = {}
        self._countries: dict[str, set[str | None]] = {}

    def candidates(self, record: Record) -> dict[str, Cluster]:
        """The events sharing a block with `record`."""
        ids: set[str] = set()
        for w in windows(record, self.params):
            for t in w.types:
                countries = self._countries.get(t, set()) if w.country is None else {w.country, None}
                for country in countries:
                    block = self._blocks.get((t, country))
                    if not block:
                        continue
                    for bucket in range(w.first // self.bucket_days, w.last // self.bucket_days + 1):
                        ids.update(block.get(bucket, ()))
        return {cid: Cluster(cid, tuple(self.members[cid])) for cid in sorted(ids) if self.members.get(cid)}

    def add_article(self, records: Sequence[Record]) -> Plan:
        """Place one article's records; returns what was done and why."""
        candidates: dict[str, Cluster] = {}
        for r in records:
            candidates.update(self.candidates(r))
        plan = plan_article(records, candidates, self.params)
        self.apply(plan, {r.id: r for r in records})
        return plan

    def apply(self, plan: Plan, new: Mapping[str, Record]) -> None:
        for link in plan.links:
            record = new.get(link.record)
            if record is None:  # an existing member moved by a split
                old = self.event_of[link.record]
                record = next(m for m in self.members[old] if m.id == link.record)
                self.members[old].remove(record)
            self.members.setdefault(link.event, []).append(record)
            self.event_of[record.id] = link.event
            if mergeable(record, self.params) and record.start is not None and record.end is not None:
                self._countries.setdefault(record.type, set()).add(record.country)
                block = self._blocks.setdefault((record.type, record.country), {})
                slack = self.params.slack_days
                for bucket in range((record.start - slack) // self.bucket_days,
                                    (record.end + slack) // self.bucket_days + 1):
                    block.setdefault(bucket, set()).add(link.event)
        self.related.extend(plan.related)

    def add_many(self, articles: Iterable[Sequence[Record]]) -> None:
        for records in articles:
            self.add_article(records)

    def events(self) -> dict[str, list[Record]]:
        """Every event with at least one report, by id."""
        return {cid: list(ms) for cid, ms in self.members.items() if ms}
