"""The plain tables and JSON of the workshop commands (no server needed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from rich.cells import cell_len

from cgpt_tui.api import Agent, AgentSettings
from cgpt_tui.cli.agents import agents_output
from cgpt_tui.cli.settings_cmd import settings_by_api_name, settings_output
from cgpt_tui.cli.tables import cell, table, to_json


def agent(agent_id: int, name: str, *, active: bool = True) -> Agent:
    return Agent.from_api(
        {
            "id": agent_id,
            "project_name": name,
            "is_chat_active": active,
            "created_at": "2026-11-30T10:20:30.000000Z",
            "is_shared": False,
        }
    )


def test_columns_line_up_by_drawn_width_and_the_last_is_not_padded() -> None:
    text = table(("ID", "NAME", "NOTE"), [(1, "短い名前", "x"), (22, "ab", None)])
    lines = text.splitlines()
    assert lines == [
        "ID  NAME      NOTE",
        "1   短い名前  x",  # four wide characters take eight cells
        "22  ab        -",
    ]
    assert text.endswith("\n") and not any(line.endswith(" ") for line in lines)


def test_server_text_is_cleaned_in_cells() -> None:
    hostile = "evil\x1b]52;c;aGk=\x07name\u202egpj.exe\nsecond line\x9b31m"
    shown = cell(hostile)
    assert shown == "evilnamegpj.exe second line"  # the OSC's payload goes with it
    assert cell("\u200b\u200b") == "-"  # draws nothing: the placeholder, not a blank cell
    assert cell(True) == "yes" and cell(("a", "b")) == "a | b"


def test_agents_table_starts_with_the_id_and_says_the_status() -> None:
    text = agents_output([agent(7, "Docs"), agent(12, "Site", active=False)], as_json=False)
    header, first, second = text.splitlines()
    assert header.split() == ["ID", "NAME", "STATUS", "SHARED", "CREATED"]
    assert first.split()[:3] == ["7", "Docs", "active"]
    assert second.split()[:4] == ["12", "Site", "not", "active"]
    overridden = agents_output([agent(12, "Site")], False, {12: "indexing failed"})
    assert "indexing failed" in overridden


def test_agents_json_is_the_records_with_iso_dates_and_clean_strings() -> None:
    document = json.loads(agents_output([agent(7, "Do\x1b[31mcs")], as_json=True))
    assert document[0]["id"] == 7 and document[0]["name"] == "Docs"
    assert document[0]["created_at"] == datetime(2026, 11, 30, 10, 20, 30, tzinfo=UTC).isoformat()
    assert json.loads(to_json({"k": ("a", None)})) == {"k": ["a", None]}


def test_settings_are_shown_under_the_api_names_keys_take() -> None:
    settings = AgentSettings.from_api(
        {
            "persona_instructions": "Be brief",
            "example_questions": ["One?", "Two?"],
            "chatbot_msg_lang": "de",
            "chatbot_siesta_msg": "Oops",
            "enable_citations": 2,
        }
    )
    named = settings_by_api_name(settings)
    assert named["chatbot_msg_lang"] == "de" and named["chatbot_siesta_msg"] == "Oops"
    assert "language" not in named and "error_message" not in named
    rows = dict(line.split(None, 1) for line in settings_output(settings, False).splitlines())
    assert rows["persona_instructions"] == "Be brief"
    assert rows["example_questions"] == "One? | Two?"
    assert rows["enable_citations"] == "2"
    assert json.loads(settings_output(settings, True))["example_questions"] == ["One?", "Two?"]


def test_on_a_narrow_terminal_the_widest_column_is_cut_not_wrapped() -> None:
    url = "https://example.org/" + "very-long-path/" * 6
    rows = [(20001, "ok", url, "fine"), (20002, "failed", "https://e.org/x", "Only hosts…")]
    wide = table(("ID", "STATUS", "PAGE", "REASON"), rows, width=0)
    assert url in wide  # no limit: whole values, as on a pipe
    narrow = table(("ID", "STATUS", "PAGE", "REASON"), rows, width=50)
    lines = narrow.splitlines()
    assert all(cell_len(line) <= 50 for line in lines)
    assert lines[1].split()[2].endswith("…") and lines[1].split()[2].startswith("https://")
    assert lines[2].split()[:3] == ["20002", "failed", "https://e.org/x"]  # short cells stay
    # The columns still line up: each row's PAGE starts where the header's does.
    start = lines[0].index("PAGE")
    assert lines[1][start:].startswith("https://") and lines[2][start:].startswith("https://")
