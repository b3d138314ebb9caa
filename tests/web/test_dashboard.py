"""The dashboard in a real browser: filters, map, timeline, table, the evidence page, and hostile articles."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.web.conftest import Watched

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"


def ready(page: Any) -> None:
    """Wait until the dashboard has drawn the answers to its last requests."""
    page.wait_for_selector("body[data-state=ready]")


def test_web_dashboard_draws_map_timeline_and_table(base_url: str, watched: Watched, tmp_path: Path) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    total = httpx.get(base_url + "/api/events").json()["total"]
    assert page.locator("#events tbody tr").count() == min(50, total)
    assert page.locator("#map path.country").count() > 150  # the vendored Natural Earth shapes
    located = httpx.get(base_url + "/api/places").json()["located"]
    marks = page.locator("#map .mark").evaluate_all("ms => ms.map(m => Number(m.dataset.n))")
    assert sum(marks) == located > 5
    assert page.locator("#timeline rect").count() > 3
    kz = page.locator('#map path[data-code="KZ"]')
    assert kz.evaluate("p => getComputedStyle(p).fill") != page.locator('#map path[data-code="BR"]').evaluate(
        "p => getComputedStyle(p).fill"), "countries with events are shaded"
    # The screenshot in docs/ is refreshed when missing or asked for; otherwise it goes to a temporary folder.
    target = SCREENSHOT if os.environ.get("TOCSIN_UPDATE_SCREENSHOT") or not SCREENSHOT.exists() \
        else tmp_path / "dashboard.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 20_000
    assert watched.errors == []


def test_web_filter_by_type_then_open_an_event_shows_its_evidence(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    page.locator("#f-type summary").click()
    page.locator('#f-type input[value="ARREST"]').check()
    page.wait_for_url("**type=ARREST**")
    ready(page)
    rows = page.locator("#events tbody tr")
    expected = httpx.get(base_url + "/api/events", params={"type": "ARREST"}).json()["total"]
    assert rows.count() == expected > 1
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"ARREST"}
    assert page.locator("#summary").inner_text().endswith(f"of {expected} events")

    rows.filter(has_text="Almaty").locator("a.event-link").first.click()
    page.wait_for_selector("h1 .type-badge")
    assert page.locator("h1 .type-badge").inner_text() == "ARREST"
    event_id = page.url.rsplit("/", 1)[-1]
    event = httpx.get(f"{base_url}/api/events/{event_id}").json()
    trigger = event["reports"][0]["event"]["trigger"]
    assert trigger["text"] in page.locator("mark.k-trigger").all_inner_texts()
    for kind in ("mention", "actor", "count", "place", "source"):
        assert page.locator(f"mark.k-{kind}").count() > 0, f"no {kind} highlighted"
    count_marks = page.locator("mark.k-count").all_inner_texts()
    assert any("2.000" in text for text in count_marks)  # "environ 2.000" personnes arrêtées
    assert "TASS" in page.locator("#fact-sources").inner_text()  # the source chain: ministère ← TASS ← Ria Novosti

    page.locator('#kinds input[value="actor"]').uncheck()
    assert page.locator("mark.k-actor").count() == 0
    page.locator('#kinds input[value="actor"]').check()
    assert page.locator("mark.k-actor").count() > 0
    assert watched.errors == []


def test_web_clicking_a_country_keeps_its_events(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    ready(page)
    page.locator('#map path[data-code="KZ"]').dispatch_event("click")  # a dot may cover its middle
    page.wait_for_url("**country=KZ**")
    ready(page)
    places = page.locator("#events tbody td:nth-child(3)").all_inner_texts()
    assert places and all(p.endswith("(KZ)") for p in places)


def test_web_area_filter_keeps_the_events_in_view(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/?bbox=" + quote("60,35,90,55"))  # Central Asia
    ready(page)
    places = page.locator("#events tbody td:nth-child(3)").all_inner_texts()
    assert places and all("(KZ)" in p for p in places)
    page.locator("#area-clear").click()
    page.wait_for_function("() => !location.search.includes('bbox')")
    ready(page)
    assert page.locator("#events tbody tr").count() > len(places)


def test_web_hostile_article_renders_inert(hostile_url: str, watched: Watched) -> None:
    page = watched.page
    article = httpx.get(f"{hostile_url}/api/articles/hostile-markup").json()
    page.goto(f"{hostile_url}/events/{article['events'][0]}")
    page.wait_for_selector(".article-text")
    text = page.locator(".article-text").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in text  # shown as text
    assert "<img src=x onerror=" in page.locator("h3").first.inner_text()
    # Reflected through the dashboard's filters and its error line too.
    page.goto(hostile_url + "/?text=" + quote('<img src=x onerror="window.__pwned=1">'))
    ready(page)
    page.goto(hostile_url + "/?type=" + quote("<script>window.__pwned=1</script>"))
    page.wait_for_selector("body[data-state=error]")
    assert "<script>" in page.locator("#status").inner_text()
    page.goto(hostile_url + "/?text=Lyon")
    ready(page)
    assert page.evaluate("() => window.__pwned") is None
    assert watched.dialogs == []
    planted = page.evaluate("""() => document.querySelectorAll(
        'img[src="x"], svg[onload], b[onmouseover], a[href^="javascript:"], [onerror]').length""")
    assert planted == 0


def test_web_hostile_article_page_creates_no_element(hostile_url: str, watched: Watched) -> None:
    page = watched.page
    article = httpx.get(f"{hostile_url}/api/articles/hostile-markup").json()
    page.goto(f"{hostile_url}/events/{article['events'][0]}")
    page.wait_for_selector(".article-text")
    assert page.evaluate("() => window.__pwned") is None
    assert watched.dialogs == []
    assert page.evaluate("() => document.querySelectorAll('.article-text *:not(mark)').length") == 0
    scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.getAttribute('src'))")
    assert scripts and all(src and src.startswith("/static/") for src in scripts)
    links = page.evaluate("() => Array.from(document.links).map(a => a.getAttribute('href'))")
    assert not any(href.lower().startswith("javascript:") for href in links)


def test_web_api_docs_page_draws_the_spec(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/api/docs")
    if not page.locator("script[src$='swagger-ui-bundle.js']").count():
        pytest.skip("Swagger UI is not vendored: run `make install`")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() == 10
    assert not [e for e in watched.errors if "Content Security Policy" in e]
