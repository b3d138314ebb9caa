"""What the dashboard's pages are made of, without a browser: text pieces, links, colours, vendored shapes."""

from __future__ import annotations

from typing import Any

import pytest

from tocsin.model import EVENT_TYPES
from tocsin.web.render import Family, families, pieces, safe_link, type_colors, types_css
from tocsin.web.vendor import country_shapes


def ev(kind: str, start: int, end: int, label: str = "x") -> dict[str, Any]:
    return {"kind": kind, "start": start, "end": end, "label": label}


def test_render_pieces_cut_at_every_boundary_and_keep_the_text() -> None:
    text = "La police a arrêté 300 manifestants."
    evidence = [ev("mention", 0, len(text) - 1, "ARREST"), ev("actor", 0, 9, "agent: police"), ev("trigger", 12, 18),
                ev("count", 19, 22, "arrested: 300")]
    out = pieces(text, evidence)
    assert "".join(p.text for p in out) == text
    assert [(p.text, p.kinds) for p in out[:4]] == [
        ("La police", ("mention", "actor")), (" a ", ("mention",)), ("arrêté", ("mention", "trigger")),
        (" ", ("mention",))]
    assert out[0].labels == ("ARREST", "agent: police")
    assert (out[-1].text, out[-1].kinds) == (".", ())  # after the passage: plain text


def test_render_pieces_without_evidence_is_the_whole_text() -> None:
    assert [p.text for p in pieces("abc", [])] == ["abc"]


@pytest.mark.parametrize(("url", "shown"), [
    ("https://example.org/a", "https://example.org/a"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>x</script>", None),
    ("//example.org/a", None),
    ("", None),
    (None, None),
])
def test_render_safe_link_keeps_only_web_links(url: str | None, shown: str | None) -> None:
    assert safe_link(url) == shown


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)] if len(colour) == 7 else \
        [int(c * 2, 16) / 255 for c in colour[1:4]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rgb or #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_render_every_type_is_in_one_of_a_few_families() -> None:
    found = families()
    assert 5 <= len(found) <= 8, "few enough colours to tell apart on a map"
    members = [t for f in found for t in f.types]
    assert sorted(members) == sorted(EVENT_TYPES)  # each type in exactly one family
    assert set(type_colors()) == set(EVENT_TYPES)
    assert len({f.color for f in found}) == len(found)
    css = types_css()
    assert all(f".t-{t}{{" in css for t in EVENT_TYPES)


def test_render_families_follow_acled_event_types() -> None:
    by_name = {f.name: f.types for f in families()}
    assert "ARMED_CLASH" in by_name["Battles"] and "BOMBING" in by_name["Explosions/Remote violence"]
    assert {"PROTEST", "STRIKE"} <= set(by_name["Protests"])


@pytest.mark.parametrize("family", families(), ids=lambda f: f.name)
def test_render_family_badges_are_readable(family: Family) -> None:
    assert contrast(family.color, family.ink) >= 4.5


def test_vendor_country_shapes_get_alpha2_codes() -> None:
    topology = {"type": "Topology", "arcs": [], "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "id": "398", "properties": {"name": "Kazakhstan"}, "arcs": []},
        {"type": "Polygon", "id": "250", "properties": {"name": "France"}, "arcs": []},
        {"type": "Polygon", "properties": {"name": "Kosovo"}, "arcs": []},
        {"type": "Polygon", "properties": {"name": "Somaliland"}, "arcs": []},
        {"type": "Polygon", "id": "010", "properties": {"name": "Antarctica"}, "arcs": []},
    ]}}}
    kept = country_shapes(topology)["objects"]["countries"]["geometries"]
    assert [(g.get("id"), g["properties"]["name"]) for g in kept] == [
        ("KZ", "Kazakhstan"), ("FR", "France"), ("XK", "Kosovo"), (None, "Somaliland")]
