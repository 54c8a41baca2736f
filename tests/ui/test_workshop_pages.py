"""The workshop's Pages tab against the stand-in: filter, search, reindex, delete, metadata."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input, Select

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.workshop import WorkshopScreen
from cgpt_tui.ui.screens.workshop.page_metadata_screen import PageMetadataScreen
from cgpt_tui.ui.widgets.filter_box import FilterBox
from cgpt_tui.ui.widgets.pages_table import page_name

from .helpers import make_app, wait_until
from .workshop_helpers import NORTHWIND, open_workshop, shown, wait_status

SLOW_INDEX = 30.0  # seconds a page: a reindexed page stays queued for the whole test


@pytest.fixture
def slow_server() -> Iterator[DemoServer]:
    with DemoServer(port=0, api_key="test-key", pace=0, index_pace=SLOW_INDEX) as server:
        yield server


async def on_pages(pilot, count: int = 6) -> WorkshopScreen:
    screen = await open_workshop(pilot, tab="pages")
    table = screen.pages.table
    await wait_until(pilot, lambda: len(table.pages) == count, what=f"{count} pages")
    table.focus()
    await pilot.pause()
    return screen


def names(screen: WorkshopScreen) -> list[str]:
    table = screen.pages.table
    return [page_name(table.pages[n]) for n in table.shown]


async def test_every_page_shows_and_filters_by_status_and_search(demo_server) -> None:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        await client.add_source(NORTHWIND, sitemap="https://elsewhere.example/sitemap.xml")
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_workshop(pilot, tab="pages")
        table = screen.pages.table
        await wait_until(pilot, lambda: "failed" in table.statuses, what="a failed page")
        await wait_status(pilot, screen, "indexed")
        assert "6 indexed" in shown(screen, "#workshop-status")
        screen.pages.query_one("#pages-filter", Select).value = "failed"
        await pilot.pause()
        failed = [table.pages[n] for n in table.shown]
        assert failed and all("failed" in (p.crawl_status, p.index_status) for p in failed)
        assert all(p.failure_reason for p in failed)
        assert "Showing" in shown(screen, "#workshop-status")
        line = table.render_line(0).text
        assert "failed (crawl)" in line or "failed (index)" in line  # words, not colour alone
        assert "elsewhere.example" in line
        screen.pages.query_one("#pages-filter", Select).value = "all"
        search = screen.pages.query_one(FilterBox)
        search.focus()
        await pilot.press(*"billing")
        await wait_until(pilot, lambda: len(table.shown) == 1, what="one match")
        assert names(screen) == ["https://help.northwind.example/billing/plans-and-invoices"]
        await pilot.press("enter")  # back to the table
        assert table.has_focus


async def test_reindex_queues_the_page_on_the_server(slow_server) -> None:
    app = make_app(slow_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await on_pages(pilot)
        page = screen.pages.table.current_page
        assert page is not None
        await pilot.press("r")
        await wait_status(pilot, screen, "Reindexing")
        assert screen.pages.table.current_page.index_status == "queued"
        async with CustomGPTClient(slow_server.base_url, slow_server.api_key) as client:
            queued = await client.list_pages(NORTHWIND, index_status="queued")
        assert [p.id for p in queued.pages.items] == [page.id]


async def test_delete_asks_then_the_page_is_gone(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await on_pages(pilot)
        table = screen.pages.table
        await pilot.press("down")
        page = table.current_page
        assert page is not None
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await wait_status(pilot, screen, "Deleted")
        assert page.id not in [p.id for p in table.pages] and len(table.pages) == 5
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            left = [p.id async for p in client.iter_pages(NORTHWIND)]
        assert page.id not in left and len(left) == 5


async def test_metadata_is_checked_as_typed_and_saved(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await on_pages(pilot)
        page = screen.pages.table.current_page
        assert page is not None
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, PageMetadataScreen), what="form")
        form = app.screen
        title = form.query_one("#metadata-title", Input)
        await wait_until(pilot, lambda: not title.disabled, what="metadata loaded")
        title.value = "x" * 256
        await pilot.pause()
        assert "At most 255 characters" in shown(form, "#metadata-error-title")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and title.value == "x" * 256  # refused, kept
        title.value = "Mobile sync, step by step"
        form.query_one("#metadata-description", Input).value = "How the app syncs."
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="saved and closed")
        await wait_status(pilot, screen, "Metadata saved")
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            metadata = await client.get_page_metadata(NORTHWIND, page.id)
        assert metadata.title == "Mobile sync, step by step"
        assert metadata.description == "How the app syncs."


async def test_offline_the_tab_says_the_workshop_needs_the_server(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await on_pages(pilot)
        demo_server.stop()
        await pilot.press("r")
        await wait_status(pilot, screen, "Not reindexed")
        await pilot.press("ctrl+r")  # asks the server again, which does not answer
        await wait_status(pilot, screen, "Asking the server again")
        await wait_status(pilot, screen, "needs the server")
        assert len(screen.pages.table.pages) == 6  # what was shown stays
