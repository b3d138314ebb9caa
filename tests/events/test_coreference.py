"""When two tellings inside one article are the same event."""

from __future__ import annotations

from datetime import date

import pytest

from tocsin.events.coreference import counts_agree, dates_agree, modalities_agree, places_agree
from tocsin.model import Count, DateRange, Location

ALMATY = Location("Almaty", "KZ", 43.25, 76.91, 1526384, "city")
ASTANA = Location("Astana", "KZ", 51.18, 71.45, 1526273, "city")
KAZAKHSTAN = Location("Kazakhstan", "KZ", 48.0, 68.0, 1522867, "country")
PARIS = Location("Paris", "FR", 48.85, 2.35, 2988507, "city")
JAN6 = DateRange.day(date(2022, 1, 6))
JAN5 = DateRange.day(date(2022, 1, 5))
MONTH_THU = DateRange.month(2022, 1, "thursday")
MONTH_WED = DateRange.month(2022, 1, "wednesday")


def exact(n: float) -> Count:
    return Count(n, n, n, "exact", str(n))


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (JAN6, JAN6, True),
        (JAN6, None, True),
        (None, None, True),
        (JAN6, JAN5, False),
        (MONTH_THU, MONTH_THU, True),
        (MONTH_THU, MONTH_WED, False),
    ],
    ids=["same-day", "one-unknown", "both-unknown", "other-day", "same-weekday-in-month", "other-weekday-in-month"],
)
def test_dates_agree(a, b, agree):
    assert dates_agree(a, b) is agree


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (ALMATY, ALMATY, True),
        (ALMATY, KAZAKHSTAN, True),
        (KAZAKHSTAN, ASTANA, True),
        (ALMATY, ASTANA, False),
        (ALMATY, PARIS, False),
        (None, PARIS, True),
    ],
    ids=["same", "city-in-country", "country-holds-city", "two-cities", "two-countries", "unknown"],
)
def test_places_agree(a, b, agree):
    assert places_agree(a, b) is agree


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ({"killed": exact(13)}, {"killed": exact(13)}, True),
        ({"killed": exact(13)}, {"killed": exact(2)}, False),
        ({"killed": Count(20, 20, 99, "vague", "des dizaines")}, {"killed": exact(40)}, True),
        ({"injured": Count(1000, 1000, None, "at_least", "plus d'un millier")}, {"injured": exact(1000)}, True),
        ({"killed": exact(13)}, {"injured": exact(353)}, True),
    ],
    ids=["same", "conflicting", "vague-holds-exact", "open-bound", "different-keys"],
)
def test_counts_agree(a, b, agree):
    assert counts_agree(a, b) is agree


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("asserted", "asserted", True),
        ("asserted", "claimed", True),
        ("claimed", "asserted", True),
        ("asserted", "negated", False),
        ("asserted", "planned", False),
        ("planned", "planned", True),
    ],
)
def test_modalities_agree(a, b, agree):
    assert modalities_agree(a, b) is agree


@pytest.mark.parametrize(
    ("code", "text", "kind"),
    [
        # What a source claims of an event told as fact is one record, asserted.
        (
            "fr",
            "Un accident a fait deux morts samedi à Santiago. Selon l'association, il aurait été causé par la vitesse.",
            "ACCIDENT",
        ),
        (
            "en",
            "A bomb exploded in the market on Monday. The blast was allegedly set off by militants, police said.",
            "BOMBING",
        ),
    ],
)
def test_a_claimed_telling_joins_the_asserted_record(code, text, kind):
    from tocsin import extract

    from .conftest import installed_languages

    if code not in installed_languages():
        pytest.skip(f"no {code} model installed")
    records = [e for e in extract(text, lang=code, published="2024-05-06").events if e.type == kind]
    assert len(records) == 1, [(e.type, e.modality, e.trigger.text) for e in records]
    assert records[0].modality == "asserted"
