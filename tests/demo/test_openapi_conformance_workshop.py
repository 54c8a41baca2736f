"""Every stand-in response of the workshop operations validates against the vendor's schemas:
agents create/update/delete/replicate and stats, pages, page metadata, sources, settings
update, plugins, licences and the user update, and the five reports.

How the description is read (and its bugs interpreted) is in openapi_checker.py.
"""

from __future__ import annotations

import httpx

from .conftest import LUMEN, NORTHWIND, wait_for
from .openapi_checker import REPORTS, Checker
from .sites import serve_site, wait_indexed

P = "/api/v1/projects"
A = f"{P}/{{projectId}}"
PAGE = f"{A}/pages/{{pageId}}"
SOURCE = f"{A}/sources/{{sourceId}}"
LICENSE = f"{A}/licenses/{{licenseId}}"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
OG = '<meta property="og:title" content="Heron notes"><meta property="og:image" content="/h.png">'
NOTES = b"# Field notes\n\nThe heron nests by the north pond from March to June.\n"

AGENT_OPERATIONS = frozenset(
    {
        ("post", P),
        ("get", A),
        ("post", A),
        ("delete", A),
        ("post", f"{A}/replicate"),
        ("get", f"{A}/stats"),
    }
)
PAGE_OPERATIONS = frozenset(
    {
        ("get", f"{A}/pages"),
        ("delete", PAGE),
        ("post", f"{PAGE}/reindex"),
        ("get", f"{PAGE}/metadata"),
        ("put", f"{PAGE}/metadata"),
    }
)
SOURCE_OPERATIONS = frozenset(
    {
        ("get", f"{A}/sources"),
        ("post", f"{A}/sources"),
        ("put", SOURCE),
        ("delete", SOURCE),
        ("put", f"{SOURCE}/instant-sync"),
    }
)
EXTRA_OPERATIONS = frozenset(
    {
        ("post", f"{A}/settings"),
        ("get", f"{A}/plugins"),
        ("post", f"{A}/plugins"),
        ("put", f"{A}/plugins"),
        ("get", f"{A}/licenses"),
        ("post", f"{A}/licenses"),
        ("get", LICENSE),
        ("put", LICENSE),
        ("delete", LICENSE),
        ("post", "/api/v1/user"),
    }
)
WORKSHOP_OPERATIONS = AGENT_OPERATIONS | PAGE_OPERATIONS | SOURCE_OPERATIONS | EXTRA_OPERATIONS


def _created(check: Checker, response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return check("post", P, response)["data"]


def test_agents_created_updated_replicated_and_deleted(
    demo_server, http, check: Checker, tmp_path
) -> None:
    with serve_site(tmp_path) as site:
        heron = site.page("heron.html", "Herons", "<p>The heron nests by the north pond.</p>", OG)
        sitemap = site.sitemap([heron, site.url("missing.html")])
        from_sitemap = http.post(P, json={"project_name": "Spec sitemap", "sitemap_path": sitemap})
        sitemap_agent = _created(check, from_sitemap)
        from_file = http.post(
            P,
            data={"project_name": "Spec file", "file_data_retension": "true"},
            files={"file": ("notes.md", NOTES, "text/markdown")},
        )
        file_agent = _created(check, from_file)
        for agent in (sitemap_agent, file_agent):
            check("get", A, http.get(f"{P}/{agent['id']}"))  # at once: null or indexing
            check("get", f"{A}/settings", http.get(f"{P}/{agent['id']}/settings"))  # new: nulls
            wait_indexed(http, agent["id"])
            check("get", A, http.get(f"{P}/{agent['id']}"))  # indexed
            check("get", f"{A}/stats", http.get(f"{P}/{agent['id']}/stats"))
            pages = _pages(http, check, agent["id"])
            assert {page["index_status"] for page in pages} <= {"ok", "failed"}
            for page in pages:
                metadata = http.get(f"{P}/{agent['id']}/pages/{page['id']}/metadata")
                check("get", f"{PAGE}/metadata", metadata)
    renamed = http.post(f"{P}/{file_agent['id']}", json={"project_name": "Spec, renamed"})
    assert check("post", A, renamed)["data"]["project_name"] == "Spec, renamed"
    shared = http.post(f"{P}/{file_agent['id']}", data={"is_shared": "true"})
    assert check("post", A, shared)["data"]["is_shared"] is True
    replica = http.post(f"{P}/{file_agent['id']}/replicate")
    assert replica.status_code == 201
    copy = check("post", f"{A}/replicate", replica)["data"]
    assert copy["id"] not in (file_agent["id"], sitemap_agent["id"])
    for agent in (copy, sitemap_agent):
        assert check("delete", A, http.delete(f"{P}/{agent['id']}"))["data"]["deleted"] is True

    check("post", P, http.post(P, json={"project_name": ""}))  # 400 Agent name can't be empty
    check("post", P, http.post(P, json={"project_name": "No content"}))  # 400 Sitemap path ...
    check("post", A, http.post(f"{P}/4242", json={"project_name": "x"}))  # 404
    check("delete", A, http.delete(f"{P}/4242"))  # 404
    check("delete", A, http.delete(f"{P}/{sitemap_agent['id']}"))  # 404: already gone
    check("get", f"{A}/stats", http.get(f"{P}/{copy['id']}/stats"))  # 404
    check("post", f"{A}/replicate", http.post(f"{P}/{copy['id']}/replicate"))  # 404
    demo_server.state.limits["max_projects_num"] = len(demo_server.state.agents)
    full = http.post(P, json={"project_name": "One too many", "sitemap_path": sitemap})
    assert check("post", P, full)["data"]["message"] == "You have reached your agent limit"
    refused_copy = http.post(f"{P}/{file_agent['id']}/replicate")
    assert check("post", f"{A}/replicate", refused_copy)["data"]["code"] == 400
    read_too = {("get", f"{A}/settings"), ("get", f"{A}/pages"), ("get", f"{PAGE}/metadata")}
    assert check.operations == AGENT_OPERATIONS | read_too
    assert {status for *_, status in check.checked} == {200, 201, 400, 404}


def _pages(http: httpx.Client, check: Checker, agent_id: int, **params) -> list[dict]:
    body = check("get", f"{A}/pages", http.get(f"{P}/{agent_id}/pages", params=params))
    return body["data"]["pages"]["data"]


def test_pages_and_their_metadata(http, check: Checker) -> None:
    pages = _pages(http, check, NORTHWIND)
    assert pages, "the seeded agent has pages"
    _pages(http, check, NORTHWIND, page=2, limit=2, order="asc")
    _pages(http, check, NORTHWIND, crawl_status="ok", index_status="all")
    assert _pages(http, check, NORTHWIND, index_status="failed") == []
    _pages(http, check, LUMEN)  # uploaded files: page_url is the preview
    page_id = pages[0]["id"]
    page = f"{P}/{NORTHWIND}/pages/{page_id}"
    check("get", f"{PAGE}/metadata", http.get(f"{page}/metadata"))
    changed = http.put(f"{page}/metadata", json={"title": "Spec title", "description": "Spec"})
    assert check("put", f"{PAGE}/metadata", changed)["data"]["title"] == "Spec title"
    reindexed = http.post(f"{page}/reindex")
    assert check("post", f"{PAGE}/reindex", reindexed)["data"]["updated"] is True
    assert check("delete", PAGE, http.delete(page))["data"]["deleted"] is True

    check("get", f"{PAGE}/metadata", http.get(f"{page}/metadata"))  # 404 Page with id N ...
    check("put", f"{PAGE}/metadata", http.put(f"{page}/metadata", json={"title": "x"}))  # 404
    check("delete", PAGE, http.delete(page), any_message=True)  # 404, an unknown page
    check("get", f"{A}/pages", http.get(f"{P}/4242/pages"))  # 404
    check("get", f"{A}/pages", http.get(f"{P}/{NORTHWIND}/pages", params={"page": "x"}))  # 400
    long_title = http.put(
        f"{P}/{NORTHWIND}/pages/{pages[1]['id']}/metadata", json={"title": "x" * 256}
    )
    check("put", f"{PAGE}/metadata", long_title)  # 400
    unkept = _created(
        check,
        http.post(
            P,
            data={"project_name": "Spec unkept", "file_data_retension": "false"},
            files={"file": ("notes.md", NOTES, "text/markdown")},
        ),
    )
    assert wait_for(lambda: _indexed(http, unkept["id"]), timeout=10)
    unkept_page = _pages(http, check, unkept["id"])[0]["id"]
    cannot = http.post(f"{P}/{unkept['id']}/pages/{unkept_page}/reindex")
    assert cannot.status_code == 403
    check("post", f"{PAGE}/reindex", cannot)  # the file is gone: it cannot be read again
    assert check.operations == PAGE_OPERATIONS | {("post", P)}
    assert {status for *_, status in check.checked} == {200, 201, 400, 403, 404}


def _indexed(http: httpx.Client, agent_id: int) -> bool:
    queued = http.get(f"{P}/{agent_id}/pages", params={"index_status": "queued"})
    return queued.json()["data"]["pages"]["total"] == 0


def test_sources(demo_server, http, check: Checker) -> None:
    listing = check("get", f"{A}/sources", http.get(f"{P}/{NORTHWIND}/sources"))["data"]
    assert isinstance(listing["sitemaps"], list)
    check("get", f"{A}/sources", http.get(f"{P}/{LUMEN}/sources"))
    check("get", f"{A}/sources", http.get(f"{P}/4242/sources"))  # 404
    sitemap = http.post(
        f"{P}/{NORTHWIND}/sources", json={"sitemap_path": "https://example.com/sitemap.xml"}
    )
    assert sitemap.status_code == 201
    source = check("post", f"{A}/sources", sitemap)["data"]
    upload = http.post(
        f"{P}/{NORTHWIND}/sources", files={"file": ("notes.md", NOTES, "text/markdown")}
    )
    assert upload.status_code == 201
    check("post", f"{A}/sources", upload)
    one = f"{P}/{NORTHWIND}/sources/{source['id']}"
    changes = {
        "data_refresh_frequency": "advanced",
        "refresh_existing_pages": "if_updated",
        "create_new_pages": True,
        "refresh_schedule": [{"days": [0, 3], "hours": ["09:00", "17:30"]}],
    }
    updated = check("put", SOURCE, http.put(one, json=changes))["data"]
    assert updated["settings"]["data_refresh_frequency"] == "advanced"
    demo_server.state.instant_sync_wait = 0.0  # creating it counted as a sync
    synced = http.put(f"{one}/instant-sync")
    assert synced.status_code == 201, synced.text
    demo_server.state.instant_sync_wait = 60.0
    check("put", f"{SOURCE}/instant-sync", synced)
    again = http.put(f"{one}/instant-sync")
    assert again.status_code == 403  # Next instant sync will be available in N seconds
    check("put", f"{SOURCE}/instant-sync", again)
    upload_id = upload.json()["data"]["id"]
    not_a_sitemap = http.put(f"{P}/{NORTHWIND}/sources/{upload_id}/instant-sync")
    assert not_a_sitemap.status_code == 403
    check("put", f"{SOURCE}/instant-sync", not_a_sitemap)  # Agent source can't be synced
    assert check("delete", SOURCE, http.delete(one))["data"]["deleted"] is True

    check("put", SOURCE, http.put(one, json=changes))  # 404 Agent source with id N not found
    check("put", f"{SOURCE}/instant-sync", http.put(f"{one}/instant-sync"))  # 404
    check("delete", SOURCE, http.delete(one), any_message=True)  # 404, an unknown source
    check("post", f"{A}/sources", http.post(f"{P}/4242/sources", json={"sitemap_path": "x"}))
    check("post", f"{A}/sources", http.post(f"{P}/{NORTHWIND}/sources", json={}))  # 400
    bad = http.put(
        f"{P}/{NORTHWIND}/sources/{upload_id}",
        json={"data_refresh_frequency": "hourly"},
    )
    check("put", SOURCE, bad)  # 400
    assert check.operations == SOURCE_OPERATIONS


def test_settings_plugins_licences_and_the_user(demo_server, http, check: Checker) -> None:
    settings = f"{P}/{NORTHWIND}/settings"
    questions = {"example_questions[0]": (None, "One?"), "example_questions[1]": (None, "Two?")}
    multipart = http.post(settings, files={**questions, "chat_bot_avatar": ("a.png", PNG)})
    check("post", f"{A}/settings", multipart)
    check("post", f"{A}/settings", http.post(settings, json={"markdown_enabled": "false"}))
    check("get", f"{A}/settings", http.get(settings))  # what the updates left
    refused = http.post(settings, files={"chat_bot_avatar": ("a.png", b"text")})
    check("post", f"{A}/settings", refused)  # 400, an enum message
    wrong = http.post(settings, json={"response_source": "x"})
    check("post", f"{A}/settings", wrong, any_message=True)  # 400, a Laravel message

    plugins = f"{P}/{NORTHWIND}/plugins"
    check("get", f"{A}/plugins", http.get(plugins))  # 404 Plugin for agent with id N ...
    check("put", f"{A}/plugins", http.put(plugins, json={"is_active": True}))  # 404
    plugin = {"model_name": "M", "human_name": "H", "keywords": "k", "description": "d"}
    created = http.post(plugins, json=plugin)
    assert created.status_code == 201
    check("post", f"{A}/plugins", created)
    check("get", f"{A}/plugins", http.get(plugins))
    check("put", f"{A}/plugins", http.put(plugins, json={"is_active": True}))
    check("post", f"{A}/plugins", http.post(plugins, json=plugin))  # 400 already exists
    check("post", f"{A}/plugins", http.post(f"{P}/4242/plugins", json=plugin))  # 404

    licenses = f"{P}/{NORTHWIND}/licenses"
    check("get", f"{A}/licenses", http.get(licenses))  # empty
    made = http.post(licenses, json={"name": "Spec"})
    assert made.status_code == 201
    license_id = check("post", f"{A}/licenses", made)["data"]["license"]["id"]
    check("get", f"{A}/licenses", http.get(licenses))
    one = f"{licenses}/{license_id}"
    check("get", LICENSE, http.get(one))
    check("put", LICENSE, http.put(one, json={"name": "Spec, renamed"}))
    check("delete", LICENSE, http.delete(one))
    for method in ("get", "put", "delete"):
        missing = http.request(method.upper(), one, json={"name": "x"})
        assert check(method, LICENSE, missing)["data"]["code"] == 404
        check(method, LICENSE, http.request(method.upper(), f"{licenses}/x", json={"name": "x"}))
    check("post", f"{A}/licenses", http.post(licenses, json={}))  # 422
    for method, path, url in (
        ("post", f"{A}/settings", f"{P}/4242/settings"),
        ("get", f"{A}/licenses", f"{P}/4242/licenses"),
        ("post", f"{A}/licenses", f"{P}/4242/licenses"),
    ):
        unknown = http.request(method.upper(), url, json={"name": "x"})
        assert check(method, path, unknown)["data"]["message"] == "Agent with id 4242 not found"

    user = http.post(
        "/api/v1/user", files={"name": (None, "Spec"), "profile_photo": ("p.png", PNG)}
    )
    check("post", "/api/v1/user", user)
    check("post", "/api/v1/user", http.post("/api/v1/user", json={"name": "Spec 2"}))
    check("post", "/api/v1/user", http.post("/api/v1/user", json={"name": ""}))  # 422
    unauthorized = httpx.post(f"{demo_server.base_url}/api/v1/user", json={"name": "x"})
    check("post", "/api/v1/user", unauthorized)  # 401
    assert check.operations == EXTRA_OPERATIONS | {("get", f"{A}/settings")}
    assert {status for *_, status in check.checked} == {200, 201, 400, 401, 404, 422}


def test_the_five_reports(demo_server, http, check: Checker) -> None:
    reports = f"{A}/reports"
    every = {
        "traffic": ["sources"],
        "queries": ["total", "query_status"],
        "conversations": ["total", "average_queries_per_conversation"],
        "analysis": ["queries", "conversations", "queries_per_conversation"],
    }
    session = http.post(f"{P}/{NORTHWIND}/conversations", json={"name": "Spec"})
    path = f"{P}/{NORTHWIND}/conversations/{session.json()['data']['session_id']}/messages"
    http.post(path, json={"prompt": "Can I pay with bitcoin?"})  # failed
    http.post(
        f"{P}/{NORTHWIND}/chat/completions",
        json={"messages": [{"role": "user", "content": "What plans do you offer?"}]},
    )  # api-openai
    ranges = (
        {},
        {"start_date": "2026-10-01", "end_date": "2026-11-30"},
        {"start_date": "2030-01-01T00:00:00Z"},
    )
    for name, filters in every.items():
        for dates in ranges:
            for agent in (NORTHWIND, LUMEN):
                params = {"filters[]": filters, **dates}
                check(
                    "get",
                    f"{reports}/{name}",
                    http.get(f"{P}/{agent}/reports/{name}", params=params),
                )
    daily = {
        "filters": every["analysis"],
        "interval": "daily",
        "start_date": "2026-11-01",
        "end_date": "2026-11-30",
    }
    series = check(
        "get", f"{reports}/analysis", http.get(f"{P}/{NORTHWIND}/reports/analysis", params=daily)
    )
    assert any(
        isinstance(p["queries_number"], float) for p in series["data"]["queries_per_conversation"]
    )
    for page in (1, 2, 99):
        listing = http.get(
            f"{P}/{NORTHWIND}/reports/intelligence", params={"page": page, "limit": 50}
        )
        rows = check("get", f"{reports}/intelligence", listing)["data"]["data"]
        assert page == 99 or rows
    dated = {"start_date": "2026-11-01", "end_date": "2026-11-30T23:59:59Z"}
    check(
        "get",
        f"{reports}/intelligence",
        http.get(f"{P}/{LUMEN}/reports/intelligence", params=dated),
    )

    for name in every:
        url = f"{P}/{NORTHWIND}/reports/{name}"
        check("get", f"{reports}/{name}", http.get(url))  # 400 The filters field is required.
        check("get", f"{reports}/{name}", http.get(url, params={"filters": "x"}))  # 400
        bad_date = {"filters": every[name], "start_date": "soon"}
        check("get", f"{reports}/{name}", http.get(url, params=bad_date))  # 400
        unknown = http.get(f"{P}/4242/reports/{name}", params={"filters": every[name]})
        assert check("get", f"{reports}/{name}", unknown)["data"]["code"] == 404
    intelligence = f"{P}/{NORTHWIND}/reports/intelligence"
    check("get", f"{reports}/intelligence", http.get(intelligence, params={"limit": 101}))  # 400
    check("get", f"{reports}/intelligence", http.get(f"{P}/4242/reports/intelligence"))  # 404
    unauthorized = httpx.get(f"{demo_server.base_url}{intelligence}")
    check("get", f"{reports}/intelligence", unauthorized)  # 401
    demo_server.faults.fail_next(status=500, path="/reports/traffic")
    check("get", f"{reports}/traffic", http.get(f"{P}/{NORTHWIND}/reports/traffic"))  # 500
    assert check.operations == REPORTS
    assert {status for *_, status in check.checked} == {200, 400, 401, 404, 500}
