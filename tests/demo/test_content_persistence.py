"""`--data DIR`: a stand-in stopped and started again on the same folder has kept everything."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from cgpt_tui.demo.server import DemoServer
from tests.conftest import TEST_KEY
from tests.demo.conftest import ACME, LUMEN, NORTHWIND, wait_for
from tests.demo.sites import ask, pages_of, wait_indexed

NOTE = b"# Field notes\n\n## Puffins\n\nPuffins carry ten fish crosswise in their beaks.\n"


@contextmanager
def served(
    folder: Path | None, index_pace: float = 0.0
) -> Iterator[tuple[DemoServer, httpx.Client]]:
    with DemoServer(port=0, api_key=TEST_KEY, data_dir=folder, index_pace=index_pace) as server:
        headers = {"Authorization": f"Bearer {TEST_KEY}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as http:
            yield server, http


def test_everything_survives_a_restart(tmp_path: Path) -> None:
    with served(tmp_path) as (server, http):
        made = http.post(
            "/api/v1/projects",
            data={"project_name": "Seabirds"},
            files={"file": ("puffins.md", NOTE, "text/markdown")},
        )
        agent_id = made.json()["data"]["id"]
        wait_indexed(http, agent_id)
        [page] = pages_of(http, agent_id)
        first = ask(http, agent_id, "How many fish do puffins carry?")
        http.put(
            f"/api/v1/projects/{agent_id}/pages/{page['id']}/metadata", json={"title": "Puffins"}
        )
        http.post(f"/api/v1/projects/{NORTHWIND}", json={"project_name": "Northwind (renamed)"})
        http.delete(f"/api/v1/projects/{ACME}")
        [source] = http.get(f"/api/v1/projects/{LUMEN}/sources").json()["data"]["sitemaps"]
        schedule = [{"days": [0, 6], "hours": ["06:30"]}]
        http.put(
            f"/api/v1/projects/{LUMEN}/sources/{source['id']}", json={"refresh_schedule": schedule}
        )
        server.state.agents[agent_id].extras["plugin"] = {"human_name": "Birdie"}
        server.state.extras["note"] = [1, 2]
    assert (tmp_path / "state.json").exists()

    with served(tmp_path) as (server, http):
        agent = http.get(f"/api/v1/projects/{agent_id}").json()["data"]
        assert agent["project_name"] == "Seabirds" and agent["is_chat_active"] is True
        [again] = pages_of(http, agent_id)
        assert again["id"] == page["id"] and again["index_status"] == "ok"
        assert again["page_url"] == f"{server.base_url}/api/v1/preview/{page['id']}"  # new port
        assert http.get(again["page_url"]).content == NOTE
        card = http.get(f"/api/v1/projects/{agent_id}/citations/{page['id']}").json()["data"]
        assert card["title"] == "Puffins"
        conversations = http.get(f"/api/v1/projects/{agent_id}/conversations").json()["data"]
        session = conversations["data"][0]["session_id"]
        messages = http.get(f"/api/v1/projects/{agent_id}/conversations/{session}/messages")
        assert [m["id"] for m in messages.json()["data"]["messages"]["data"]] == [first["id"]]
        assert ask(http, agent_id, "How many fish do puffins carry?")["citations"] == [page["id"]]
        assert http.get(f"/api/v1/projects/{ACME}").status_code == 404
        northwind = http.get(f"/api/v1/projects/{NORTHWIND}").json()["data"]
        assert northwind["project_name"] == "Northwind (renamed)"
        assert 9001 in ask(http, NORTHWIND, "How do I reset my password?")["citations"]
        sources = http.get(f"/api/v1/projects/{LUMEN}/sources").json()["data"]["sitemaps"]
        assert sources[0]["refresh_schedule"] == schedule
        assert server.state.agents[agent_id].extras == {"plugin": {"human_name": "Birdie"}}
        assert server.state.extras["note"] == [1, 2]
        newer = http.post(
            "/api/v1/projects", json={"project_name": "N", "sitemap_path": "http://127.0.0.1:9/s"}
        )
        assert newer.json()["data"]["id"] > agent_id  # ids go on, never reused


def test_a_change_is_saved_within_a_second_without_a_stop(tmp_path: Path) -> None:
    with served(tmp_path) as (_, http):
        http.post(f"/api/v1/projects/{LUMEN}", json={"project_name": "Saved soon"})
        state_file = tmp_path / "state.json"
        assert wait_for(lambda: state_file.exists() and "Saved soon" in state_file.read_text(), 1.5)
        assert not list(tmp_path.glob(".state.json.*.tmp"))  # written aside, then replaced


def test_work_left_queued_at_stop_is_done_after_the_restart(tmp_path: Path) -> None:
    with served(tmp_path, index_pace=30) as (_, http):
        made = http.post(
            "/api/v1/projects",
            data={"project_name": "Slow"},
            files={"file": ("puffins.md", NOTE, "text/markdown")},
        )
        agent_id = made.json()["data"]["id"]
        assert pages_of(http, agent_id)[0]["index_status"] == "queued"
    with served(tmp_path) as (_, http):
        assert wait_indexed(http, agent_id)["is_chat_active"] is True
        assert pages_of(http, agent_id)[0]["index_status"] == "ok"


def test_a_damaged_state_file_is_set_aside_and_the_server_starts_afresh(
    tmp_path: Path, capsys
) -> None:
    (tmp_path / "state.json").write_text('{"version": 1, "agents": [')
    with served(tmp_path) as (_, http):
        assert http.get(f"/api/v1/projects/{ACME}").status_code == 200  # the seed again
    aside = list(tmp_path.glob("state.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"version": 1, "agents": ['
    err = capsys.readouterr().err
    assert "could not be read" in err and aside[0].name in err
    assert json.loads((tmp_path / "state.json").read_text())["version"] == 1


def test_without_a_folder_uploads_go_to_a_temporary_folder_removed_at_stop() -> None:
    with served(None) as (server, http):
        http.post(
            "/api/v1/projects",
            data={"project_name": "Temp"},
            files={"file": ("puffins.md", NOTE, "text/markdown")},
        )
        folder = server.state.files_dir
        assert wait_for(lambda: any(folder.iterdir()), 2)
    assert not folder.exists()


def _serve_demo(folder: Path) -> tuple[subprocess.Popen[str], str]:
    code = (
        "from cgpt_tui.cli.main import main; import sys; "
        f"sys.exit(main(['serve-demo', '--port', '0', '--api-key', 'k', '--index-pace', '0', "
        f"'--data', {str(folder)!r}]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    found = re.search(r"listening on (\S+) ", process.stdout.readline())
    assert found, "serve-demo did not announce itself"
    return process, found.group(1)


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    return err


def test_serve_demo_data_keeps_an_agent_across_runs(tmp_path: Path) -> None:
    headers = {"Authorization": "Bearer k"}
    process, base = _serve_demo(tmp_path)
    try:
        made = httpx.post(
            f"{base}/api/v1/projects",
            headers=headers,
            json={"project_name": "Kept", "sitemap_path": "http://127.0.0.1:9/sitemap.xml"},
        )
        agent_id = made.json()["data"]["id"]
    finally:
        assert _stop(process) == ""
    process, base = _serve_demo(tmp_path)
    try:
        agent = httpx.get(f"{base}/api/v1/projects/{agent_id}", headers=headers).json()["data"]
        assert agent["project_name"] == "Kept"
    finally:
        _stop(process)


def test_serve_demo_saves_on_sigterm_too(tmp_path: Path) -> None:
    process, base = _serve_demo(tmp_path)
    try:
        httpx.post(
            f"{base}/api/v1/projects/{LUMEN}",
            headers={"Authorization": "Bearer k"},
            json={"project_name": "Renamed before a TERM"},
        )
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    assert process.returncode == 0 and err == ""
    assert "Renamed before a TERM" in (tmp_path / "state.json").read_text()


def test_serve_demo_refuses_a_data_folder_it_cannot_make(tmp_path: Path, capsys) -> None:
    from cgpt_tui.cli.main import main

    taken = tmp_path / "a-file"
    taken.write_text("not a folder")
    assert main(["serve-demo", "--port", "0", "--data", str(taken)]) == 2
    assert capsys.readouterr().err == f"cgpt-tui serve-demo: --data {taken}: File exists\n"
