"""Agents built from sitemaps: a loopback site really crawled, any other host never contacted."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.demo.conftest import wait_for
from tests.demo.sites import Site, ask, pages_of, serve_site, wait_indexed

OG = (
    '<meta property="og:title" content="Zebra care guide">'
    '<meta property="og:description" content="How the zoo feeds its zebras">'
    '<meta property="og:image" content="http://127.0.0.1/zebra.png">'
    '<meta property="og:url" content="https://zoo.example/zebras">'
    '<meta property="og:site_name" content="City Zoo">'
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with serve_site(tmp_path) as served:
        yield served


def create(http: httpx.Client, name: str, sitemap: str) -> dict:
    made = http.post("/api/v1/projects", json={"project_name": name, "sitemap_path": sitemap})
    assert made.status_code == 201, made.text
    return made.json()["data"]


def test_a_loopback_sitemap_is_crawled_and_answers_cite_its_pages(http, site: Site) -> None:
    zebras = site.page(
        "zebras.html",
        "ignored because og:title wins",
        "<script>var secret = 'quokka';</script><style>p{color:red}</style>"
        "<h1>Feeding zebras</h1><p>Zebras graze on meadow hay twice a day.</p>"
        "<h2>Water</h2><p>Fresh water troughs are scrubbed every morning.</p>",
        head=OG,
    )
    otters = site.page("otters.html", "Otter pool", "<p>Otters juggle pebbles.</p>")
    agent = create(http, "Zoo", site.sitemap([zebras, otters]))
    assert wait_indexed(http, agent["id"])["is_chat_active"] is True

    pages = {page["page_url"]: page for page in pages_of(http, agent["id"])}
    assert set(pages) == {zebras, otters}
    assert all(p["crawl_status"] == p["index_status"] == "ok" for p in pages.values())
    zebra_id = pages[zebras]["id"]
    meta = http.get(f"/api/v1/projects/{agent['id']}/pages/{zebra_id}/metadata").json()["data"]
    assert meta["page_id"] == zebra_id and meta["id"] != zebra_id
    assert meta["title"] == "Zebra care guide"
    assert meta["description"] == "How the zoo feeds its zebras"
    assert (meta["image"], meta["url"]) == (
        "http://127.0.0.1/zebra.png",
        "https://zoo.example/zebras",
    )
    other = http.get(f"/api/v1/projects/{agent['id']}/pages/{pages[otters]['id']}/metadata")
    assert other.json()["data"]["title"] == "Otter pool"  # <title> when there is no og:title

    answer = ask(http, agent["id"], "What hay do zebras graze on?")
    assert answer["citations"] == [zebra_id]
    assert "meadow hay" in answer["openai_response"]
    card = http.get(f"/api/v1/projects/{agent['id']}/citations/{zebra_id}").json()["data"]
    assert card["title"] == "Zebra care guide" and card["id"] == zebra_id
    quokka = ask(http, agent["id"], "Where is the secret quokka variable?")
    assert quokka["citations"] == []  # script text is not the page's text


def test_pages_without_closing_tags_and_pages_elsewhere(http, site: Site) -> None:
    """A page that never closes its <head> still has its body read; a page a loopback
    sitemap lists on another host fails without being fetched."""
    (site.root / "sloppy.html").write_text(
        "<html><head><title>Sloppy</title><body><p>Newts breathe through their skin.",
        encoding="utf-8",
    )
    elsewhere = "http://newts.example.invalid/page.html"
    agent = create(http, "Sloppy", site.sitemap([site.url("sloppy.html"), elsewhere]))
    wait_indexed(http, agent["id"])
    pages = {page["page_url"]: page for page in pages_of(http, agent["id"])}
    assert pages[site.url("sloppy.html")]["index_status"] == "ok"
    assert pages[elsewhere]["failure_reason"] == (
        "Only hosts on this machine are crawled by the stand-in: newts.example.invalid"
    )
    answer = ask(http, agent["id"], "How do newts breathe?")
    assert answer["citations"] == [pages[site.url("sloppy.html")]["id"]]


def test_a_sitemap_index_is_followed_one_level(http, site: Site) -> None:
    first = site.page("a.html", "Alpha", "<p>Alpacas hum softly.</p>")
    second = site.page("b.html", "Beta", "<p>Badgers dig setts.</p>")
    part_one = site.sitemap([first], "one.xml")
    part_two = site.sitemap([second], "two.xml")
    (site.root / "index.xml").write_text(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{part_one}</loc></sitemap><sitemap><loc>{part_two}</loc></sitemap>"
        "</sitemapindex>"
    )
    agent = create(http, "Index", site.url("index.xml"))
    wait_indexed(http, agent["id"])
    assert {page["page_url"] for page in pages_of(http, agent["id"])} == {first, second}


def test_missing_and_non_html_pages_fail_with_the_reason(http, site: Site) -> None:
    good = site.page("good.html", "Good", "<p>Geckos climb glass.</p>")
    (site.root / "data.json").write_text('{"not": "html"}')
    agent = create(
        http, "Mixed", site.sitemap([good, site.url("gone.html"), site.url("data.json")])
    )
    assert wait_indexed(http, agent["id"])["is_chat_active"] is True
    failed = {p["page_url"]: p for p in pages_of(http, agent["id"], crawl_status="failed")}
    assert set(failed) == {site.url("gone.html"), site.url("data.json")}
    assert "404" in failed[site.url("gone.html")]["failure_reason"]
    assert "Not an HTML page" in failed[site.url("data.json")]["failure_reason"]
    assert all(p["index_status"] == "failed" for p in failed.values())
    [ok] = pages_of(http, agent["id"], index_status="ok")
    assert ok["page_url"] == good and ok["failure_reason"] is None
    stats = http.get(f"/api/v1/projects/{agent['id']}/stats").json()["data"]
    assert (stats["pages_found"], stats["pages_crawled"], stats["pages_indexed"]) == (3, 1, 1)


def test_an_unreadable_loopback_sitemap_gets_one_failed_page(http, site: Site) -> None:
    agent = create(http, "Nothing", site.url("no-sitemap.xml"))
    assert wait_indexed(http, agent["id"])["is_chat_active"] is False
    [page] = pages_of(http, agent["id"])
    assert page["page_url"] == site.url("no-sitemap.xml")
    assert page["crawl_status"] == "failed" and "404" in page["failure_reason"]


def test_an_empty_sitemap_gets_one_failed_page_saying_so(http, site: Site) -> None:
    """Without it the agent would have no page at all, and never be done indexing."""
    empty = site.sitemap([], name="empty.xml")
    agent = create(http, "Empty", empty)
    assert wait_indexed(http, agent["id"])["is_chat_active"] is False
    [page] = pages_of(http, agent["id"])
    assert page["page_url"] == empty and page["crawl_status"] == "failed"
    assert page["failure_reason"] == f"The sitemap {empty} lists no pages"


def test_another_host_is_never_contacted(http, monkeypatch) -> None:
    """The sitemap's host is never looked up nor connected to: its pages fail with why."""
    looked_up: list[object] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def spy_getaddrinfo(host, *args, **kwargs):
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def spy_connect(self, address):
        looked_up.append(address[0] if isinstance(address, tuple) else address)
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", spy_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", spy_connect)
    sitemap = "https://docs.example.invalid/sitemap.xml"
    agent = create(http, "Far away", sitemap)
    assert wait_indexed(http, agent["id"])["is_chat_active"] is False
    [page] = pages_of(http, agent["id"])
    assert page["page_url"] == sitemap
    assert (page["crawl_status"], page["index_status"]) == ("failed", "failed")
    assert page["failure_reason"] == (
        "Only hosts on this machine are crawled by the stand-in: docs.example.invalid"
    )
    assert not [host for host in looked_up if "example.invalid" in str(host)]
    assert looked_up, "the spies saw the test's own requests, so they were in place"
    stats = http.get(f"/api/v1/projects/{agent['id']}/stats").json()["data"]
    assert (stats["pages_found"], stats["pages_indexed"]) == (1, 0)


def test_instant_sync_adds_new_pages_and_removes_gone_ones(http, site: Site, demo_server) -> None:
    first = site.page("one.html", "One", "<p>Ostriches run fast.</p>")
    sitemap = site.sitemap([first])
    agent = create(http, "Growing", sitemap)
    wait_indexed(http, agent["id"])
    [source] = http.get(f"/api/v1/projects/{agent['id']}/sources").json()["data"]["sitemaps"]
    path = f"/api/v1/projects/{agent['id']}/sources/{source['id']}"
    assert http.put(path, json={"remove_unexist_pages": True}).status_code == 201
    refused = http.put(f"{path}/instant-sync")
    assert refused.status_code == 403
    assert refused.json()["data"]["message"].startswith("Next instant sync will be available in ")
    second = site.page("two.html", "Two", "<p>Pelicans scoop fish.</p>")
    site.sitemap([second])
    demo_server.state.instant_sync_wait = 0
    synced = http.put(f"{path}/instant-sync")
    assert synced.status_code == 201 and synced.json()["data"]["id"] == source["id"]

    def only_the_new_page_indexed() -> bool:
        pages = pages_of(http, agent["id"])
        return [(p["page_url"], p["index_status"]) for p in pages] == [(second, "ok")]

    assert wait_for(only_the_new_page_indexed, 10)
    assert ask(http, agent["id"], "What do pelicans scoop?")["citations"] != []
