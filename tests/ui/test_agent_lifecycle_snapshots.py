"""SVG snapshots of the agent lifecycle: the create form with the server's refusal, the delete
modal, an agent indexing (its row and the bar above the chat) and one whose indexing failed.

Update with `--snapshot-update`, then open the SVGs in tests/ui/__snapshots__/ and look."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input

from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.screens.create_agent_screen import CreateAgentScreen
from cgpt_tui.ui.screens.delete_agent_screen import DeleteAgentScreen
from cgpt_tui.ui.widgets.agent_list import AgentList

from .helpers import FIXED_NOW, make_app, open_screen, wait_until
from .test_agent_lifecycle import (  # noqa: F401
    at_the_limit,
    fill_create_form,
    main_screen,
    row_text,
    site,
)
from .test_snapshots import settle

SIZE = (150, 44)


@pytest.fixture
def slow_server() -> Iterator[DemoServer]:
    """A page takes 60 s: an agent made here stays at "indexed 0 of N" for the picture."""
    with DemoServer(api_key="snapshot-key", clock=lambda: FIXED_NOW, index_pace=60) as server:
        yield server


@pytest.fixture
def still_server() -> Iterator[DemoServer]:
    with DemoServer(api_key="snapshot-key", clock=lambda: FIXED_NOW) as server:
        yield server


async def quiet(pilot) -> None:
    """The lists settled and no cursor blinking in the form's fields."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.3)


def test_create_form_keeps_what_was_typed_under_the_servers_refusal(
    snap_compare, still_server
) -> None:
    async def run_before(pilot) -> None:
        await main_screen(pilot)
        await settle(pilot)
        await fill_create_form(pilot, "Harbour notes", sitemap_url="http://127.0.0.1:9/sitemap.xml")
        at_the_limit(still_server)
        await pilot.press("ctrl+s")
        form = pilot.app.screen
        assert isinstance(form, CreateAgentScreen)
        await wait_until(
            pilot,
            lambda: not form.busy and "limit" in str(form.query_one("#create-error").render()),
        )
        await quiet(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_delete_modal_waits_for_the_exact_name(snap_compare, still_server) -> None:
    async def run_before(pilot) -> None:
        await main_screen(pilot)
        await settle(pilot)
        await open_screen(pilot, "delete", DeleteAgentScreen)
        await pilot.press(*"Northwind Help")
        await quiet(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_an_agent_indexing_shows_its_count_and_a_bar(snap_compare, slow_server, tmp_path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Tides\n\nThe harbour floods at the spring tide.\n")
    more = tmp_path / "more.txt"
    more.write_text("Boats leave at dawn.\n")

    async def run_before(pilot) -> None:
        screen = await main_screen(pilot)
        await settle(pilot)
        await fill_create_form(pilot, "Harbour notes", files=[notes, more])
        await pilot.press("ctrl+s")
        agents = screen.query_one(AgentList)
        await wait_until(
            pilot, lambda: row_text(agents, 0) == "Harbour notes indexing 0/2", timeout=30
        )
        panel = screen.chat.index_panel
        caption = panel.query_one("#index-caption")
        await wait_until(pilot, lambda: "0 of 2" in str(caption.render()), what="the bar")
        pilot.app.clear_notifications()  # the "Created" toast would time out in some runs
        await settle(pilot)

    app = make_app(slow_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_failed_indexing_says_why(snap_compare, still_server, site) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        screen = await main_screen(pilot)
        await settle(pilot)
        await fill_create_form(pilot, "Far away", sitemap_url=f"{site}/elsewhere.xml")
        await pilot.press("ctrl+s")
        panel = screen.chat.index_panel
        await wait_until(pilot, lambda: panel.has_class("-failed"), timeout=30, what="failure")
        pilot.app.clear_notifications()
        await settle(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
