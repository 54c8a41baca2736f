"""An agent's pages (list, filters, delete, reindex, metadata) and sources (CRUD)."""

from __future__ import annotations

import httpx
import pytest

from tests.demo.conftest import ACME, NORTHWIND, wait_for
from tests.demo.sites import ask, pages_of, wait_indexed

PAGES = f"/api/v1/projects/{NORTHWIND}/pages"


def message(response: httpx.Response) -> str:
    return response.json()["data"]["message"]


def test_seeded_agents_have_their_documents_as_indexed_pages(http) -> None:
    answer = http.get(PAGES).json()["data"]
    assert answer["project"]["id"] == NORTHWIND
    pages = answer["pages"]
    assert pages["total"] == 6 and pages["per_page"] == 20
    ids = [page["id"] for page in pages["data"]]
    assert ids == sorted(range(9001, 9007), reverse=True)  # desc by default
    assert all(p["crawl_status"] == p["index_status"] == "ok" for p in pages["data"])
    assert all(len(p["page_url_hash"]) == 32 for p in pages["data"])
    stats = http.get(f"/api/v1/projects/{NORTHWIND}/stats").json()["data"]
    assert (stats["pages_found"], stats["pages_indexed"]) == (6, 6)
    assert stats["total_words_indexed"] > 100


def test_pages_filter_limit_and_order(http) -> None:
    first = http.get(PAGES, params={"limit": 4, "order": "asc"}).json()["data"]["pages"]
    assert [p["id"] for p in first["data"]] == [9001, 9002, 9003, 9004]
    assert first["last_page"] == 2 and first["next_page_url"].endswith("?page=2")
    second = http.get(PAGES, params={"limit": 4, "order": "asc", "page": 2}).json()["data"]
    assert [p["id"] for p in second["pages"]["data"]] == [9005, 9006]
    assert http.get(PAGES, params={"index_status": "failed"}).json()["data"]["pages"]["total"] == 0
    assert http.get(PAGES, params={"crawl_status": "ok"}).json()["data"]["pages"]["total"] == 6
    for params in (
        {"index_status": "done"},
        {"crawl_status": "OK"},
        {"limit": "x"},
        {"order": "up"},
    ):
        refused = http.get(PAGES, params=params)
        assert refused.status_code == 400, params
    assert http.get(PAGES, params={"limit": 0}).status_code == 400


def test_a_deleted_page_is_no_longer_cited(http) -> None:
    question = "How do I reset my password?"
    assert 9001 in ask(http, NORTHWIND, question)["citations"]
    deleted = http.delete(f"{PAGES}/9001")
    assert deleted.status_code == 200 and deleted.json()["data"] == {"deleted": True}
    assert 9001 not in ask(http, NORTHWIND, question)["citations"]
    assert http.get(f"/api/v1/projects/{NORTHWIND}/citations/9001").status_code == 404
    missing = http.delete(f"{PAGES}/9001")
    assert missing.status_code == 404 and message(missing) == "Page with id 9001 not found"


def test_reindex_queues_the_page_again_and_it_comes_back(http, demo_server) -> None:
    demo_server.index_pace = 0.3
    answer = http.post(f"{PAGES}/9002/reindex")
    assert answer.status_code == 200 and answer.json()["data"] == {"updated": True}
    queued = pages_of(http, NORTHWIND, index_status="queued")
    assert [page["id"] for page in queued] == [9002]
    demo_server.index_pace = 0
    assert wait_for(lambda: not pages_of(http, NORTHWIND, index_status="queued"), 5)
    assert wait_indexed(http, NORTHWIND)["is_chat_active"] is True
    assert 9002 in ask(http, NORTHWIND, "How do I turn on two-factor authentication?")["citations"]
    assert http.post(f"{PAGES}/777/reindex").status_code == 404


def test_reindexing_an_inactive_seeded_agent_keeps_it_inactive(http) -> None:
    assert http.post(f"/api/v1/projects/{ACME}/pages/9201/reindex").status_code == 200
    wait_indexed(http, ACME)
    assert http.get(f"/api/v1/projects/{ACME}").json()["data"]["is_chat_active"] is False


def test_page_metadata_is_read_edited_and_shown_on_the_citation_card(http) -> None:
    path = f"{PAGES}/9003/metadata"
    meta = http.get(path).json()["data"]
    assert meta["page_id"] == 9003 and meta["id"] != 9003
    assert meta["title"] == "Plans, invoices and refunds"
    changed = http.put(path, json={"title": "Pricing", "description": "What it costs"})
    assert changed.status_code == 200
    data = changed.json()["data"]
    assert (data["title"], data["description"]) == ("Pricing", "What it costs")
    assert data["url"] == meta["url"] and data["image"] == meta["image"]  # not named: kept
    card = http.get(f"/api/v1/projects/{NORTHWIND}/citations/9003").json()["data"]
    assert (card["title"], card["description"]) == ("Pricing", "What it costs")
    assert http.get(path).json()["data"]["title"] == "Pricing"


@pytest.mark.parametrize(
    ("field", "most"), [("title", 255), ("url", 2000), ("description", 500), ("image", 2000)]
)
def test_page_metadata_limits(http, field: str, most: int) -> None:
    path = f"{PAGES}/9004/metadata"
    assert http.put(path, json={field: "a" * most}).status_code == 200
    refused = http.put(path, json={field: "a" * (most + 1)})
    assert refused.status_code == 400
    assert message(refused) == f"The {field} field must not be greater than {most} characters."
    assert http.get(path).json()["data"][field] == "a" * most  # nothing changed


def test_sources_list_add_update_and_delete(http) -> None:
    base = f"/api/v1/projects/{NORTHWIND}/sources"
    listed = http.get(base).json()["data"]
    [sitemap] = listed["sitemaps"]
    assert sitemap["type"] == "sitemap" and len(sitemap["pages"]) == 6
    assert sitemap["settings"]["sitemap_path"] == "https://help.northwind.example/sitemap.xml"
    assert set(sitemap["settings"]) == {
        "executive_js",
        "data_refresh_frequency",
        "create_new_pages",
        "remove_unexist_pages",
        "refresh_existing_pages",
        "sitemap_path",
    }
    assert listed["uploads"]["type"] == "upload" and listed["uploads"]["pages"] == []

    added = http.post(base, json={"sitemap_path": "https://elsewhere.example/sitemap.xml"})
    assert added.status_code == 201
    new = added.json()["data"]
    schedule = [{"days": [1, 3, 5], "hours": ["08:00", "23:59"]}]
    updated = http.put(
        f"{base}/{new['id']}",
        json={"data_refresh_frequency": "advanced", "refresh_schedule": schedule},
    )
    assert updated.status_code == 201
    body = updated.json()["data"]
    assert body["settings"]["data_refresh_frequency"] == "advanced"
    assert body["refresh_schedule"] == schedule
    assert body["settings"]["create_new_pages"] is True  # not named: kept
    for bad in (
        {"data_refresh_frequency": "hourly"},
        {"refresh_existing_pages": "sometimes"},
        {"refresh_schedule": [{"days": [7], "hours": ["08:00"]}]},
        {"refresh_schedule": [{"days": [1], "hours": ["8am"]}]},
        {"refresh_schedule": "daily"},
        {"executive_js": "maybe"},
    ):
        assert http.put(f"{base}/{new['id']}", json=bad).status_code == 400, bad
    assert wait_for(lambda: len(pages_of(http, NORTHWIND)) == 7, 5)  # its failed page
    deleted = http.delete(f"{base}/{new['id']}")
    assert deleted.status_code == 200 and deleted.json()["data"] == {"deleted": True}
    assert len(pages_of(http, NORTHWIND)) == 6
    assert len(http.get(base).json()["data"]["sitemaps"]) == 1


def test_deleting_a_source_removes_its_pages(http) -> None:
    base = f"/api/v1/projects/{NORTHWIND}/sources"
    [sitemap] = http.get(base).json()["data"]["sitemaps"]
    assert http.delete(f"{base}/{sitemap['id']}").status_code == 200
    assert pages_of(http, NORTHWIND) == []
    assert ask(http, NORTHWIND, "How do I reset my password?")["citations"] == []


def test_source_errors(http, demo_server) -> None:
    base = f"/api/v1/projects/{NORTHWIND}/sources"
    missing = http.put(f"{base}/999999", json={})
    assert missing.status_code == 404
    assert message(missing) == "Agent source with id 999999 not found"
    assert http.delete(f"{base}/999999").status_code == 404
    assert message(http.post(base, json={})) == "Sitemap path can't be empty"
    uploads = http.get(base).json()["data"]["uploads"]
    assert http.put(f"{base}/{uploads['id']}/instant-sync").status_code == 403
    [sitemap] = http.get(base).json()["data"]["sitemaps"]
    first = http.put(f"{base}/{sitemap['id']}/instant-sync")
    assert first.status_code == 201
    again = http.put(f"{base}/{sitemap['id']}/instant-sync")
    assert again.status_code == 403
    seconds = int(message(again).removeprefix("Next instant sync will be available in ").split()[0])
    assert 0 < seconds <= 60


def test_bulk_pages_for_benchmarks(http, demo_server) -> None:
    ids = demo_server.state.add_bulk_pages(NORTHWIND, 250)
    assert len(ids) == 250 and len(set(ids)) == 250
    failed = http.get(PAGES, params={"index_status": "failed", "limit": 100}).json()["data"]
    assert failed["pages"]["total"] == 25 and failed["pages"]["last_page"] == 1
    assert all(p["failure_reason"] for p in failed["pages"]["data"])
    stats = http.get(f"/api/v1/projects/{NORTHWIND}/stats").json()["data"]
    assert (stats["pages_found"], stats["pages_indexed"]) == (256, 231)
    assert http.get(PAGES, params={"index_status": "queued"}).json()["data"]["pages"]["total"] == 0
