"""Creating, updating, replicating and deleting agents; the indexing lifecycle."""

from __future__ import annotations

import time

import httpx

from tests.demo.conftest import LUMEN, NORTHWIND, new_conversation
from tests.demo.sites import ask, pages_of, wait_indexed

NOTE = (
    "notes.md",
    b"# Notes\n\n## Herons\n\nHerons stand still for hours to fish.\n",
    "text/markdown",
)


def create(http: httpx.Client, name: str = "Notes", **fields: str) -> httpx.Response:
    return http.post(
        "/api/v1/projects", data={"project_name": name, **fields}, files={"file": NOTE}
    )


def error_message(response: httpx.Response) -> str:
    return response.json()["data"]["message"]


def test_create_refuses_what_the_notes_say(http, demo_server) -> None:
    no_name = http.post("/api/v1/projects", json={"sitemap_path": "http://127.0.0.1/s.xml"})
    assert no_name.status_code == 400 and error_message(no_name) == "Agent name can't be empty"
    blank = http.post("/api/v1/projects", json={"project_name": "  ", "sitemap_path": "x"})
    assert error_message(blank) == "Agent name can't be empty"
    nothing = http.post("/api/v1/projects", json={"project_name": "Empty"})
    assert nothing.status_code == 400 and error_message(nothing) == "Sitemap path can't be empty"
    form = http.post("/api/v1/projects", data={"project_name": "Empty"})
    assert error_message(form) == "Sitemap path can't be empty"
    demo_server.state.limits["max_projects_num"] = 4  # three seeded agents
    assert create(http).status_code == 201
    full = create(http, "One too many")
    assert full.status_code == 400 and error_message(full) == "You have reached your agent limit"
    usage = http.get("/api/v1/limits/usage").json()["data"]
    assert (usage["current_projects_num"], usage["max_projects_num"]) == (4, 4)


def test_a_new_agent_goes_null_then_false_then_true(http, demo_server) -> None:
    demo_server.index_pace = 0.4
    made = create(http)
    assert made.status_code == 201
    agent = made.json()["data"]
    assert agent["is_chat_active"] is None and agent["sitemap_path"] is None
    assert agent["type"] == "SITEMAP"
    settings = http.get(f"/api/v1/projects/{agent['id']}/settings").json()["data"]
    assert settings["default_prompt"] == "Ask Me Anything ..."
    assert settings["example_questions"] is None
    seen: list[tuple[object, str, str]] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        active = http.get(f"/api/v1/projects/{agent['id']}").json()["data"]["is_chat_active"]
        [page] = pages_of(http, agent["id"])
        state = (active, page["crawl_status"], page["index_status"])
        if not seen or seen[-1] != state:
            seen.append(state)
        if active:
            break
        time.sleep(0.02)
    assert seen[-1] == (True, "ok", "ok")
    assert (False, "queued", "queued") in seen  # indexing: not active, the page queued
    assert (False, "ok", "queued") in seen  # crawled, then indexed half a pace later
    assert seen.index((False, "queued", "queued")) < seen.index((False, "ok", "queued"))


def test_update_renames_shares_and_adds_content(http) -> None:
    agent = create(http).json()["data"]
    assert agent["is_shared"] is False and agent["shareable_link"] is None
    path = f"/api/v1/projects/{agent['id']}"
    shared = http.post(path, json={"project_name": "Herons", "is_shared": True}).json()["data"]
    assert shared["project_name"] == "Herons" and shared["is_shared"] is True
    for field in ("shareable_slug", "shareable_link", "embed_code", "live_chat_code"):
        assert shared[field], field
    assert shared["shareable_slug"] in shared["shareable_link"]
    unshared = http.post(path, data={"is_shared": "false"}).json()["data"]
    assert unshared["is_shared"] is False and unshared["project_name"] == "Herons"
    assert [unshared[f] for f in ("shareable_slug", "embed_code", "live_chat_code")] == [None] * 3
    assert http.post(path, json={"project_name": ""}).status_code == 400
    assert http.post(path, json={"are_licenses_allowed": True}).json()["data"][
        "are_licenses_allowed"
    ]
    added = http.post(path, files={"file": ("owl.txt", b"Owls turn heads far round.\n")})
    assert added.status_code == 200
    wait_indexed(http, agent["id"])
    assert sorted(p["filename"] for p in pages_of(http, agent["id"])) == ["notes.md", "owl.txt"]
    assert http.post("/api/v1/projects/999999", json={"project_name": "x"}).status_code == 404


def test_delete_removes_the_agent_and_its_conversations(http, demo_server) -> None:
    session = new_conversation(http, NORTHWIND)
    deleted = http.delete(f"/api/v1/projects/{NORTHWIND}")
    assert deleted.status_code == 200 and deleted.json()["data"] == {"deleted": True}
    gone = http.get(f"/api/v1/projects/{NORTHWIND}/conversations/{session}/messages")
    assert gone.status_code == 404
    assert error_message(gone) == f"Agent with id {NORTHWIND} not found"
    assert NORTHWIND not in demo_server.state.agents
    assert http.delete(f"/api/v1/projects/{NORTHWIND}").status_code == 404


def test_replicate_copies_settings_and_pages_not_conversations(http) -> None:
    copy = http.post(f"/api/v1/projects/{LUMEN}/replicate")
    assert copy.status_code == 201
    twin = copy.json()["data"]
    assert twin["id"] != LUMEN and twin["project_name"].startswith("Lumen X100 Manual")
    assert wait_indexed(http, twin["id"])["is_chat_active"] is True
    original = http.get(f"/api/v1/projects/{LUMEN}/settings").json()["data"]
    copied = http.get(f"/api/v1/projects/{twin['id']}/settings").json()["data"]
    assert copied == original
    old_pages, new_pages = pages_of(http, LUMEN), pages_of(http, twin["id"])
    assert sorted(p["filename"] for p in new_pages) == sorted(p["filename"] for p in old_pages)
    assert not {p["id"] for p in new_pages} & {p["id"] for p in old_pages}
    assert all(p["index_status"] == "ok" and p["project_id"] == twin["id"] for p in new_pages)
    conversations = http.get(f"/api/v1/projects/{twin['id']}/conversations").json()["data"]
    assert conversations["total"] == 0
    answer = ask(http, twin["id"], "How long does the battery last?")
    assert answer["citations"] and set(answer["citations"]) <= {p["id"] for p in new_pages}


def test_replicating_an_uploaded_agent_copies_its_files(http) -> None:
    agent = create(http).json()["data"]
    wait_indexed(http, agent["id"])
    twin = http.post(f"/api/v1/projects/{agent['id']}/replicate").json()["data"]
    wait_indexed(http, twin["id"])
    [page] = pages_of(http, twin["id"])
    assert page["page_url"].endswith(f"/api/v1/preview/{page['id']}")
    assert page["s3_path"] == f"project-{twin['id']}/page-{page['id']}/notes.md"
    assert http.get(page["page_url"]).content == NOTE[1]
    http.delete(f"/api/v1/projects/{agent['id']}")
    assert http.get(page["page_url"]).content == NOTE[1]  # the copy's own file


def test_unknown_agents_are_404_everywhere(http) -> None:
    for method, path in (
        ("GET", "/api/v1/projects/424242/pages"),
        ("GET", "/api/v1/projects/424242/sources"),
        ("POST", "/api/v1/projects/424242/replicate"),
        ("DELETE", "/api/v1/projects/424242"),
        ("GET", "/api/v1/projects/424242/stats"),
    ):
        answer = http.request(method, path)
        assert answer.status_code == 404, path
        assert error_message(answer) == "Agent with id 424242 not found"
