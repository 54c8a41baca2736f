"""The command line of the workshop commands, as argparse reads it (no server needed)."""

from __future__ import annotations

import pytest

from cgpt_tui.cli.main import build_parser
from cgpt_tui.cli.settings_cmd import KNOWN_KEYS, parse_changes
from cgpt_tui.cli.workshop_common import CommandFailed


def parse(*argv: str):
    return build_parser().parse_args(list(argv))


def test_pages_alone_lists_and_with_an_action_acts() -> None:
    listing = parse("pages", "--agent", "3")
    assert (listing.command, listing.agent, listing.pages_action) == ("pages", 3, None)
    assert listing.status is None and listing.json is False
    filtered = parse("pages", "--agent", "3", "--status", "n/a", "--json")
    assert (filtered.status, filtered.json) == ("n/a", True)
    reindex = parse("pages", "reindex", "--agent", "3", "12")
    assert (reindex.pages_action, reindex.agent, reindex.page_id) == ("reindex", 3, 12)
    # --agent before the action word is kept, not reset by the action's own default.
    delete = parse("pages", "--agent", "4", "delete", "13", "--json")
    assert (delete.pages_action, delete.agent, delete.page_id, delete.json) == (
        "delete",
        4,
        13,
        True,
    )


def test_pages_refuses_an_unknown_status_or_action(capsys) -> None:
    with pytest.raises(SystemExit) as refused:
        parse("pages", "--agent", "3", "--status", "done")
    assert refused.value.code == 2
    with pytest.raises(SystemExit):
        parse("pages", "--agent", "3", "12")  # a bare id is not an action
    assert "invalid choice" in capsys.readouterr().err


def test_agents_create_takes_a_sitemap_or_files_not_both(capsys) -> None:
    files = parse("agents", "create", "Docs", "--file", "a.md", "--file", "b.pdf", "--wait")
    assert (files.name, files.files, files.sitemap, files.wait) == (
        "Docs",
        ["a.md", "b.pdf"],
        None,
        True,
    )
    site = parse("agents", "create", "Site", "--sitemap", "http://127.0.0.1:9/s.xml", "--json")
    assert (site.sitemap, site.files, site.json, site.wait) == (
        "http://127.0.0.1:9/s.xml",
        None,
        True,
        False,
    )
    for wrong in (
        ("agents", "create", "X"),
        ("agents", "create", "X", "--sitemap", "u", "--file", "f"),
    ):
        with pytest.raises(SystemExit) as refused:
            parse(*wrong)
        assert refused.value.code == 2


def test_agents_update_shared_and_not_shared_exclude_each_other() -> None:
    assert parse("agents", "update", "5", "--shared").is_shared is True
    assert parse("agents", "update", "5", "--not-shared").is_shared is False
    renamed = parse("agents", "update", "5", "--name", "New")
    assert (renamed.agent_id, renamed.name, renamed.is_shared) == (5, "New", None)
    with pytest.raises(SystemExit):
        parse("agents", "update", "5", "--shared", "--not-shared")


def test_every_workshop_command_takes_json_and_the_common_options() -> None:
    for argv in (
        ("agents", "list"),
        ("agents", "replicate", "1"),
        ("agents", "delete", "1", "--yes"),
        ("sources", "list", "--agent", "1"),
        ("sources", "add", "--agent", "1", "--sitemap", "u"),
        ("sources", "sync", "--agent", "1", "2"),
        ("sources", "delete", "--agent", "1", "2"),
        ("pages", "--agent", "1"),
        ("pages", "reindex", "--agent", "1", "2"),
        ("settings", "--agent", "1"),
    ):
        args = parse(*argv, "--json", "--profile", "work")
        assert args.json is True and args.profile == "work", argv


def test_sources_need_an_agent() -> None:
    with pytest.raises(SystemExit):
        parse("sources", "list")


def test_settings_pairs_are_read_by_the_kind_of_each_key() -> None:
    changes = parse_changes(
        [
            "persona_instructions=Be brief = kind",
            "example_questions=What is it?| How much? |",
            "markdown_enabled=no",
            "enable_inline_citations_api=1",
            "enable_citations=3",
        ]
    )
    assert changes.values == {
        "persona_instructions": "Be brief = kind",  # split at the first = only
        "example_questions": ["What is it?", "How much?"],
        "markdown_enabled": False,
        "enable_inline_citations_api": True,
        "enable_citations": 3,
    }
    listed = parse_changes(['example_questions=["a|b", "c"]'])
    assert listed.values == {"example_questions": ["a|b", "c"]}


@pytest.mark.parametrize(
    ("pair", "says"),
    [
        ("persona=x", "unknown setting 'persona'"),
        ("markdown_enabled=maybe", "true or false"),
        ("enable_citations=two", "whole number"),
        ("example_questions=[1, 2]", "list of strings"),
        ("example_questions=[oops", "not a JSON list"),
        ("no_equals_sign", "expected KEY=VALUE"),
        ("chat_bot_avatar=/no/such/file.png", "is not a file"),
    ],
)
def test_a_bad_pair_is_a_usage_error(pair: str, says: str) -> None:
    with pytest.raises(CommandFailed) as failed:
        parse_changes(["persona_instructions=x", pair])
    assert failed.value.code == 2
    assert says in failed.value.message


def test_an_unknown_key_lists_the_known_ones() -> None:
    with pytest.raises(CommandFailed) as failed:
        parse_changes(["colour=red"])
    for key in ("persona_instructions", "example_questions", "chatbot_model"):
        assert key in KNOWN_KEYS and key in failed.value.message
