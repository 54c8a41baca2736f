"""`cgpt-tui agents …` as a script would use it, against the stand-in (index pace 0)."""

from __future__ import annotations

import json
import subprocess

from cgpt_tui.history.store import HistoryStore
from tests.cli.workshop_run import cli, cli_env, command, documents, first_row, server, site

__all__ = ["documents", "server", "site"]  # fixtures


def test_create_from_files_waits_until_active_and_prints_the_id_first(
    server, tmp_path, documents
) -> None:
    before = set(server.state.agents)
    done = cli(
        server,
        tmp_path,
        "agents",
        "create",
        "Harbour docs",
        "--file",
        str(documents[0]),
        "--file",
        str(documents[1]),
        "--wait",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # a pipe shows no progress, only the result
    (new_id,) = set(server.state.agents) - before
    assert first_row(done.stdout)[:4] == [str(new_id), "Harbour", "docs", "active"]
    # The second file was added as an upload source: both are pages, indexed.
    pages = json.loads(cli(server, tmp_path, "pages", "--agent", str(new_id), "--json").stdout)
    assert sorted((p["filename"], p["index_status"]) for p in pages) == [
        ("returns.md", "ok"),
        ("shipping.txt", "ok"),
    ]
    listed = json.loads(cli(server, tmp_path, "agents", "list", "--json").stdout)
    assert {"id": new_id, "name": "Harbour docs"}.items() <= next(
        agent for agent in listed if agent["id"] == new_id
    ).items()
    assert server.api_key not in done.stdout + done.stderr


def test_create_without_wait_prints_the_new_agent_as_json(server, tmp_path, documents) -> None:
    done = cli(server, tmp_path, "agents", "create", "Quick", "--file", str(documents[0]), "--json")
    assert done.returncode == 0, done.stderr
    agent = json.loads(done.stdout)
    assert agent["name"] == "Quick" and agent["id"] in server.state.agents


def test_a_sitemap_on_another_host_fails_and_wait_says_why(server, tmp_path) -> None:
    done = cli(
        server,
        tmp_path,
        "agents",
        "create",
        "Far",
        "--sitemap",
        "https://example.com/map.xml",
        "--wait",
    )
    assert done.returncode == 1
    row = first_row(done.stdout)  # the agent exists: its id is printed all the same
    assert int(row[0]) in server.state.agents and "failed" in row
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("cgpt-tui: indexing failed: 1 page of agent ")
    assert lines[1:] == [
        "  https://example.com/map.xml: "
        "Only hosts on this machine are crawled by the stand-in: example.com"
    ]


def test_a_loopback_sitemap_is_crawled_and_its_pages_listed(server, tmp_path, site) -> None:
    done = cli(server, tmp_path, "agents", "create", "Harbour site", "--sitemap", site, "--wait")
    assert done.returncode == 0, done.stderr
    agent_id = first_row(done.stdout)[0]
    pages = cli(server, tmp_path, "pages", "--agent", agent_id, "--status", "ok")
    assert pages.returncode == 0, pages.stderr
    rows = [line.split() for line in pages.stdout.splitlines()[1:]]
    assert sorted(row[3].rsplit("/", 1)[1] for row in rows) == ["ferry.html", "tides.html"]
    assert all(row[1:3] == ["ok", "ok"] for row in rows)
    failed = cli(server, tmp_path, "pages", "--agent", agent_id, "--status", "failed")
    assert failed.stdout.splitlines() == ["ID  CRAWL  INDEX  PAGE  REASON"]


def test_create_refuses_a_missing_file_before_asking_the_server(server, tmp_path) -> None:
    before = set(server.state.agents)
    done = cli(server, tmp_path, "agents", "create", "X", "--file", str(tmp_path / "nope.pdf"))
    assert done.returncode == 2
    assert "cannot upload" in done.stderr and "no such file" in done.stderr
    assert set(server.state.agents) == before


def test_update_replicate_and_delete(server, tmp_path, documents) -> None:
    made = cli(server, tmp_path, "agents", "create", "Old", "--file", str(documents[0]), "--wait")
    agent_id = first_row(made.stdout)[0]
    renamed = cli(server, tmp_path, "agents", "update", agent_id, "--name", "New", "--shared")
    assert renamed.returncode == 0, renamed.stderr
    assert first_row(renamed.stdout)[:2] == [agent_id, "New"]
    assert (
        json.loads(
            cli(server, tmp_path, "agents", "update", agent_id, "--not-shared", "--json").stdout
        )["is_shared"]
        is False
    )
    nothing = cli(server, tmp_path, "agents", "update", agent_id)
    assert nothing.returncode == 2 and "nothing to change" in nothing.stderr

    copy = json.loads(cli(server, tmp_path, "agents", "replicate", agent_id, "--json").stdout)
    assert copy["id"] != int(agent_id) and copy["id"] in server.state.agents

    refused = cli(server, tmp_path, "agents", "delete", agent_id)  # a pipe, without --yes
    assert refused.returncode == 2
    assert "add --yes" in refused.stderr and int(agent_id) in server.state.agents
    deleted = cli(server, tmp_path, "agents", "delete", agent_id, "--yes", "--json")
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(deleted.stdout) == {"deleted": True, "id": int(agent_id), "name": "New"}
    assert int(agent_id) not in server.state.agents
    again = cli(server, tmp_path, "agents", "delete", agent_id, "--yes")
    assert again.returncode == 1 and f"Agent with id {agent_id} not found" in again.stderr


def test_wait_succeeds_when_some_pages_fail_and_names_them(server, tmp_path, documents) -> None:
    broken = tmp_path / "docs" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    done = cli(
        server,
        tmp_path,
        "agents",
        "create",
        "Mixed",
        "--file",
        str(documents[0]),
        "--file",
        str(broken),
        "--wait",
    )
    assert done.returncode == 0, done.stderr
    assert first_row(done.stdout)[2] == "active"
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("cgpt-tui: 1 page of agent ") and lines[0].endswith(" failed:")
    assert len(lines) == 2 and lines[1].startswith("  broken.pdf: ")
    assert len(lines[1]) > len("  broken.pdf: ") + 5  # the stand-in's reason, in words


def test_an_unreachable_server_is_one_line_and_exit_1(server, tmp_path) -> None:
    done = subprocess.run(
        [*command(server, "agents", "list")[:-1], "http://127.0.0.1:9"],
        env=cli_env(server, tmp_path, server.api_key),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("cgpt-tui: Cannot reach http://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1


def test_delete_forgets_the_agent_in_the_history_cache_too(server, tmp_path, documents) -> None:
    made = cli(
        server, tmp_path, "agents", "create", "Cached", "--file", str(documents[0]), "--wait"
    )
    agent_id = int(first_row(made.stdout)[0])
    synced = cli(server, tmp_path, "sync")
    assert synced.returncode == 0, synced.stderr
    (cache,) = (tmp_path / "data").rglob("*.sqlite3")
    with HistoryStore(cache) as store:
        assert store.agent(agent_id) is not None and store.agent(103) is not None
    deleted = cli(server, tmp_path, "agents", "delete", str(agent_id), "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stderr == ""
    with HistoryStore(cache) as store:
        assert store.agent(agent_id) is None
        assert store.agent(103) is not None  # the others stay


def test_a_file_not_added_is_named_and_the_agent_still_printed(server, tmp_path, documents) -> None:
    server.faults.fail_next(1, status=400, message="The file is too large.", path="/sources")
    done = cli(
        server,
        tmp_path,
        "agents",
        "create",
        "Partly",
        "--file",
        str(documents[0]),
        "--file",
        str(documents[1]),
        "--file",
        str(documents[0]),
    )
    assert done.returncode == 1
    agent_id = int(first_row(done.stdout)[0])
    assert agent_id in server.state.agents
    assert done.stderr.strip().splitlines() == [
        f"cgpt-tui: agent {agent_id} was created, but not with {documents[1]}: "
        "The file is too large."
    ]
    pages = json.loads(cli(server, tmp_path, "pages", "--agent", str(agent_id), "--json").stdout)
    assert sorted(page["filename"] for page in pages) == ["returns.md", "returns.md"]
