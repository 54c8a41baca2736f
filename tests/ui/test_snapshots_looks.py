"""SVG snapshots of the looks: every shipped theme on the main screen, the agent details,
the command palette open, and the 80x24 layout.

Update with `pytest tests/ui/test_snapshots_looks.py --snapshot-update`, then look at the
SVGs in tests/ui/__snapshots__/ before committing.
"""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from cgpt_tui.ui.screens.agent_details_screen import AgentDetailsScreen
from cgpt_tui.ui.themes import load_themes, shipped_themes_dir

from .helpers import make_app, wait_until
from .test_snapshots import SIZE, open_agent, open_history, still_server  # noqa: F401

THEMES = sorted(theme.name for theme in load_themes([shipped_themes_dir()])[0])


@pytest.mark.parametrize("theme", THEMES)
def test_main_screen_in_each_shipped_theme(snap_compare, still_server, theme) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await open_history(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_agent_details(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        await pilot.press("f3")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, AgentDetailsScreen), what="details"
        )
        screen = pilot.app.screen
        await wait_until(pilot, lambda: not screen.query(".-loading"), what="every section")
        await pilot.pause(0.2)
        assert chat.agent is not None

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_command_palette_open(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await open_agent(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), what="it")
        await pilot.press(*"conv")
        hits = pilot.app.screen.query_one("CommandList")
        counts: list[int] = []
        while len(counts) < 8 or len(set(counts[-8:])) > 1 or not counts[-1]:
            await pilot.pause(0.1)  # until every provider has answered
            counts.append(hits.option_count)
            assert len(counts) < 100, "the palette never settled"
        await pilot.pause(0.5)  # and its busy bar has gone
        pilot.app.screen.query_one(Input).cursor_blink = False  # a blink would vary the picture
        await pilot.pause()

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_80x24_shows_one_pane_with_tabs(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await open_history(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
