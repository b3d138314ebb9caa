"""Feeds and URLs from a local HTTP server: robots.txt, limits, redirects, and private addresses refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tocsin.errors import FetchError, FetchRefusedError
from tocsin.ingest import Fetcher, html_text, ingest, looks_like_feed, parse_feed
from tocsin.ingest.fetch import public
from tocsin.settings import FetchSettings, Settings
from tocsin.store import Store
from tocsin.store.testing import FILLER, ScriptedRunner, script_article

STORY = ("Des milliers de personnes ont défilé dans le centre-ville à l'appel des syndicats agricoles, "
         "qui dénoncent la baisse de leurs revenus et la hausse des normes. Le cortège est parti de la place "
         "Bellecour en début d'après-midi et s'est dispersé sans incident notable vers dix-huit heures, selon "
         "la préfecture du Rhône qui évoque une mobilisation plus forte que la semaine précédente.")
LONG = script_article(["PROTEST 2024-03-07 Lyon/FR/45.75/4.85/2996944 participants=300"], title="Manifestation",
                      filler=STORY)
PAGE = ("<html><head><title>Arrestations à Nantes</title></head><body><article><h1>Arrestations à Nantes</h1>"
        f"<p>{FILLER}</p><p>EVENT ARREST 2024-03-07 Nantes/FR/47.22/-1.55/2990969 arrested=14</p>"
        f"<p>{FILLER}</p></article></body></html>")


def rss(base: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG.split("\n\n"))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Fil local</title><link>{base}/</link><description>test</description>
<item><title>Manifestation</title><link>{base}/articles/1.html</link><guid>a1</guid>
  <pubDate>Fri, 08 Mar 2024 10:00:00 +0000</pubDate><content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>
<item><title>Arrestations à Nantes</title><link>{base}/articles/2.html</link><guid>a2</guid>
  <pubDate>Fri, 08 Mar 2024 11:00:00 +0000</pubDate><description>Quatorze interpellations.</description></item>
<item><title>Réservé</title><link>{base}/private/3.html</link><guid>a3</guid></item>
</channel></rss>"""


@dataclass
class Site:
    """A tiny web site on 127.0.0.1: path → (status, content type, body, delay); requests are logged."""

    pages: dict[str, tuple[int, str, bytes, float]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    base: str = ""


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            status, kind, body, delay = state.pages.get(self.path, (404, "text/plain", b"not found", 0.0))
            if delay:
                time.sleep(delay)
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", body.decode())
                body = b""
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    state.pages.update({
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n", 0.0),
        "/feed.xml": (200, "application/rss+xml", rss(state.base).encode(), 0.0),
        "/articles/2.html": (200, "text/html; charset=utf-8", PAGE.encode(), 0.0),
        "/private/3.html": (200, "text/html", PAGE.encode(), 0.0),
        "/old": (302, "text/plain", b"/articles/2.html", 0.0),
        "/big.html": (200, "text/html", b"<html>" + b"x" * 5000 + b"</html>", 0.0),
        "/slow.html": (200, "text/html", PAGE.encode(), 2.0),
    })
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def loopback(**fetch: object) -> Settings:
    """Settings for this test's server: loopback allowed explicitly, no politeness delay."""
    return Settings(fetch=FetchSettings(allow_private=True, delay=0.0, **fetch))  # type: ignore[arg-type]


def test_ingest_feed_from_local_server(store: Store, site: Site) -> None:
    settings = loopback()
    report = ingest([f"{site.base}/feed.xml"], store, settings, runner=ScriptedRunner())
    assert (report.stats["stored"], report.stats["rejected"]) == (2, 1)
    fetched = [path for path, _ in site.requests]
    assert fetched == ["/robots.txt", "/feed.xml", "/articles/2.html"]  # entry 1 carries its text; 3 is disallowed
    assert all(agent == settings.fetch.user_agent for _, agent in site.requests)
    types = sorted(e.type for e in store.list_events().items)
    assert types == ["ARREST", "PROTEST"]
    arrest = store.list_events().items[[e.type for e in store.list_events().items].index("ARREST")]
    assert arrest.articles[0].url == f"{site.base}/articles/2.html"
    assert arrest.articles[0].source == "Fil local" and arrest.articles[0].title == "Arrestations à Nantes"
    (refused,) = store.list_rejected().items
    assert refused.code == "fetch_refused" and "robots.txt" in refused.message
    site.requests.clear()
    again = ingest([f"{site.base}/feed.xml"], store, settings, runner=ScriptedRunner())
    assert again.stats["stored"] == 0 and again.stats["urls_skipped"] == 3
    assert [path for path, _ in site.requests] == ["/robots.txt", "/feed.xml"]  # no article fetched again


def test_ingest_private_address_refused_by_default(store: Store, site: Site) -> None:
    settings = Settings(fetch=FetchSettings(delay=0.0))
    report = ingest([f"{site.base}/feed.xml"], store, settings, runner=ScriptedRunner())
    assert report.stats["rejected"] == 1 and site.requests == []
    (refused,) = store.list_rejected().items
    assert refused.code == "fetch_refused" and "fetch.allow_private" in refused.message


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost:8080/x", "http://10.1.2.3/feed",
                                 "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"])
def test_fetch_refuses_private_addresses(url: str) -> None:
    with Fetcher(FetchSettings()) as fetcher, pytest.raises(FetchRefusedError, match="allow_private"):
        fetcher.get(url)


@pytest.mark.parametrize(("address", "expected"), [
    ("8.8.8.8", True), ("2a00:1450:4007:80f::200e", True), ("127.0.0.1", False), ("10.0.0.1", False),
    ("172.16.5.4", False), ("100.64.0.1", False), ("fe80::1", False), ("224.0.0.1", False),
])
def test_public_addresses(address: str, expected: bool) -> None:
    assert public(address) is expected


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd"])
def test_fetch_refuses_other_schemes(url: str) -> None:
    with Fetcher(FetchSettings()) as fetcher, pytest.raises(FetchRefusedError, match="http"):
        fetcher.get(url)


def test_fetch_follows_redirects_and_enforces_limits(site: Site) -> None:
    with Fetcher(loopback().fetch) as fetcher:
        page = fetcher.get(f"{site.base}/old")
        assert page.url.endswith("/articles/2.html") and b"Nantes" in page.body
        with pytest.raises(FetchError, match="server answered 404"):
            fetcher.get(f"{site.base}/missing")
    with Fetcher(loopback(max_bytes=1000).fetch) as fetcher, pytest.raises(FetchError, match="max_bytes"):
        fetcher.get(f"{site.base}/big.html")
    with Fetcher(loopback(timeout=0.3).fetch) as fetcher, pytest.raises(FetchError, match="no answer within"):
        fetcher.get(f"{site.base}/slow.html")
    with Fetcher(loopback(max_redirects=0).fetch) as fetcher, pytest.raises(FetchError, match="redirects"):
        fetcher.get(f"{site.base}/old")


def test_fetch_robots_can_be_turned_off(site: Site) -> None:
    with Fetcher(loopback(robots=False).fetch) as fetcher:
        assert b"Nantes" in fetcher.get(f"{site.base}/private/3.html").body
    assert "/robots.txt" not in [path for path, _ in site.requests]


def test_ingest_article_url(store: Store, site: Site) -> None:
    report = ingest([f"{site.base}/articles/2.html"], store, loopback(), runner=ScriptedRunner())
    assert report.stats["stored"] == 1
    (event,) = store.list_events().items
    assert event.type == "ARREST" and event.counts["arrested"].value == 14


def test_feed_helpers() -> None:
    assert looks_like_feed(b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b"<html>", "application/atom+xml; charset=utf-8")
    assert not looks_like_feed(b"<!doctype html><html><body>")
    entries = parse_feed(rss("http://x").encode(), url="http://x/feed.xml")
    assert [e.link for e in entries] == [f"http://x/{p}" for p in ("articles/1.html", "articles/2.html",
                                                                   "private/3.html")]
    assert entries[0].published is not None and entries[0].published.start.isoformat() == "2024-03-08"
    assert html_text("<p>Un <b>deux</b></p><p>trois</p><script>x()</script>") == "Un deux\n\ntrois"
