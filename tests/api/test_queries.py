"""The map's area filter: the bbox syntax (which events a box holds: tests/store/test_queries.py)."""

from __future__ import annotations

import pytest

from tocsin.api.queries import Area


@pytest.mark.parametrize("text", ["2.2,48.8,2.5,48.9", "-180,-90,180,90", "170,-10,-170,10", "0,0,0,0",
                                  "-0.5,-0.5,0.5,0.5", "180.0,90.000,-180,-90"])
def test_area_parse_accepts_boxes(text: str) -> None:
    box = Area.parse(text).box()
    assert box == tuple(float(p) for p in text.split(","))


@pytest.mark.parametrize("text", ["", "1,2,3", "1,2,3,4,5", "181,0,0,0", "0,91,0,0", "0,0,0,-90.5", "1e2,0,0,0",
                                  "a,b,c,d", "٣,0,0,0", " 1,2,3,4"])
def test_area_parse_refuses_the_rest(text: str) -> None:
    with pytest.raises(ValueError, match="west,south,east,north"):
        Area.parse(text)
