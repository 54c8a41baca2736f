"""`cgpt-tui sources …` and `cgpt-tui pages …` against the stand-in (index pace 0)."""

from __future__ import annotations

import json

from tests.cli.workshop_run import cli, documents, first_row, server, site

__all__ = ["documents", "server", "site"]  # fixtures


def make_agent(server, tmp_path, *content: str) -> str:
    made = cli(server, tmp_path, "agents", "create", "Harbour", *content, "--wait")
    assert made.returncode == 0, made.stderr
    return first_row(made.stdout)[0]


def test_pages_lists_alone_and_acts_with_reindex_or_delete(server, tmp_path, documents) -> None:
    agent = make_agent(server, tmp_path, "--file", str(documents[0]), "--file", str(documents[1]))
    listed = cli(server, tmp_path, "pages", "--agent", agent)
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["ID", "CRAWL", "INDEX", "PAGE", "REASON"]
    by_name = {row.split()[3]: row.split()[0] for row in rows}
    assert set(by_name) == {"returns.md", "shipping.txt"}

    reindexed = cli(server, tmp_path, "pages", "reindex", "--agent", agent, by_name["returns.md"])
    assert reindexed.returncode == 0, reindexed.stderr
    assert "queued to be indexed again" in reindexed.stdout
    # --agent may also come before the action word; --json on the action too.
    deleted = cli(
        server, tmp_path, "pages", "--agent", agent, "delete", by_name["shipping.txt"], "--json"
    )
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(deleted.stdout) == {
        "deleted": True,
        "agent_id": int(agent),
        "id": int(by_name["shipping.txt"]),
    }
    left = json.loads(cli(server, tmp_path, "pages", "--agent", agent, "--json").stdout)
    assert [page["filename"] for page in left] == ["returns.md"]
    gone = cli(server, tmp_path, "pages", "delete", "--agent", agent, by_name["shipping.txt"])
    assert gone.returncode == 1 and "not found" in gone.stderr
    no_agent = cli(server, tmp_path, "pages", "--status", "ok")
    assert no_agent.returncode == 2 and "needs --agent" in no_agent.stderr


def test_pages_walks_every_page_of_a_big_agent(server, tmp_path, documents) -> None:
    """More pages than one request brings (100): all are listed, each once."""
    agent = make_agent(server, tmp_path, *(f"--file={documents[0]}",) * 130)
    pages = json.loads(cli(server, tmp_path, "pages", "--agent", agent, "--json").stdout)
    assert len(pages) == 130 and len({page["id"] for page in pages}) == 130
    ok = cli(server, tmp_path, "pages", "--agent", agent, "--status", "ok")
    assert len(ok.stdout.splitlines()) == 1 + 130


def test_sources_list_add_sync_and_delete(server, tmp_path, documents, site) -> None:
    agent = make_agent(server, tmp_path, "--sitemap", site)
    listed = json.loads(cli(server, tmp_path, "sources", "list", "--agent", agent, "--json").stdout)
    (sitemap,) = listed["sitemaps"]
    assert sitemap["settings"]["sitemap_path"] == site and len(sitemap["pages"]) == 2

    added = cli(server, tmp_path, "sources", "add", "--agent", agent, "--file", str(documents[0]))
    assert added.returncode == 0, added.stderr
    assert first_row(added.stdout)[1:4] == ["upload", "1", "returns.md"]
    table = cli(server, tmp_path, "sources", "list", "--agent", agent).stdout
    header, *rows = table.splitlines()
    assert header.split() == ["ID", "TYPE", "PAGES", "WHAT", "REFRESH", "CREATED"]
    assert sorted((row.split()[1], row.split()[3]) for row in rows) == [
        ("sitemap", site),
        ("upload", "returns.md"),
    ]

    server.state.instant_sync_wait = 0.0  # creating it counted as a sync
    synced = cli(server, tmp_path, "sources", "sync", "--agent", agent, str(sitemap["id"]))
    assert synced.returncode == 0, synced.stderr
    assert first_row(synced.stdout)[:2] == [str(sitemap["id"]), "sitemap"]
    server.state.instant_sync_wait = 60.0
    too_soon = cli(server, tmp_path, "sources", "sync", "--agent", agent, str(sitemap["id"]))
    assert too_soon.returncode == 1
    assert too_soon.stderr.startswith("cgpt-tui: 127.0.0.1:")
    assert "refused: Next instant sync will be available in " in too_soon.stderr

    refused = cli(server, tmp_path, "sources", "delete", "--agent", agent, str(sitemap["id"]))
    assert refused.returncode == 2 and "add --yes" in refused.stderr
    deleted = cli(
        server, tmp_path, "sources", "delete", "--agent", agent, str(sitemap["id"]), "--yes"
    )
    assert deleted.returncode == 0, deleted.stderr
    assert f"Deleted sitemap source {sitemap['id']}" in deleted.stdout
    after = json.loads(cli(server, tmp_path, "sources", "list", "--agent", agent, "--json").stdout)
    assert after["sitemaps"] == [] and after["uploads"]["pages"][0]["filename"] == "returns.md"
    unknown = cli(server, tmp_path, "sources", "delete", "--agent", agent, "999", "--yes")
    assert unknown.returncode == 1 and "has no source 999" in unknown.stderr


def test_hostile_page_text_is_cleaned_in_the_table(server, tmp_path, documents) -> None:
    evil = documents[0].with_name("evil\x1b[2Jname\u202etxt.md")
    evil.write_text("Some text to index.\n", encoding="utf-8")
    made = cli(server, tmp_path, "agents", "create", "Evil", "--file", str(evil))
    assert made.returncode == 0, made.stderr
    agent = first_row(made.stdout)[0]
    listed = cli(server, tmp_path, "pages", "--agent", agent)
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    assert first_row(listed.stdout)[3] == "evilnametxt.md"
