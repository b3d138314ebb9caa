"""The gazetteer index on disk: opened read-only, built (or rebuilt) on first use."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import GazetteerError
from ..settings import Settings, cache_dir
from .build import LEVEL_FEATURE, build_index, source_stamp

INDEX_FILE = "gazetteer.sqlite"

_SELECT = ("SELECT p.id, p.geonames_id, p.name, p.country, p.admin1, p.admin2, p.lat, p.lon, p.level, "
           "p.population, p.flags, p.code")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place as stored, with how the looked-up name belongs to it."""

    id: int
    geonames_id: int | None
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    level: int
    population: int
    flags: int
    code: str | None
    kind: int = 0
    lang: str = ""

    @property
    def feature(self) -> str:
        return LEVEL_FEATURE[self.level]


def index_path(settings: Settings | None = None) -> Path:
    """Where the index lives: `geocode.path` when set, else the per-user cache folder."""
    if settings is not None and settings.geocode.path:
        return Path(settings.geocode.path).expanduser()
    return cache_dir() / INDEX_FILE


def _stamp_of(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


_build_lock = threading.Lock()


def needs_build(path: Path) -> bool:
    """Whether the index at `path` is missing, unreadable, or built from other source versions."""
    return not path.is_file() or _stamp_of(path) != source_stamp()


def ensure_index(path: Path, *, min_population: int = 500) -> Path:
    """The index at `path`, built first when missing or stamped by other source versions."""
    with _build_lock:
        if needs_build(path):
            build_index(path, min_population=min_population)
    return path


class Gazetteer:
    """Read access to a built index; lookups are cached, and one instance may serve many threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._con.execute("SELECT 1 FROM place LIMIT 1")
        except sqlite3.Error as err:
            raise GazetteerError(f"cannot open the gazetteer index {self.path}: {err}; delete the file to "
                                 f"have it rebuilt, or set geocode.path to another file") from err
        self._lock = threading.Lock()
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self.by_code = lru_cache(maxsize=4096)(self._by_code)

    @classmethod
    def open(cls, path: Path | None = None, *, min_population: int = 500) -> Gazetteer:
        """Open the index at `path` (default: the per-user cache), building it first if needed."""
        return cls(ensure_index(path or index_path(), min_population=min_population))

    def _rows(self, sql: str, args: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._lock:  # one connection, shared: sqlite3 objects are not safe across threads at once
            return list(self._con.execute(sql, args).fetchall())

    def _lookup(self, key: str) -> tuple[Entry, ...]:
        """Every place that bears the folded name `key`, once per (place, language) it is known in."""
        if not key:
            return ()
        rows = self._rows(f"{_SELECT}, n.kind, n.lang FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?",
                          (key,))
        return tuple(Entry(*row) for row in rows)  # type: ignore[arg-type]

    def _by_code(self, code: str) -> Entry | None:
        """The place a code names: "KZ" (country), "US.TX" (division), "continent:EU", "union:EU",
        "m49:143" (a UN subregion) or "geonames:1526384" (any place, by its GeoNames id)."""
        if code.startswith("geonames:"):
            number = code.partition(":")[2]
            if not number.isdigit():
                return None
            rows = self._rows(f"{_SELECT} FROM place p WHERE p.geonames_id = ? ORDER BY p.level DESC LIMIT 1",
                              (int(number),))
        else:
            rows = self._rows(f"{_SELECT} FROM place p WHERE p.code = ? ORDER BY p.level LIMIT 1", (code,))
        return Entry(*rows[0]) if rows else None  # type: ignore[arg-type]

    def stamp(self) -> str:
        rows = self._rows("SELECT value FROM meta WHERE key = 'stamp'", ())
        return str(rows[0][0]) if rows else ""

    def counts(self) -> tuple[int, int]:
        """How many places and names the index holds."""
        places = self._rows("SELECT count(*) FROM place", ())[0][0]
        names = self._rows("SELECT count(*) FROM name", ())[0][0]
        return int(places), int(names)  # type: ignore[call-overload]

    def close(self) -> None:
        with self._lock:
            self._con.close()
