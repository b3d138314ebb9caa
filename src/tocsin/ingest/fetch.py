"""Fetching pages and feeds politely and safely: timeouts, size limits, robots.txt, no private addresses."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError, FetchRefusedError
from ..settings import FetchSettings

ROBOTS_AGENT = "tocsin"  # the product token robots.txt rules name


class HttpStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body read within the limits, with the URL it finally came from."""

    url: str
    status: int
    content_type: str
    body: bytes


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise FetchError(f"cannot resolve host {host!r} ({err.strerror}): check the URL") from None
    return sorted({str(info[4][0]) for info in infos})


def public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local, reserved…)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast


class Fetcher:
    """Fetches http(s) URLs under `fetch` settings; one per ingest run (it caches robots.txt per host)."""

    def __init__(self, settings: FetchSettings, *, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._robots: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, url: str) -> None:
        """Raise FetchRefusedError unless `url` is http(s) on a host tocsin may reach."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefusedError(f"{url}: only http and https URLs are fetched")
        if not parts.hostname:
            raise FetchRefusedError(f"{url}: the URL names no host")
        if self.settings.allow_private:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for address in _addresses(parts.hostname, port):
            if not public(address):
                raise FetchRefusedError(
                    f"{url}: {parts.hostname} is a private, loopback or link-local address ({address}); "
                    f"tocsin does not fetch from such addresses unless fetch.allow_private is true")

    def get(self, url: str, *, robots: bool = True) -> Fetched:
        """The body at `url`, following redirects (each one checked); raises FetchError or FetchRefusedError."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            self.check(current)
            if robots and self.settings.robots and not self.allowed(current):
                raise FetchRefusedError(f"{current}: robots.txt disallows it for {ROBOTS_AGENT!r} "
                                        f"(set fetch.robots: false only for sites you may read)")
            self._wait(current)
            try:
                with self._client.stream("GET", current) as response:
                    self._check_peer(current, response)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{current}: redirect without a location")
                        current = urljoin(current, location)
                        continue
                    body = self._read(current, response)
                    if response.status_code >= 400:
                        raise HttpStatusError(f"{current}: the server answered {response.status_code}",
                                              response.status_code)
                    return Fetched(str(response.url), response.status_code,
                                   response.headers.get("content-type", ""), body)
            except httpx.TimeoutException:
                raise FetchError(f"{current}: no answer within {self.settings.timeout:g} s "
                                 f"(fetch.timeout)") from None
            except httpx.HTTPError as err:
                raise FetchError(f"{current}: {type(err).__name__}: {err}") from None
        raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects (fetch.max_redirects)")

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        # The name was checked before connecting; the address actually connected to is checked too,
        # so that a name that changes its answer between the two (DNS rebinding) gains nothing.
        if self.settings.allow_private:
            return
        stream: Any = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer and not public(str(peer[0])):
            raise FetchRefusedError(f"{url}: connected to private address {peer[0]}; refused "
                                    f"(fetch.allow_private is false)")

    def _read(self, url: str, response: httpx.Response) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url}: {declared} bytes, more than fetch.max_bytes ({limit})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url}: larger than fetch.max_bytes ({limit}); raise it to read this page")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            last = self._last.get(host)
            now = time.monotonic()
            pause = 0.0 if last is None else self.settings.delay - (now - last)
            self._last[host] = now + max(0.0, pause)
        if pause > 0:
            time.sleep(pause)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets tocsin fetch `url` (RFC 9309: none or 4xx: yes; 5xx or unreachable: no)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(root)
        if rules is None:
            rules = self._load_robots(root)
            self._robots[root] = rules
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | bool:
        try:
            fetched = self.get(f"{root}/robots.txt", robots=False)
        except HttpStatusError as err:
            return err.status < 500
        except FetchRefusedError:
            raise
        except FetchError:
            return False
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser
