"""The map's area filter: the bbox syntax and which events a box holds."""

from __future__ import annotations

import pytest

from tocsin.api.queries import Area
from tocsin.merging import MergedEvent
from tocsin.model import Location


def located(lon: float, lat: float) -> MergedEvent:
    return MergedEvent("ev1", "PROTEST", "asserted", (), Location("x", "FR", lat, lon, None, "city"), None, {}, (),
                       ())


@pytest.mark.parametrize("text", ["2.2,48.8,2.5,48.9", "-180,-90,180,90", "170,-10,-170,10", "0,0,0,0",
                                  "-0.5,-0.5,0.5,0.5", "180.0,90.000,-180,-90"])
def test_area_parse_accepts_boxes(text: str) -> None:
    assert Area.parse(text)


@pytest.mark.parametrize("text", ["", "1,2,3", "1,2,3,4,5", "181,0,0,0", "0,91,0,0", "0,0,0,-90.5", "1e2,0,0,0",
                                  "a,b,c,d", "٣,0,0,0", " 1,2,3,4"])
def test_area_parse_refuses_the_rest(text: str) -> None:
    with pytest.raises(ValueError, match="west,south,east,north"):
        Area.parse(text)


def test_area_holds_events_inside_only() -> None:
    box = Area.parse("2,48,3,49")
    assert box.holds(located(2.35, 48.85))
    assert not box.holds(located(4.85, 45.75))
    assert not box.holds(MergedEvent("ev2", "PROTEST", "asserted", (), None, None, {}, (), ()))


def test_area_across_the_antimeridian() -> None:
    box = Area.parse("170,-20,-170,20")  # the Pacific around Fiji
    assert box.holds(located(178.4, -18.1)) and box.holds(located(-179.9, 0))
    assert not box.holds(located(0, 0))


def test_area_with_south_above_north_holds_nothing() -> None:
    assert not Area.parse("-180,50,180,40").holds(located(0, 45))
