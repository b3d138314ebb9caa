"""Name folding: accents, case, apostrophes, dashes and dots do not tell places apart."""

from __future__ import annotations

import pytest

from tocsin.geocode.normalize import MAX_NAME_CHARS, fold


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Alma-Ata", "alma ata"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("U.S.", "us"),
        ("Saint-Pétersbourg", "saint petersbourg"),
        ("KRAKÓW", "krakow"),
        ("Łódź", "lodz"),
        ("  New   York ", "new york"),
        ("Œuvre", "oeuvre"),
        ("İstanbul", "istanbul"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_fold_normalises(name: str, key: str) -> None:
    assert fold(name) == key


@pytest.mark.parametrize("name", ["", "x" * (MAX_NAME_CHARS + 1)], ids=["empty", "too-long"])
def test_fold_rejects_empty_and_overlong(name: str) -> None:
    assert fold(name) == ""


@pytest.mark.parametrize("name", ["🏳️‍🌈", "Москва-Almaty", "北京", "\x00\x01", "a\u0301\u0301\u0301"],
                         ids=["emoji", "mixed-scripts", "cjk", "control", "stacked-accents"])
def test_fold_never_crashes(name: str) -> None:
    assert isinstance(fold(name), str)
