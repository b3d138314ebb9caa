"""The dashboard as an analyst's daily tool, in Chromium: every matching event on the map, clusters that list
their events, exports of the view equal to the API's answer, the phone layout, and a readable API docs page."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from tests.web.conftest import Watched

DOCS = Path(__file__).resolve().parents[2] / "docs"
VIEWS = [
    pytest.param({}, id="everything"),
    pytest.param({"type": ["RIOT", "ATTACK"]}, id="two-types"),
    pytest.param({"country": "KZ", "min_killed": "1"}, id="country-and-killed"),
    pytest.param({"actor_kind": "protesters"}, id="actor-kind"),
]


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-state=ready]")


def api_ids(base_url: str, params: dict[str, Any]) -> list[str]:
    page = httpx.get(base_url + "/api/events", params={**params, "limit": 500}).json()
    assert page["next_offset"] is None
    return sorted(e["id"] for e in page["items"])


@pytest.mark.parametrize("params", VIEWS)
def test_web_map_marks_cover_the_filtered_total(base_url: str, watched: Watched, params: dict[str, Any]) -> None:
    page = watched.page
    page.goto(f"{base_url}/?{urlencode(params, doseq=True)}")
    ready(page)
    places = httpx.get(base_url + "/api/places", params=params).json()
    total = httpx.get(base_url + "/api/events", params=params).json()["total"]
    marks = page.locator("#map .mark").evaluate_all("ms => ms.map(m => Number(m.dataset.n))")
    assert sum(marks) == places["located"]
    assert places["located"] + places["unlocated"] == total
    assert page.locator("#map-note").inner_text().startswith(f"{places['located']} of {total} matching events")
    assert watched.errors == []


def test_web_map_reframes_to_the_filtered_events(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    world = page.locator("#map").get_attribute("viewBox")
    page.goto(base_url + "/?country=KZ")
    ready(page)
    box = [float(v) for v in (page.locator("#map").get_attribute("viewBox") or "").split()]
    assert page.locator("#map").get_attribute("viewBox") != world
    # Kazakhstan's events (about 43°N 77°E) sit inside the frame: x ≈ 731, y ≈ 380 in map units.
    assert box[0] < 731 < box[0] + box[2] and box[1] < 380 < box[1] + box[3]


def test_web_clicking_a_cluster_lists_its_events(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    counts = page.locator("#map .mark").evaluate_all("ms => ms.map(m => Number(m.dataset.n))")
    biggest = max(range(len(counts)), key=lambda i: counts[i])
    assert counts[biggest] > 1, "the samples hold several events at one place"
    page.locator("#map .mark").nth(biggest).dispatch_event("click")
    page.wait_for_selector("#picked:not([hidden]) #picked-list li")
    page.wait_for_function("n => document.querySelectorAll('#picked-list li').length === n",
                           arg=min(20, counts[biggest]))
    assert page.locator("#picked").get_attribute("data-total") == str(counts[biggest])
    page.locator("#picked-list a.event-link").first.click()
    page.wait_for_selector("h1 .type-badge")


def test_web_legend_keeps_a_type_family(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    family = page.locator(".legend-item").filter(has_text="Riots")
    family.click()
    page.wait_for_url("**type=RIOT**")
    ready(page)
    assert set(page.locator("#events tbody tr").evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"RIOT"}
    assert page.locator('#f-type input[value="RIOT"]').is_checked()


@pytest.mark.parametrize("params", VIEWS)
@pytest.mark.parametrize("link", ["#export-csv", "#export-geojson"])
def test_web_export_of_a_filtered_view_equals_the_api(base_url: str, watched: Watched, params: dict[str, Any],
                                                      link: str, tmp_path: Path) -> None:
    page = watched.page
    page.goto(f"{base_url}/?{urlencode(params, doseq=True)}")
    ready(page)
    with page.expect_download() as info:
        page.locator(link).click()
    path = tmp_path / "export"
    info.value.save_as(path)
    if link == "#export-csv":
        with path.open(encoding="utf-8", newline="") as handle:
            ids = sorted(r["event_id_cnty"].split("-", 1)[1] for r in csv.DictReader(handle))
    else:
        ids = sorted(f["id"] for f in json.loads(path.read_text(encoding="utf-8"))["features"])
    assert ids == api_ids(base_url, params)
    assert page.locator("#summary").inner_text().endswith(f"of {len(ids)} events")


def test_web_timeline_draws_spans_and_leaves_out_the_undated(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    stats = httpx.get(base_url + "/api/stats").json()
    assert stats["undated"] > 0 and any(bar["precision"] == "month" for bar in stats["timeline"])
    assert page.locator("#timeline rect.spread").count() > 1  # a month-dated event spread over its month
    assert f"{stats['undated']} undated not drawn" in page.locator("#timeline-note").inner_text()


@pytest.mark.parametrize("path", ["/", "/?country=KZ", "/events/{event}"])
def test_web_phone_layout_has_no_horizontal_scroll(base_url: str, browser: Any, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    try:
        event = httpx.get(base_url + "/api/events", params={"type": "ARREST", "country": "KZ"}).json()["items"][0]
        page.goto(base_url + path.format(event=event["id"]))
        if path.startswith("/?") or path == "/":
            ready(page)
            page.locator("#f-type summary").click()  # the type picker open, too
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Nothing drawn beyond the screen's right edge either (SVG content is clipped by its own box).
        wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
            .filter(e => !e.closest('svg') && e.getBoundingClientRect().right > 391)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert wide == []
    finally:
        context.close()


CONTRAST = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  const shown = ['button', '.opblock-summary-method', '.opblock-summary-path', 'code', '.info .title small pre',
                 '.opblock-tag'].map(s => '.swagger-ui ' + s).join(', ');
  for (const el of document.querySelectorAll(shown)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !el.textContent.trim()) continue;
    const [a, b] = [lum(parse(getComputedStyle(el).color).slice(0, 3)), lum(background(el))].sort((x, y) => y - x);
    out.push([el.className || el.tagName, el.textContent.trim().slice(0, 30), (a + 0.05) / (b + 0.05)]);
  }
  return out;
}"""


def test_web_api_docs_page_is_readable(base_url: str, watched: Watched, tmp_path: Path) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base_url + "/api/docs")
    if not page.locator("script[src$='swagger-ui-bundle.js']").count():
        pytest.skip("Swagger UI is not vendored: run `make install`")
    page.wait_for_selector(".swagger-ui .opblock")
    page.locator(".swagger-ui .opblock-summary").first.click()  # an operation open: its Try it out button
    page.wait_for_selector(".swagger-ui .try-out__btn")
    checked = page.evaluate(CONTRAST)
    assert len(checked) > 15
    poor = [c for c in checked if c[2] < 4.5]
    assert poor == [], f"text below WCAG AA contrast: {poor}"
    button = page.locator(".swagger-ui .try-out__btn")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") != "rgb(31, 95, 174)"  # not the dashboard's
    kept = DOCS / "api-docs.png"
    target = kept if os.environ.get("TOCSIN_UPDATE_SCREENSHOT") or not kept.exists() else tmp_path / "api-docs.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 20_000
