"""The gazetteer index: built from installed packages, stamped, rebuilt when the stamp is stale."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tocsin.errors import GazetteerError
from tocsin.geocode import Gazetteer, needs_build
from tocsin.geocode.build import source_stamp


def test_build_index_holds_countries_regions_and_towns(gazetteer: Gazetteer) -> None:
    places, names = gazetteer.counts()
    assert places > 40_000 and names > places
    assert gazetteer.stamp() == source_stamp()
    kz = gazetteer.by_code("KZ")
    assert kz is not None and kz.feature == "country" and kz.geonames_id == 1522867
    texas = gazetteer.by_code("US.TX")
    assert texas is not None and texas.feature == "region"
    assert gazetteer.by_code("continent:EU") is not None
    assert gazetteer.by_code("geonames:0") is None


def test_build_index_names_in_french_and_english(gazetteer: Gazetteer) -> None:
    for key, iso in [("russie", "RU"), ("bielorussie", "BY"), ("allemagne", "DE"), ("germany", "DE")]:
        assert iso in {e.country for e in gazetteer.lookup(key)}, key


def test_needs_build_detects_missing_and_stale_index(index_file: Path, tmp_path: Path) -> None:
    assert not needs_build(index_file)
    assert needs_build(tmp_path / "missing.sqlite")
    stale = tmp_path / "stale.sqlite"
    shutil.copy(index_file, stale)
    con = sqlite3.connect(stale)
    con.execute("UPDATE meta SET value = 'schema=0' WHERE key = 'stamp'")
    con.commit()
    con.close()
    assert needs_build(stale)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database")
    assert needs_build(garbage)


def test_gazetteer_open_rejects_unreadable_file(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all, just bytes")
    with pytest.raises(GazetteerError, match="delete the file"):
        Gazetteer(garbage)
