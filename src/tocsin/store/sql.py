"""The built-in store: SQLAlchemy Core over SQLite (a file per user) or PostgreSQL (a server)."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    Text,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import cast as sa_cast
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .. import __version__
from ..errors import StoreError
from ..merging import (
    AdminCodes,
    ArticleRef,
    Cluster,
    CountReport,
    Link,
    MergedCount,
    MergedEvent,
    Plan,
    Record,
    Related,
    Report,
    article_clues,
    event_from_dict,
    event_id,
    families,
    merge_reports,
    params_of,
    plan_article,
    windows,
)
from ..model import ArticleResult, DatePrecision, DateRange, Event, Span
from ..settings import Settings, default_settings
from .engine import current_revision, head_revision, make_engine, redact, resolve_url, transaction, upgrade
from .protocol import (
    Added,
    ArticleMeta,
    BBox,
    EventFilter,
    IngestRun,
    MergeStep,
    Page,
    PlaceCount,
    RejectedInput,
    RelatedEvent,
    Sort,
    StatsBy,
    StoredArticle,
    TimelineCell,
)
from .schema import (
    ActorRow,
    ArticleBand,
    ArticleRow,
    AttributionRow,
    EventRow,
    MentionRow,
    MergeRow,
    PlaceRow,
    RejectedRow,
    ReportActorRow,
    ReportRow,
    Run,
    SourceRow,
)


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


A = _table(ArticleRow)
B = _table(ArticleBand)
E = _table(EventRow)
R = _table(ReportRow)
M = _table(MentionRow)
P = _table(PlaceRow)
S = _table(SourceRow)
AC = _table(ActorRow)
RA = _table(ReportActorRow)
AT = _table(AttributionRow)
MG = _table(MergeRow)
RJ = _table(RejectedRow)
RU = _table(Run)


def _expanding(name: str) -> Any:
    return bindparam(name, expanding=True)


# The write path's statements, built once: building a statement costs more than SQLite takes to run it.
Q_ARTICLE_EXISTS = select(A.c.id).where(A.c.id == bindparam("id"))
Q_KNOWN = select(A.c.id).where(A.c.id.in_(_expanding("ids")))
Q_EVENTS_EXIST = select(E.c.id).where(E.c.id.in_(_expanding("ids")))
# A record's block: events of its type family over its days, in its country or with none known (any
# country when it has none itself); see merging.windows. Equality on type and country and a bounded range on
# span_start keep each lookup on the index (type, country, span_start) and its cost independent of the
# store's size: an event's reports span at most BLOCK_HORIZON days.
BLOCK_HORIZON = 400
_SPAN = (E.c.span_start >= bindparam("horizon"), E.c.span_start <= bindparam("last"),
         E.c.span_end >= bindparam("first"))
Q_BLOCK = select(E.c.id).where(E.c.type.in_(_expanding("types")), E.c.country == bindparam("country"), *_SPAN)
Q_BLOCK_NO_COUNTRY = select(E.c.id).where(E.c.type.in_(_expanding("types")), E.c.country.is_(None), *_SPAN)
Q_BLOCK_ANY_COUNTRY = select(E.c.id).where(E.c.type.in_(_expanding("types")), *_SPAN)
Q_RELATED = (select(MG.c.event_id, MG.c.report_id, MG.c.matched, MG.c.reasons, MG.c.id)
             .where(MG.c.action == "related",
                    or_(MG.c.report_id.in_(_expanding("ids")), MG.c.matched.in_(_expanding("ids"))))
             .order_by(MG.c.id))
Q_MEMBERS = select(R.c.event_id, R.c.features).where(R.c.event_id.in_(_expanding("ids"))).order_by(R.c.pk)
Q_REPORTS_OF = (select(R.c.id, R.c.event_id, R.c.article_id, R.c.data, R.c.link, R.c.features,
                       A.c.published_start, A.c.published_end, A.c.published_precision)
                .join(A, A.c.id == R.c.article_id).where(R.c.event_id.in_(_expanding("ids"))).order_by(R.c.pk))
Q_PLACE = select(P.c.id).where(P.c.key == bindparam("key"))
# The read path's statements: summaries, the reports' links and their mentions, for a page of events.
Q_SUMMARIES = select(E.c.id, E.c.summary, E.c.updated_at).where(E.c.id.in_(_expanding("ids")))
Q_REPORT_LINKS = (select(R.c.id, R.c.event_id, R.c.article_id, R.c.local_id, R.c.type, R.c.modality, R.c.link)
                  .where(R.c.event_id.in_(_expanding("ids"))).order_by(R.c.pk))
Q_MENTIONS_OF = (select(M.c.report_id, M.c.start, M.c.end, M.c.text).join(R, R.c.id == M.c.report_id)
                 .where(R.c.event_id.in_(_expanding("ids"))).order_by(R.c.pk, M.c.id))
# The reports of a page of events with their mentions, in the order merged events list them.
Q_TOLD = (select(R.c.event_id, R.c.article_id, M.c.start, M.c.end, M.c.text)
          .outerjoin(M, M.c.report_id == R.c.id).where(R.c.event_id.in_(_expanding("ids")))
          .order_by(R.c.pk, M.c.id))
Q_COPIES_OF = select(A.c.id, A.c.duplicate_of).where(A.c.duplicate_of.in_(_expanding("ids"))).order_by(A.c.id)
Q_ARTICLE_REFS = (select(A.c.id, A.c.title, A.c.url, S.c.name, A.c.lang, A.c.published_start, A.c.published_end,
                         A.c.published_precision)
                  .outerjoin(S, S.c.id == A.c.source_id).where(A.c.id.in_(_expanding("ids"))))
Q_STAMPS = select(E.c.id, E.c.updated_at).where(E.c.id.in_(_expanding("ids")))
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# The stored JSON as written: nothing parsed.
Q_SUMMARY_TEXTS = select(E.c.id, sa_cast(E.c.summary, Text).label("summary_text"), E.c.updated_at).where(
    E.c.id.in_(_expanding("ids")))
INSERT = {name: insert(table) for name, table in
          {"A": A, "B": B, "R": R, "M": M, "RA": RA, "AT": AT, "MG": MG, "E": E}.items()}
U_EVENT = update(E).where(E.c.id == bindparam("eid")).values(
    {c: bindparam(f"v_{c}") for c in ("type", "modality", "country", "place_id", "location_name", "lat", "lon",
                                      "date_start", "date_end", "date_precision", "span_start", "span_end",
                                      "n_reports", "n_articles", "killed", "summary", "updated_at")})
D_EVENT = delete(E).where(E.c.id == bindparam("eid"))


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time tocsin writes is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _signed64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _published(row: Any) -> DateRange | None:
    if row.published_start is None or row.published_end is None or row.published_precision is None:
        return None
    if row.published_precision == "day":
        return DateRange.day(row.published_start)
    return DateRange(row.published_start, row.published_end, cast(DatePrecision, row.published_precision))


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _place_key(event: Event) -> str | None:
    loc = event.location
    if loc is None:
        return None
    if loc.geonames_id is not None:
        return f"g{loc.geonames_id}"
    return f"{loc.name.casefold()}|{loc.country or ''}|{loc.precision}"


class SqlStore:
    """A store in a SQL database; open one with `tocsin.store.open_store`."""

    def __init__(self, url: str | None = None, *, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        self.url = resolve_url(url if url is not None else self.settings.store.url)
        self.params = params_of(self.settings)
        self.admins = AdminCodes.of(self.settings)  # where places lie (the gazetteer, when built)
        self.engine = make_engine(self.url)
        self._pg = self.engine.dialect.name == "postgresql"
        self._statements: dict[tuple[str, str], tuple[Any, Any]] = {}
        # The listing's JSON parts: event id → (updated_at, JSON but the articles, article ids); article id →
        # its reference without copies (an article never changes once stored).
        self._fragments: dict[str, tuple[Any, str, tuple[str, ...]]] = {}
        self._article_json: dict[str, dict[str, Any]] = {}
        try:
            if self.settings.store.auto_migrate:
                if current_revision(self.engine) != head_revision():
                    upgrade(self.engine)
            elif current_revision(self.engine) != head_revision():
                raise StoreError(f"the database {redact(self.url)} is not at schema revision {head_revision()}: "
                                 f"run `tocsin db upgrade --db URL` or set store.auto_migrate: true")
        except OperationalError as err:
            self.engine.dispose()
            raise StoreError(f"cannot open the database {redact(self.url)}: {err.orig}") from err

    def close(self) -> None:
        self.admins.close()
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqlStore({redact(self.url)!r})"

    # ---------------------------------------------------------------- runs

    def start_run(self, inputs: Sequence[str]) -> int:
        """Record the start of an ingest run; runs of dead processes on this host are marked interrupted."""
        host = socket.gethostname()
        with transaction(self.engine, write=True) as conn:
            for run_id, pid in conn.execute(select(RU.c.id, RU.c.pid).where(RU.c.status == "running",
                                                                                 RU.c.host == host)).all():
                if not _alive(pid):
                    conn.execute(update(RU).where(RU.c.id == run_id).values(status="interrupted"))
            result = conn.execute(insert(RU).values(
                started_at=_now(), finished_at=None, status="running", inputs=list(inputs), stats={},
                version=__version__, host=host[:255], pid=os.getpid()))
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def finish_run(self, run: int, stats: Mapping[str, int], status: str = "done") -> None:
        with transaction(self.engine, write=True) as conn:
            conn.execute(update(RU).where(RU.c.id == run).values(finished_at=_now(), status=status, stats=dict(stats)))

    def list_runs(self, *, limit: int = 50) -> list[IngestRun]:
        with transaction(self.engine) as conn:
            rows = conn.execute(select(RU).order_by(RU.c.id.desc()).limit(limit)).all()
        return [IngestRun(r.id, _aware(r.started_at), _aware(r.finished_at) if r.finished_at else None, r.status,
                          tuple(r.inputs), dict(r.stats)) for r in rows]

    # ---------------------------------------------------------------- articles

    def has_article(self, article_id: str) -> bool:
        with transaction(self.engine) as conn:
            return conn.execute(select(A.c.id).where(A.c.id == article_id)).first() is not None

    def known(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these article ids the store holds (one query for a whole batch)."""
        if not article_ids:
            return set()
        with transaction(self.engine) as conn:
            return set(conn.execute(Q_KNOWN, {"ids": sorted(set(article_ids))}).scalars())

    def has_url(self, url: str) -> bool:
        """Whether an article or a rejected input came from `url` (so a feed need not fetch it again)."""
        with transaction(self.engine) as conn:
            return (conn.execute(select(A.c.id).where(A.c.url == url).limit(1)).first() is not None
                    or conn.execute(select(RJ.c.id).where(RJ.c.url == url).limit(1)).first() is not None)

    def band_matches(self, bands: Sequence[int]) -> list[tuple[str, bytes]]:
        """Articles sharing a MinHash band with these, with their signatures (original articles only)."""
        if not bands:
            return []
        with transaction(self.engine) as conn:
            rows = conn.execute(
                select(A.c.id, A.c.signature).join(B, B.c.article_id == A.c.id)
                .where(B.c.band.in_(list(set(bands))), A.c.duplicate_of.is_(None), A.c.signature.is_not(None))
                .distinct().order_by(A.c.id)).all()
        return [(r.id, bytes(r.signature)) for r in rows]

    def add_article(self, article_id: str, result: ArticleResult, meta: ArticleMeta, *,
                    run: int | None = None) -> Added:
        """Keep an article, its reports and their merge, in one transaction (all or nothing)."""
        try:
            with transaction(self.engine, write=True) as conn:
                if conn.execute(Q_ARTICLE_EXISTS, {"id": article_id}).first() is not None:
                    return Added(article_id, stored=False)
                self._insert_article(conn, article_id, result, meta, run)
                if meta.duplicate_of is not None or not result.events:
                    return Added(article_id, stored=True, duplicate_of=meta.duplicate_of)
                return self._insert_reports(conn, article_id, result, run)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot store article {result.id!r} in {redact(self.url)}: {err}") from err

    def _insert_article(self, conn: Connection, article_id: str, result: ArticleResult, meta: ArticleMeta,
                        run: int | None) -> None:
        source_id = self._ids(conn, S, "name", {result.source: {"name": result.source[:400]}})[result.source] \
            if result.source else None
        line = result.to_dict()
        line.pop("text", None)  # kept once, in its own column
        pub = result.published
        conn.execute(INSERT["A"], dict(
            id=article_id, ext_id=result.id[:1000], url=result.url, title=result.title, lang=result.lang,
            published_start=pub.start if pub else None, published_end=pub.end if pub else None,
            published_precision=pub.precision if pub else None, source_id=source_id, origin=meta.origin,
            text=result.text, result=line, error_code=result.error.code if result.error else None,
            error_message=result.error.message if result.error else None, duplicate_of=meta.duplicate_of,
            similarity=meta.similarity, signature=meta.signature, run_id=run, created_at=_now()))
        if meta.bands:
            conn.execute(INSERT["B"], [{"band": b, "article_id": article_id} for b in sorted(set(meta.bands))])

    def _ids(self, conn: Connection, table: Any, key: str, rows: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
        """Ids of rows by unique key, inserting the missing ones (safe against a concurrent writer)."""
        if not rows:
            return {}
        lookup, add = self._id_statements(table, key)
        keys = sorted(rows)
        found: dict[Any, Any] = dict(conn.execute(lookup, {"keys": keys}).all())
        missing = [dict(rows[k]) for k in keys if k not in found]
        if missing:
            conn.execute(add, missing)
            found = dict(conn.execute(lookup, {"keys": keys}).all())
        return {str(k): int(v) for k, v in found.items()}

    def _id_statements(self, table: Any, key: str) -> tuple[Any, Any]:
        cached = self._statements.get((table.name, key))
        if cached is None:
            from sqlalchemy.dialects import postgresql, sqlite

            add: Any = (postgresql.insert(table) if self._pg else sqlite.insert(table))
            cached = (select(table.c[key], table.c.id).where(table.c[key].in_(_expanding("keys"))),
                      add.on_conflict_do_nothing(index_elements=[key]))
            self._statements[(table.name, key)] = cached
        return cached

    def _insert_reports(self, conn: Connection, article_id: str, result: ArticleResult, run: int | None) -> Added:
        places: dict[str, dict[str, Any]] = {}
        for ev in result.events:
            key = _place_key(ev)
            if key is not None and ev.location is not None:
                loc = ev.location
                places[key] = {"key": key[:500], "name": loc.name[:400], "country": loc.country, "lat": loc.lat,
                               "lon": loc.lon, "geonames_id": loc.geonames_id, "precision": loc.precision}
        place_ids = self._ids(conn, P, "key", places)
        clues = article_clues(result)
        records = [Record.of(ev, article=article_id, published=result.published,
                             undated_days=self.settings.merge.undated_days, id=f"{article_id}/{ev.id}",
                             clues=clues, admins=self.admins)
                   for ev in result.events]
        plan = self._plan(conn, records)
        new = {r.id: r for r in records}
        targets = {link.record: link for link in plan.links}
        self._create_events(conn, plan)
        report_rows = []
        for ev, rec in zip(result.events, records, strict=True):
            link = targets[rec.id]
            report_rows.append({
                "id": rec.id, "article_id": article_id, "event_id": link.event, "local_id": ev.id[:100],
                "type": ev.type, "modality": ev.modality,
                "date_start": ev.date.start if ev.date else None, "date_end": ev.date.end if ev.date else None,
                "date_precision": ev.date.precision if ev.date else None,
                "place_id": place_ids.get(_place_key(ev) or ""), "data": ev.to_dict(), "features": rec.to_dict(),
                "link": _link_json(link), "text": " … ".join(m.text for m in ev.mentions),
            })
        conn.execute(INSERT["R"], report_rows)
        moved_from = self._move_members(conn, plan, new, run)
        self._insert_details(conn, article_id, result.events, records)
        self._log(conn, [link for link in plan.links if link.record in new], {}, run)
        self._log_related(conn, plan.related, run)
        self._refresh(conn, plan.events | moved_from, place_ids)
        return Added(
            article_id, stored=True, reports=len(records),
            new_events=tuple(sorted({link.event for link in plan.links if link.action == "found"})),
            joined_events=tuple(sorted({link.event for link in plan.links
                                        if link.action == "join" and link.record in new})),
            split_events=tuple(sorted(moved_from)),
        )

    def _insert_details(self, conn: Connection, article_id: str, events: Sequence[Event],
                        records: Sequence[Record]) -> None:
        mentions, actor_rows, roles, attributions, sources = [], {}, [], [], {}
        for ev, rec in zip(events, records, strict=True):
            for m in ev.mentions:
                mentions.append({"report_id": rec.id, "article_id": article_id, "start": m.start, "end": m.end,
                                 "text": m.text})
            for a in ev.actors:
                key = f"{a.name.casefold()}|{a.kind}|{a.country or ''}"[:500]
                actor_rows[key] = {"key": key, "name": (a.name or a.text)[:400], "kind": a.kind, "country": a.country}
                roles.append((rec.id, key, a.role, a.text))
            for s in ev.sources:
                sources[s.name[:400]] = {"name": s.name[:400]}
                attributions.append((rec.id, s.name[:400], list(s.via)))
        if mentions:
            conn.execute(INSERT["M"], mentions)
        actor_ids = self._ids(conn, AC, "key", actor_rows)
        if roles:
            conn.execute(INSERT["RA"], [{"report_id": rid, "actor_id": actor_ids[key], "role": role, "text": txt}
                                      for rid, key, role, txt in roles])
        source_ids = self._ids(conn, S, "name", sources)
        if attributions:
            conn.execute(INSERT["AT"], [{"report_id": rid, "source_id": source_ids[name], "via": via}
                                      for rid, name, via in attributions])

    # ---------------------------------------------------------------- merging

    def _plan(self, conn: Connection, records: Sequence[Record]) -> Plan:
        # The ids these records would found, checked in one query (taken only after deletions).
        wanted = {event_id(r.id): r.id for r in records}
        taken = set(conn.execute(Q_EVENTS_EXIST, {"ids": sorted(wanted)}).scalars())
        fresh = {rid: eid for eid, rid in wanted.items() if eid not in taken}

        def new_id(rid: str) -> str:
            return fresh.get(rid) or self._fresh_id(conn, rid)

        if not self.settings.merge.enabled:
            return Plan(tuple(Link(r.id, new_id(r.id), "found", None, 0.0,
                                   {"alone": "merging is off (merge.enabled)"}) for r in records))
        if self._pg:
            # Two ingesters writing to one server take turns per type family (every family a record looks
            # in), so that neither misses the other's new event and founds a duplicate.
            fam = families()
            keys = {_signed64(f"family|{fam.family(t)}") for r in records for w in windows(r, self.params)
                    for t in w.types}
            for key in sorted(keys):
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        return plan_article(records, self._candidates(conn, records), self.params, new_id)

    def _candidates(self, conn: Connection, records: Sequence[Record]) -> dict[str, Cluster]:
        ids: set[str] = set()
        for r in records:
            for w in windows(r, self.params):
                params = {"types": list(w.types), "last": date.fromordinal(w.last),
                          "first": date.fromordinal(w.first), "horizon": date.fromordinal(w.first - BLOCK_HORIZON)}
                if w.country:
                    ids.update(conn.execute(Q_BLOCK, {**params, "country": w.country}).scalars())
                    ids.update(conn.execute(Q_BLOCK_NO_COUNTRY, params).scalars())
                else:
                    ids.update(conn.execute(Q_BLOCK_ANY_COUNTRY, params).scalars())
        if not ids:
            return {}
        members: dict[str, list[Record]] = defaultdict(list)
        for eid, features in conn.execute(Q_MEMBERS, {"ids": sorted(ids)}).all():
            members[eid].append(Record.from_dict(features))
        return {eid: Cluster(eid, tuple(ms)) for eid, ms in sorted(members.items())}

    def _fresh_id(self, conn: Connection, report_id: str) -> str:
        # A report's event id is derived from it; only after deletions can that id already be taken.
        n = 0
        while True:
            candidate = event_id(report_id if n == 0 else f"{report_id}#{n}")
            if not conn.execute(Q_EVENTS_EXIST, {"ids": [candidate]}).first():
                return candidate
            n += 1

    def _create_events(self, conn: Connection, plan: Plan) -> None:
        # Founded events and the parts split off are new; every other event joined exists already.
        wanted = {link.event for link in plan.links if link.action != "join"}
        now = _now()
        rows = [{"id": eid, "type": "", "modality": "", "n_reports": 0, "n_articles": 0, "summary": {},
                 "created_at": now, "updated_at": now} for eid in sorted(wanted)]
        if rows:
            conn.execute(INSERT["E"], rows)

    def _move_members(self, conn: Connection, plan: Plan, new: Mapping[str, Record], run: int | None) -> set[str]:
        """Apply a split: existing reports move to their new event; returns the events they left."""
        moves = [link for link in plan.links if link.record not in new]
        if not moves:
            return set()
        before = dict(conn.execute(select(R.c.id, R.c.event_id).where(R.c.id.in_([m.record for m in moves])))
                      .all())
        for link in moves:
            conn.execute(update(R).where(R.c.id == link.record).values(event_id=link.event, link=_link_json(link)))
        self._log(conn, moves, before, run)
        return set(before.values())

    def _log(self, conn: Connection, links: Sequence[Link], before: Mapping[str, str], run: int | None) -> None:
        if links:
            now = _now()
            conn.execute(INSERT["MG"], [{
                "event_id": link.event, "report_id": link.record, "action": link.action, "matched": link.matched,
                "score": link.score, "reasons": dict(link.reasons), "previous_event": before.get(link.record),
                "run_id": run, "created_at": now} for link in links])

    def _log_related(self, conn: Connection, related: Sequence[Related], run: int | None) -> None:
        # Kept in the merge log of the event it is about: `explain` shows it there, `related` resolves it.
        if related:
            now = _now()
            conn.execute(INSERT["MG"], [{
                "event_id": r.event, "report_id": r.record, "action": "related", "matched": r.matched,
                "score": r.score, "reasons": {"related": r.reason}, "previous_event": None, "run_id": run,
                "created_at": now} for r in related])

    def related(self, event_id: str) -> list[RelatedEvent]:
        """Events this one is linked to without being merged: its follow-ups told apart, the round-ups
        that tell it, the incident it follows up — each with why, resolved to the events as they are now."""
        with transaction(self.engine) as conn:
            mine = list(conn.execute(select(R.c.id).where(R.c.event_id == event_id)).scalars())
            if not mine:
                return []
            rows = conn.execute(Q_RELATED, {"ids": mine}).all()
            others = {r.matched if r.report_id in mine else r.report_id for r in rows} - {None}
            where = dict(conn.execute(select(R.c.id, R.c.event_id).where(R.c.id.in_(sorted(others)))).all()) \
                if others else {}
        out: dict[str, RelatedEvent] = {}
        for r in rows:
            outgoing = r.report_id in mine
            other_report = r.matched if outgoing else r.report_id
            other = where.get(other_report)
            if other is None or other == event_id or other in out:
                continue
            reason = str((r.reasons or {}).get("related", ""))
            out[other] = RelatedEvent(event_id, other, r.report_id, r.matched,
                                      "about" if outgoing else "told by", reason)
        return list(out.values())

    def _reports_of(self, conn: Connection, event_ids: Sequence[str]) -> dict[str, list[tuple[Report, Any]]]:
        rows = conn.execute(Q_REPORTS_OF, {"ids": list(event_ids)}).all()
        out: dict[str, list[tuple[Report, Any]]] = defaultdict(list)
        for row in rows:
            report = Report(row.id, row.article_id, event_from_dict(row.data), _published(row),
                            _link_of(row.id, row.link))
            out[row.event_id].append((report, row.features))
        return out

    def _refresh(self, conn: Connection, event_ids: Iterable[str], places: Mapping[str, int] | None = None) -> None:
        """Recompute the summary of events whose reports changed; events left without reports go."""
        ids = sorted(set(event_ids))
        if not ids:
            return
        grouped = self._reports_of(conn, ids)
        now = _now()
        gone, rows = [], []
        for eid in ids:
            told = grouped.get(eid)
            if not told:
                gone.append({"eid": eid})
                continue
            merged = merge_reports(eid, [r for r, _ in told])
            starts = [f["start"] for _, f in told if f.get("start") is not None]
            ends = [f["end"] for _, f in told if f.get("end") is not None]
            loc = merged.location
            place_key = None
            if loc is not None:
                place_key = f"g{loc.geonames_id}" if loc.geonames_id is not None else \
                    f"{loc.name.casefold()}|{loc.country or ''}|{loc.precision}"
            place_id = (places or {}).get(place_key or "")
            if place_id is None and place_key:
                place_id = conn.execute(Q_PLACE, {"key": place_key}).scalar()
            killed = merged.counts.get("killed")
            date_ = merged.date
            values = {
                # Every report of an event was compared within one block: the country of its records.
                "type": merged.type, "modality": merged.modality,
                "country": next((f.get("country") for _, f in told if f.get("country")), None),
                "place_id": place_id, "location_name": loc.name if loc else None, "lat": loc.lat if loc else None,
                "lon": loc.lon if loc else None, "date_start": date_.start if date_ else None,
                "date_end": date_.end if date_ else None, "date_precision": date_.precision if date_ else None,
                "span_start": date.fromordinal(min(starts)) if starts else None,
                "span_end": date.fromordinal(max(ends)) if ends else None,
                "n_reports": len(told), "n_articles": len(merged.article_ids),
                "killed": killed.value if killed else None, "summary": _summary(merged), "updated_at": now,
            }
            rows.append({"eid": eid, **{f"v_{k}": v for k, v in values.items()}})
        if gone:
            conn.execute(D_EVENT, gone)
        if rows:
            conn.execute(U_EVENT, rows)

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its reports and their part in merged events (copies of it become originals)."""
        with transaction(self.engine, write=True) as conn:
            if conn.execute(select(A.c.id).where(A.c.id == article_id)).first() is None:
                return False
            touched = set(conn.execute(select(R.c.event_id).where(R.c.article_id == article_id)).scalars())
            report_ids = list(conn.execute(select(R.c.id).where(R.c.article_id == article_id)).scalars())
            for table in (M, RA, AT):
                conn.execute(delete(table).where(table.c.report_id.in_(report_ids)))
            conn.execute(delete(R).where(R.c.article_id == article_id))
            conn.execute(update(A).where(A.c.duplicate_of == article_id).values(duplicate_of=None))
            conn.execute(delete(B).where(B.c.article_id == article_id))
            conn.execute(delete(A).where(A.c.id == article_id))
            self._refresh(conn, touched)
            return True

    def unmerge(self, report_id: str) -> str:
        """Take a report out of its merged event into an event of its own; returns the new event's id."""
        with transaction(self.engine, write=True) as conn:
            row = conn.execute(select(R.c.event_id).where(R.c.id == report_id)).first()
            if row is None:
                raise StoreError(f"no report {report_id!r}: report ids are ARTICLE/EVENT, as `tocsin events "
                                 f"--id EVENT --format json` lists them")
            others = conn.execute(select(func.count()).select_from(R).where(R.c.event_id == row.event_id,
                                                                            R.c.id != report_id)).scalar_one()
            if not others:
                return str(row.event_id)
            target = self._fresh_id(conn, f"{report_id}#unmerged")
            link = Link(report_id, target, "found", None, 0.0, {"unmerge": f"taken out of {row.event_id} by hand"})
            self._create_events(conn, Plan((link,)))
            conn.execute(update(R).where(R.c.id == report_id).values(event_id=target, link=_link_json(link)))
            now = _now()
            conn.execute(insert(MG).values(event_id=target, report_id=report_id, action="unmerge", matched=None,
                                           score=0.0, reasons=dict(link.reasons), previous_event=row.event_id,
                                           run_id=None, created_at=now))
            self._refresh(conn, {target, row.event_id})
            return target

    def add_rejected(self, ext_id: str, code: str, message: str, *, origin: str | None = None,
                     url: str | None = None, run: int | None = None) -> None:
        """Record an input that did not become an article; the same input twice is one row."""
        key = hashlib.sha256(f"{origin}\x00{ext_id}\x00{url}\x00{code}".encode()).hexdigest()[:40]
        with transaction(self.engine, write=True) as conn:
            updated = conn.execute(update(RJ).where(RJ.c.key == key).values(seen=RJ.c.seen + 1, updated_at=_now()))
            if not updated.rowcount:
                conn.execute(insert(RJ).values(key=key, ext_id=ext_id[:1000], origin=origin, url=url, code=code[:40],
                                               message=message, run_id=run, seen=1, updated_at=_now()))

    def list_rejected(self, *, limit: int = 50, offset: int = 0) -> Page[RejectedInput]:
        with transaction(self.engine) as conn:
            total = conn.execute(select(func.count()).select_from(RJ)).scalar_one()
            rows = conn.execute(select(RJ).order_by(RJ.c.id).limit(limit).offset(offset)).all()
        items = tuple(RejectedInput(r.ext_id, r.origin, r.url, r.code, r.message, r.run_id) for r in rows)
        return Page(items, int(total), limit, offset)

    # ---------------------------------------------------------------- reading

    def _where(self, where: EventFilter | None) -> list[ColumnElement[bool]]:
        f = where or EventFilter()
        conds: list[ColumnElement[bool]] = []
        if f.countries:
            conds.append(E.c.country.in_([c.upper() for c in f.countries]))
        if f.types:
            conds.append(E.c.type.in_([t.upper() for t in f.types]))
        if f.modalities:
            conds.append(E.c.modality.in_(list(f.modalities)))
        if f.since is not None:
            conds.append(E.c.date_end >= f.since)
        if f.until is not None:
            conds.append(E.c.date_start <= f.until)
        if f.min_articles:
            conds.append(E.c.n_articles >= f.min_articles)
        if f.min_killed is not None:
            conds.append(E.c.killed >= f.min_killed)
        if f.bbox is not None:
            conds.extend(_inside(f.bbox))
        if f.article:
            conds.append(exists().where(R.c.event_id == E.c.id, R.c.article_id == f.article))
        if f.actor_kinds:
            conds.append(exists().where(R.c.event_id == E.c.id, RA.c.report_id == R.c.id, AC.c.id == RA.c.actor_id,
                                        AC.c.kind.in_(list(f.actor_kinds))))
        if f.actor:
            pattern = _like(f.actor)
            conds.append(exists().where(
                R.c.event_id == E.c.id, RA.c.report_id == R.c.id, AC.c.id == RA.c.actor_id,
                or_(AC.c.name.ilike(pattern, escape="\\"), RA.c.text.ilike(pattern, escape="\\"))))
        if f.text:
            pattern = _like(f.text)
            conds.append(or_(
                E.c.location_name.ilike(pattern, escape="\\"),
                exists().where(R.c.event_id == E.c.id, R.c.text.ilike(pattern, escape="\\")),
                exists().where(R.c.event_id == E.c.id, A.c.id == R.c.article_id,
                               A.c.title.ilike(pattern, escape="\\"))))
        return conds

    def _sorted(self, query: Select[Any], sort: Sort) -> Select[Any]:
        columns = {"date": E.c.date_start, "updated": E.c.updated_at, "articles": E.c.n_articles,
                   "killed": E.c.killed, "id": E.c.id}
        name = sort.lstrip("-")
        if name not in columns:
            raise StoreError(f"unknown sort {sort!r}: use one of date, updated, articles, killed, id "
                             f"(prefix - to reverse)")
        column = columns[name]
        down = sort.startswith("-")
        if name == "id":
            return query.order_by(column.desc() if down else column.asc())
        # Ties go by id in the same direction, so that an index on (column, id) serves the whole order; events
        # without a date or a death toll come last either way.
        if down:
            return query.order_by(column.desc().nulls_last(), E.c.id.desc())
        return query.order_by(column.asc().nulls_last(), E.c.id.asc())

    def list_events(self, where: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
                    sort: Sort = "-date") -> Page[MergedEvent]:
        """One page of merged events matching `where`, sorted, read from their stored summaries.

        The events' reports carry their id, article, link and mentions; `get_event` gives each report's fields.
        """
        conds = self._where(where)
        with transaction(self.engine) as conn:
            total = conn.execute(select(func.count()).select_from(E).where(*conds)).scalar_one()
            ids = list(conn.execute(self._sorted(select(E.c.id).where(*conds), sort)
                                    .limit(max(0, limit)).offset(max(0, offset))).scalars())
            events = self._summaries(conn, ids)
        return Page(tuple(events[i] for i in ids if i in events), int(total), limit, offset)

    def list_events_json(self, where: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
                         sort: Sort = "-date") -> Page[str]:
        """One page of `list_events` as JSON objects (each `MergedEvent.to_dict()` without its reports).

        Built from the text of the stored summaries, the mentions and the articles: nothing is parsed, merged or
        validated again. An event's part is kept in memory until its `updated_at` changes (every change to its
        reports sets it); an article's copies are read each time, since a new copy does not touch its events.
        """
        conds = self._where(where)
        with transaction(self.engine) as conn:
            total = conn.execute(select(func.count()).select_from(E).where(*conds)).scalar_one()
            ids = list(conn.execute(self._sorted(select(E.c.id).where(*conds), sort)
                                    .limit(max(0, limit)).offset(max(0, offset))).scalars())
            if not ids:
                return Page((), int(total), limit, offset)
            stamps = dict(conn.execute(Q_STAMPS, {"ids": ids}).all())
            cache = self._fragments
            missing = [i for i in ids if i in stamps and (cache.get(i) or (None,))[0] != stamps[i]]
            if missing:
                self._fill_fragments(conn, missing, stamps)
            parts = [cache[i] for i in ids if i in cache and cache[i][0] == stamps.get(i)]
            article_ids = sorted({a for part in parts for a in part[2]})
            copies: dict[str, list[str]] = defaultdict(list)
            for cid, orig in conn.execute(Q_COPIES_OF, {"ids": article_ids}):
                copies[orig].append(cid)
            unknown = [a for a in article_ids if a not in self._article_json]
            if unknown:
                for a, ref in self._article_refs(conn, unknown).items():
                    self._article_json[a] = ref.to_dict()
        dumps = _DUMPS
        items = []
        for _stamp, head, told in parts:
            articles = [{**self._article_json[a], "copies": copies.get(a, [])} for a in told
                        if a in self._article_json]
            items.append(f"{head},\"articles\":{dumps(articles)}}}")
        if len(self._fragments) > 50_000:  # a bound on memory: start afresh rather than track use
            self._fragments.clear()
            self._article_json.clear()
        return Page(tuple(items), int(total), limit, offset)

    def _fill_fragments(self, conn: Connection, ids: Sequence[str], stamps: Mapping[str, Any]) -> None:
        """Each event's JSON but its articles (summary, mentions, updated_at), and its articles' ids, kept."""
        mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        articles: dict[str, dict[str, None]] = defaultdict(dict)
        for eid, article, start, end, text_ in conn.execute(Q_TOLD, {"ids": list(ids)}):
            articles[eid][article] = None
            if start is not None:
                mentions[eid].append({"article": article, "start": start, "end": end, "text": text_})
        rows = conn.execute(Q_SUMMARY_TEXTS, {"ids": list(ids)}).all()
        stale = [r.id for r in rows if r.id in articles and not (r.summary_text or "").strip("{} ")]
        merged = self._load(conn, stale) if stale else {}
        for r in rows:
            if r.id not in articles:  # left without reports by a concurrent delete
                continue
            if r.id in merged:  # a summary not written yet: merge the reports
                data = merged[r.id].to_dict()
                for key in ("reports", "articles"):
                    data.pop(key, None)
                summary = _DUMPS(data)
            else:
                summary = r.summary_text.rstrip()
            rest = _DUMPS({"mentions": mentions.get(r.id, []), "updated_at": _aware(r.updated_at).isoformat()})
            self._fragments[r.id] = (stamps[r.id], f"{summary[:-1]},{rest[1:-1]}", tuple(articles[r.id]))


    def iter_events(self, where: EventFilter | None = None, *, batch: int = 500) -> Iterator[MergedEvent]:
        """Every matching event, by id, read in batches from the stored summaries (for exports of any size)."""
        conds = self._where(where)
        after = ""
        while True:
            with transaction(self.engine) as conn:
                ids = list(conn.execute(select(E.c.id).where(*conds, E.c.id > after).order_by(E.c.id)
                                        .limit(batch)).scalars())
                if not ids:
                    return
                events = self._summaries(conn, ids)
            for eid in ids:
                if eid in events:
                    yield events[eid]
            after = ids[-1]

    def get_event(self, event_id: str) -> MergedEvent | None:
        """A merged event with its reports (mentions, sources, figures) and the articles they come from."""
        with transaction(self.engine) as conn:
            return self._load(conn, [event_id]).get(event_id)

    def _summaries(self, conn: Connection, ids: Sequence[str]) -> dict[str, MergedEvent]:
        """Events from their stored summaries, with their reports' ids, links and mentions: no merging."""
        if not ids:
            return {}
        rows = conn.execute(Q_SUMMARIES, {"ids": list(ids)}).all()
        spans: dict[str, list[Span]] = defaultdict(list)
        for rid, start, end, text_ in conn.execute(Q_MENTIONS_OF, {"ids": list(ids)}):
            spans[rid].append(Span(start, end, text_))
        reports: dict[str, list[Report]] = defaultdict(list)
        for r in conn.execute(Q_REPORT_LINKS, {"ids": list(ids)}):
            shell = Event(id=r.local_id, type=r.type, modality=r.modality, actors=(), location=None, date=None,
                          counts={}, sources=(), mentions=tuple(spans.get(r.id, ())))
            reports[r.event_id].append(Report(r.id, r.article_id, shell, None, _link_of(r.id, r.link)))
        refs = self._article_refs(conn, sorted({r.article for told in reports.values() for r in told}))
        out = {}
        for row in rows:
            told = reports.get(row.id)
            if not told or not row.summary:
                continue
            articles = [refs[a] for a in dict.fromkeys(r.article for r in told) if a in refs]
            out[row.id] = _from_summary(row.id, row.summary, told, articles, _aware(row.updated_at))
        missing = [i for i in ids if i not in out and i in reports]
        if missing:  # a summary written before summaries were kept whole: merge the reports instead
            out.update(self._load(conn, missing))
        return out

    def _load(self, conn: Connection, ids: Sequence[str]) -> dict[str, MergedEvent]:
        if not ids:
            return {}
        grouped = self._reports_of(conn, ids)
        article_ids = sorted({r.article for told in grouped.values() for r, _ in told})
        refs = self._article_refs(conn, article_ids)
        stamps = dict(conn.execute(select(E.c.id, E.c.updated_at).where(E.c.id.in_(list(ids)))).all())
        out = {}
        for eid in ids:
            told = grouped.get(eid)
            if told:
                reports = [r for r, _ in told]
                articles = [refs[a] for a in dict.fromkeys(r.article for r in reports) if a in refs]
                merged = merge_reports(eid, reports, articles)
                out[eid] = replace(merged, extra={"updated_at": _aware(stamps[eid]).isoformat()})
        return out

    def _article_refs(self, conn: Connection, article_ids: Sequence[str]) -> dict[str, ArticleRef]:
        if not article_ids:
            return {}
        copies: dict[str, list[str]] = defaultdict(list)
        for cid, orig in conn.execute(Q_COPIES_OF, {"ids": list(article_ids)}):
            copies[orig].append(cid)
        rows = conn.execute(Q_ARTICLE_REFS, {"ids": list(article_ids)}).all()
        return {r.id: ArticleRef(r.id, r.title, r.url, r.name, _published(r), r.lang, tuple(copies.get(r.id, ())))
                for r in rows}

    def explain(self, event_id: str) -> list[MergeStep]:
        """The merge log of an event: who founded it, who joined and why, what was split off or taken out."""
        with transaction(self.engine) as conn:
            rows = conn.execute(select(MG).where(or_(MG.c.event_id == event_id, MG.c.previous_event == event_id))
                                .order_by(MG.c.id)).all()
        return [MergeStep(r.event_id, r.report_id, r.action, r.matched, r.score, dict(r.reasons), r.previous_event,
                          r.run_id, _aware(r.created_at)) for r in rows]

    def stats(self, by: StatsBy, where: EventFilter | None = None) -> list[tuple[str | None, int]]:
        """Number of events per type, country, day or month (of the event's start), largest first for types."""
        conds = self._where(where)
        key: Any
        if by == "type":
            key = E.c.type
        elif by == "country":
            key = E.c.country
        elif by == "day":
            key = E.c.date_start
        elif by == "month":
            key = func.to_char(E.c.date_start, "YYYY-MM") if self._pg else func.strftime("%Y-%m", E.c.date_start)
        else:
            raise StoreError(f"unknown grouping {by!r}: use type, country, day or month")
        n = func.count().label("n")
        query = select(key.label("k"), n).where(*conds).group_by(key)
        query = query.order_by(n.desc(), key) if by in ("type", "country") else query.order_by(key)
        with transaction(self.engine) as conn:
            rows = conn.execute(query).all()
        return [(None if k is None else (k.isoformat() if isinstance(k, date) else str(k)), int(c)) for k, c in rows]

    def timeline(self, where: EventFilter | None = None) -> list[TimelineCell]:
        """The matching events counted by type and date range (one grouped query): the timeline and totals."""
        conds = self._where(where)
        killed = func.coalesce(func.sum(E.c.killed), 0.0)
        query = (select(E.c.type, E.c.date_start, E.c.date_end, E.c.date_precision, func.count(), killed)
                 .where(*conds).group_by(E.c.type, E.c.date_start, E.c.date_end, E.c.date_precision))
        with transaction(self.engine) as conn:
            rows = conn.execute(query).all()
        cells = [TimelineCell(t, start, end, precision, int(n), float(k)) for t, start, end, precision, n, k in rows]
        return sorted(cells, key=lambda c: (c.start is None, c.start or date.min, c.end or date.min, c.type))

    def country_counts(self, where: EventFilter | None = None) -> list[tuple[str | None, int, float]]:
        """(country, events, killed) of the matching events, most events first (one grouped query)."""
        conds = self._where(where)
        n = func.count().label("n")
        query = (select(E.c.country, n, func.coalesce(func.sum(E.c.killed), 0.0)).where(*conds)
                 .group_by(E.c.country).order_by(n.desc(), E.c.country))
        with transaction(self.engine) as conn:
            return [(c, int(k), float(d)) for c, k, d in conn.execute(query).all()]

    def place_counts(self, where: EventFilter | None = None) -> list[PlaceCount]:
        """The located matching events grouped by coordinates, with their types and dead (for a map)."""
        conds = [*self._where(where), E.c.lat.is_not(None), E.c.lon.is_not(None)]
        query = (select(E.c.lat, E.c.lon, E.c.type, func.count(), func.coalesce(func.sum(E.c.killed), 0.0),
                        func.min(E.c.location_name), func.min(E.c.country))
                 .where(*conds).group_by(E.c.lat, E.c.lon, E.c.type))
        places: dict[tuple[float, float], dict[str, Any]] = {}
        with transaction(self.engine) as conn:
            for lat, lon, etype, n, dead, name, country in conn.execute(query):
                place = places.setdefault((lat, lon), {"n": 0, "killed": 0.0, "types": {}, "name": name,
                                                       "country": country})
                place["n"] += int(n)
                place["killed"] += float(dead)
                place["types"][etype] = int(n)
        return [PlaceCount(lat, lon, p["name"], p["country"], p["n"], p["killed"], p["types"])
                for (lat, lon), p in sorted(places.items())]

    def get_article(self, article_id: str) -> StoredArticle | None:
        """An article by id (its text hash), or by the id it was given (ext_id) when that is unique."""
        with transaction(self.engine) as conn:
            row = conn.execute(select(A, S.c.name.label("source_name")).outerjoin(S, S.c.id == A.c.source_id)
                               .where(A.c.id == article_id)).first()
            if row is None:
                found = conn.execute(select(A.c.id).where(A.c.ext_id == article_id).limit(2)).scalars().all()
                if len(found) != 1:
                    return None
                row = conn.execute(select(A, S.c.name.label("source_name")).outerjoin(S, S.c.id == A.c.source_id)
                                   .where(A.c.id == found[0])).first()
                assert row is not None
            return self._stored_article(conn, row)

    def _stored_article(self, conn: Connection, row: Any) -> StoredArticle:
        copies = tuple(conn.execute(select(A.c.id).where(A.c.duplicate_of == row.id).order_by(A.c.id)).scalars())
        events = tuple(dict.fromkeys(conn.execute(select(R.c.event_id).where(R.c.article_id == row.id)
                                                  .order_by(R.c.pk)).scalars()))
        result = dict(row.result)
        result["text"] = row.text
        return StoredArticle(
            id=row.id, ext_id=row.ext_id, text=row.text, title=row.title, url=row.url, source=row.source_name,
            lang=row.lang, published=_published(row), origin=row.origin, result=result,
            error=(row.error_code, row.error_message or "") if row.error_code else None,
            duplicate_of=row.duplicate_of, similarity=row.similarity, copies=copies, events=events, run=row.run_id)

    def list_articles(self, *, limit: int = 50, offset: int = 0) -> Page[StoredArticle]:
        """Articles in the order they were stored."""
        with transaction(self.engine) as conn:
            total = conn.execute(select(func.count()).select_from(A)).scalar_one()
            rows = conn.execute(select(A, S.c.name.label("source_name")).outerjoin(S, S.c.id == A.c.source_id)
                                .order_by(A.c.created_at, A.c.id).limit(limit).offset(offset)).all()
            items = tuple(self._stored_article(conn, r) for r in rows)
        return Page(items, int(total), limit, offset)

    def totals(self) -> dict[str, int]:
        """How many articles (originals, copies, failed), reports, events and rejected inputs the store holds."""
        with transaction(self.engine) as conn:
            def count(table: Any, *conds: ColumnElement[bool]) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(*conds)).scalar_one())

            return {
                "articles": count(A), "copies": count(A, A.c.duplicate_of.is_not(None)),
                "failed": count(A, A.c.error_code.is_not(None)), "reports": count(R), "events": count(E),
                "merged_events": count(E, E.c.n_articles > 1), "rejected": count(RJ),
                "sources": count(S), "actors": count(AC), "places": count(P), "runs": count(RU),
            }

    def snapshot(self) -> dict[str, Any]:
        """The store's content without run bookkeeping: for checking that two stores hold the same."""
        with transaction(self.engine) as conn:
            articles = [tuple(r) for r in conn.execute(
                select(A.c.id, A.c.ext_id, A.c.duplicate_of, A.c.error_code).order_by(A.c.id)).all()]
            reports = [tuple(r) for r in conn.execute(
                select(R.c.id, R.c.event_id, R.c.link).order_by(R.c.id)).all()]
            events = [(r.id, r.type, r.n_reports, r.n_articles, r.summary) for r in conn.execute(
                select(E.c.id, E.c.type, E.c.n_reports, E.c.n_articles, E.c.summary).order_by(E.c.id)).all()]
            rejected = [tuple(r) for r in conn.execute(
                select(RJ.c.ext_id, RJ.c.code, RJ.c.message).order_by(RJ.c.key)).all()]
        return {"articles": articles, "reports": reports, "events": events, "rejected": rejected}


def _inside(box: BBox) -> list[ColumnElement[bool]]:
    west, south, east, north = box
    if south > north:
        return [false()]
    conds: list[ColumnElement[bool]] = [E.c.lat >= south, E.c.lat <= north]
    if west <= east:
        conds += [E.c.lon >= west, E.c.lon <= east]
    else:  # across the antimeridian
        conds.append(or_(E.c.lon >= west, E.c.lon <= east))
    return conds


def _merged_count(data: Mapping[str, Any]) -> MergedCount:
    reports = tuple(CountReport(str(r["report"]), str(r["article"]), r["value"], r.get("min"), r.get("max"),
                                r.get("qualifier") or "exact", r.get("text") or "", bool(r.get("credible", True)))
                    for r in data.get("reports") or ())
    return MergedCount(data["value"], data.get("min"), data.get("max"), data.get("qualifier") or "exact",
                       data.get("text") or "", reports)


def _from_summary(event_id: str, summary: Mapping[str, Any], reports: Sequence[Report],
                  articles: Sequence[ArticleRef], updated: datetime) -> MergedEvent:
    """A merged event from the summary stored when its reports last changed (as `_summary` wrote it)."""
    fields = event_from_dict({**summary, "id": event_id, "counts": {}, "mentions": []})
    return MergedEvent(
        id=event_id, type=fields.type, modality=fields.modality, actors=fields.actors, location=fields.location,
        date=fields.date, counts={k: _merged_count(c) for k, c in (summary.get("counts") or {}).items()},
        sources=fields.sources, reports=tuple(reports), articles=tuple(articles),
        extra={"updated_at": updated.isoformat()})


def _summary(merged: MergedEvent) -> dict[str, Any]:
    data = merged.to_dict()
    for key in ("reports", "mentions", "articles"):
        data.pop(key, None)
    return data


def _link_json(link: Link) -> dict[str, Any]:
    return {"action": link.action, "event": link.event, "matched": link.matched, "score": link.score,
            "reasons": dict(link.reasons)}


def _link_of(report_id: str, data: Mapping[str, Any] | None) -> Link | None:
    if not data:
        return None
    return Link(report_id, str(data.get("event") or ""), data.get("action") or "join", data.get("matched"),
                float(data.get("score") or 0.0), dict(data.get("reasons") or {}))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

