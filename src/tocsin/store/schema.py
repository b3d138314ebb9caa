"""The store's tables (SQLAlchemy 2 models); migrations in `migrations/` create and upgrade them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Row ids that may pass 2**31 on a large archive; SQLite only autoincrements a column typed INTEGER.
BigId = BigInteger().with_variant(Integer(), "sqlite")

# Constraint names fixed by convention, so that migrations can name what they alter on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Run(Base):
    """One `tocsin ingest` run: what it read, when, and what it found."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))  # running, done, failed, interrupted
    inputs: Mapped[list[Any]] = mapped_column(JSON)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[str] = mapped_column(String(32))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)


class SourceRow(Base):
    """A named source: an outlet that published articles, or a source an article cites."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(400), unique=True)


class PlaceRow(Base):
    """A place events happen at (gazetteer id when known, else name and country)."""

    __tablename__ = "places"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)
    name: Mapped[str] = mapped_column(String(400))
    country: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(BigInteger)
    precision: Mapped[str] = mapped_column(String(16))


class ArticleRow(Base):
    """An article, keyed by the hash of its text; a near-duplicate points at the article it copies."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ext_id: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(16))
    published_start: Mapped[date | None] = mapped_column(Date)
    published_end: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(8))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    origin: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ArticleBand(Base):
    """One locality-sensitive hash band of an article's MinHash: articles sharing one are compared."""

    __tablename__ = "article_bands"
    band: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)


class RejectedRow(Base):
    """An input that could not become an article (unreadable, refused, failed to fetch), with why."""

    __tablename__ = "rejected"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    ext_id: Mapped[str] = mapped_column(String(1000))
    origin: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    seen: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventRow(Base):
    """A merged event: the summary of its reports, kept up to date as reports join or leave."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    modality: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    location_name: Mapped[str | None] = mapped_column(String(400))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    span_start: Mapped[date | None] = mapped_column(Date)  # the window merging looks in (blocking)
    span_end: Mapped[date | None] = mapped_column(Date)
    n_reports: Mapped[int] = mapped_column(Integer)
    n_articles: Mapped[int] = mapped_column(Integer)
    killed: Mapped[float | None] = mapped_column(Float)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    __table_args__ = (
        Index("ix_events_block", "type", "country", "span_start"),
        Index("ix_events_country_date", "country", "date_start"),
        # The listing's orders, ties broken by id: one index walk serves a page, however deep the store.
        Index("ix_events_date_id", "date_start", "id"),
        Index("ix_events_type_date", "type", "date_start", "id"),
        Index("ix_events_killed_id", "killed", "id"),
        Index("ix_events_articles_id", "n_articles", "id"),
        # The map's area filter: a range on latitude, longitudes checked inside the index.
        Index("ix_events_lat_lon", "lat", "lon"),
    )


class ReportRow(Base):
    """One article's telling of an event, as extracted, and the merged event it belongs to."""

    __tablename__ = "reports"
    pk: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(200), unique=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    local_id: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(32))
    modality: Mapped[str] = mapped_column(String(16))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the contract Event as the article told it
    features: Mapped[dict[str, Any]] = mapped_column(JSON)  # what merging compares (merging.Record)
    link: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # why it is in its event
    text: Mapped[str] = mapped_column(Text)  # its mentions' text, for search


class MentionRow(Base):
    """A passage of an article that reports an event."""

    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ActorRow(Base):
    """A normalised actor (name, kind, country), shared by every report that names it."""

    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)
    name: Mapped[str] = mapped_column(String(400), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str | None] = mapped_column(String(2))


class ReportActorRow(Base):
    """An actor in one report, in a role, as the text names it."""

    __tablename__ = "report_actors"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)


class AttributionRow(Base):
    """Who a report says reported the fact, and through whom."""

    __tablename__ = "attributions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    via: Mapped[list[Any]] = mapped_column(JSON)


class MergeRow(Base):
    """The merge log: every found, join, split and unmerge, with the report matched and the evidence."""

    __tablename__ = "merges"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(40), index=True)
    report_id: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(16))
    matched: Mapped[str | None] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON)
    previous_event: Mapped[str | None] = mapped_column(String(40))
    run_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


metadata = Base.metadata
