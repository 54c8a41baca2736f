"""Crawling sitemaps and pages, on this machine only.

The stand-in fetches a URL only when its host is a loopback address (127.0.0.0/8, ::1) or
`localhost`, decided from the URL's text before any request (no DNS lookup of other names).
Redirects are not followed (one could lead elsewhere) and proxies from the environment are
ignored (a proxy is another host). Every other URL is refused with CrawlError, whose message
becomes the page's failure_reason.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit
from xml.etree import ElementTree

import httpx

from cgpt_tui.demo.extract import Extracted, ExtractError, html_page

TIMEOUT = 10.0
MAX_PAGES = 5_000  # URLs taken from one sitemap
MAX_BODY = 20 * 1024 * 1024  # bytes read of one sitemap or page


class CrawlError(Exception):
    """Why a sitemap or page could not be crawled, in words."""


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def is_loopback(url: str) -> bool:
    host = host_of(url).rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_reachable(url: str) -> None:
    """Raise CrawlError unless `url` is an http(s) URL on this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CrawlError(f"Not a web address the stand-in can crawl: {url}")
    if not is_loopback(url):
        raise CrawlError(
            f"Only hosts on this machine are crawled by the stand-in: {parts.hostname}"
        )


def client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False, trust_env=False)


def _get(http: httpx.Client, url: str) -> tuple[str, bytes, str]:
    """(content type, body, text encoding) of a 200 answer; CrawlError otherwise."""
    check_reachable(url)  # before any request, every time
    try:
        with http.stream("GET", url) as response:
            if response.is_redirect:
                target = response.headers.get("location", "")
                raise CrawlError(f"{url} redirects to {target}; redirects are not followed")
            if response.status_code != 200:
                raise CrawlError(f"{url} answered HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BODY:
                    raise CrawlError(f"{url} is bigger than the stand-in reads")
            content_type = response.headers.get("content-type", "")
            encoding = response.charset_encoding or "utf-8"
    except httpx.HTTPError as problem:
        raise CrawlError(f"Could not fetch {url}: {problem or type(problem).__name__}") from None
    return content_type, bytes(body), encoding


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _locs(root: ElementTree.Element, parent: str) -> list[str]:
    found = []
    for node in root:
        if _local(node.tag) == parent:
            for child in node:
                if _local(child.tag) == "loc" and child.text and child.text.strip():
                    found.append(child.text.strip())
    return found


def _parse(body: bytes, url: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise CrawlError(f"{url} is not a sitemap (not XML)") from None


def sitemap_urls(http: httpx.Client, url: str) -> list[str]:
    """The page URLs of a sitemap (`<urlset>`), or of the sitemaps a `<sitemapindex>` lists
    (one level). A listed sitemap that cannot be read is skipped; CrawlError when the sitemap
    itself cannot be read."""
    root = _parse(_get(http, url)[1], url)
    kind = _local(root.tag)
    if kind == "urlset":
        urls = _locs(root, "url")
    elif kind == "sitemapindex":
        urls = []
        for child_url in _locs(root, "sitemap"):
            try:
                child = _parse(_get(http, child_url)[1], child_url)
            except CrawlError:
                continue
            if _local(child.tag) == "urlset":
                urls.extend(_locs(child, "url"))
    else:
        raise CrawlError(f"{url} is not a sitemap (no <urlset> or <sitemapindex>)")
    return list(dict.fromkeys(urls))[:MAX_PAGES]


def fetch_page(http: httpx.Client, url: str) -> Extracted:
    """The page's title, Open Graph data and visible text; CrawlError / ExtractError."""
    content_type, body, encoding = _get(http, url)
    if "html" not in content_type.lower():
        raise CrawlError(f"Not an HTML page ({content_type or 'no content type'}): {url}")
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    found = html_page(text)
    if not found.sections:
        raise ExtractError(f"No text found on {url}")
    return found
