"""The README's key table and the app's bindings are the same list."""

from __future__ import annotations

import re
from pathlib import Path

from cgpt_tui.ui.keymap import binding_sections

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| (?P<where>[^|]+?) \| `(?P<keys>[^`]+)` \| (?P<does>[^|]+?) \|$")


def readme_keys() -> set[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    rows = {(m["where"], m["keys"]) for line in section.splitlines() if (m := ROW.match(line))}
    assert len(rows) > 20, "the key table was not found in the README"
    return rows


def app_keys() -> set[tuple[str, str]]:
    return {(title, row.keys) for title, rows in binding_sections() for row in rows}


def test_every_key_in_the_readme_exists_in_the_app() -> None:
    assert readme_keys() - app_keys() == set()


def test_every_key_of_the_app_is_in_the_readme() -> None:
    assert app_keys() - readme_keys() == set()
