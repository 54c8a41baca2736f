"""SVG snapshots of the workshop: each tab at 80x24, the pages at 160x50, the file picker.

Update with `pytest tests/ui/test_workshop_snapshots.py --snapshot-update`, then look at the
SVGs in tests/ui/__snapshots__/ before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.app import App

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.ui.screens.file_picker_screen import FilePickerScreen

from .helpers import make_app, wait_until
from .test_snapshots import still_server  # noqa: F401
from .workshop_helpers import NORTHWIND, open_workshop

SMALL = (80, 24)
LARGE = (160, 50)
PICKER_DIR = Path("/tmp/cgpt-tui-picker-snapshot")  # a fixed path: the tree shows it


async def on_tab(pilot, tab: str):
    screen = await open_workshop(pilot, tab=tab)
    if tab == "settings":
        await wait_until(pilot, lambda: screen.settings.original is not None, what="settings")
    elif tab == "sources":
        await wait_until(pilot, lambda: screen.sources.sources, what="sources")
    else:
        await wait_until(pilot, lambda: screen.pages.loaded, what="pages")
    await pilot.pause(0.3)
    return screen


def test_settings_tab_80x24(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await on_tab(pilot, "settings")

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=SMALL, run_before=run_before
    )


def test_sources_tab_80x24(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await on_tab(pilot, "sources")

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=SMALL, run_before=run_before
    )


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_pages_tab_with_a_failed_page(snap_compare, still_server, size) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        async with CustomGPTClient(still_server.base_url, still_server.api_key) as client:
            await client.add_source(NORTHWIND, sitemap="https://nowhere.example/sitemap.xml")

            async def failed() -> bool:
                pages = await client.list_pages(NORTHWIND, crawl_status="failed")
                return bool(pages.pages.items)

            for _ in range(100):
                if await failed():
                    break
                await pilot.pause(0.05)
        screen = await on_tab(pilot, "pages")
        await wait_until(pilot, lambda: "failed" in screen.pages.table.statuses, what="failed")
        screen.pages.table.focus()
        await pilot.pause(0.2)

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=size, run_before=run_before
    )


class PickerApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(FilePickerScreen(PICKER_DIR, multiple=True))


def test_file_picker_with_a_chosen_file_and_an_error(snap_compare) -> None:
    shutil.rmtree(PICKER_DIR, ignore_errors=True)
    (PICKER_DIR / "manuals").mkdir(parents=True)
    (PICKER_DIR / "manuals" / "x100.pdf").write_bytes(b"%PDF-1.4")
    (PICKER_DIR / "faq.md").write_text("# FAQ\n")
    (PICKER_DIR / "returns.txt").write_text("Returns\n")

    async def run_before(pilot) -> None:
        screen = pilot.app.screen
        await wait_until(pilot, lambda: len(screen.query_one("#picker-tree").root.children) == 3)
        field = screen.query_one("#picker-path")
        field.focus()
        field.value = "faq.md"
        await pilot.press("enter")
        field.value = "missing.pdf"
        await pilot.press("enter")
        await pilot.pause(0.2)

    assert snap_compare(PickerApp(), terminal_size=SMALL, run_before=run_before)
