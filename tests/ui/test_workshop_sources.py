"""The workshop's Sources tab against the stand-in: add a sitemap or files, sync, delete."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.file_picker_screen import FilePickerScreen
from cgpt_tui.ui.screens.workshop import WorkshopScreen

from .helpers import make_app, wait_until
from .workshop_helpers import NORTHWIND, open_workshop, shown, wait_status


async def sources_of(server, agent_id: int = NORTHWIND):
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        return await client.list_sources(agent_id)


async def on_sources(pilot) -> WorkshopScreen:
    screen = await open_workshop(pilot, tab="sources")
    await wait_until(pilot, lambda: screen.sources.sources, what="sources")
    return screen


async def type_source(pilot, screen: WorkshopScreen, text: str) -> None:
    field = screen.sources.query_one("#sources-add", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")


async def test_a_sitemap_url_is_added_and_a_bad_one_is_an_inline_error(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_sources(pilot)
        listed = screen.sources.query_one("#sources-list", OptionList)
        assert listed.option_count == 2  # the seeded sitemap and the uploads
        assert "help.northwind.example/sitemap.xml" in str(listed.get_option_at_index(0).prompt)
        await type_source(pilot, screen, "ftp://example.com/sitemap.xml")
        await pilot.pause()
        assert "http:// or https://" in shown(screen.sources, "#sources-error")
        assert screen.sources.query_one("#sources-add", Input).value.startswith("ftp://")
        await type_source(pilot, screen, "https://docs.example.com/sitemap.xml")
        await wait_status(pilot, screen, "Sitemap added")
        await wait_until(pilot, lambda: listed.option_count == 3, what="the new sitemap listed")
        assert screen.sources.query_one("#sources-add", Input).value == ""
        found = await sources_of(demo_server)
        paths = [s.settings.sitemap_path for s in found.sitemaps]
        assert "https://docs.example.com/sitemap.xml" in paths


async def test_files_are_added_typed_or_picked(demo_server, tmp_path: Path) -> None:
    typed = tmp_path / "returns.md"
    typed.write_text("# Returns\n\nReturns are free within 30 days.\n")
    picked = tmp_path / "shipping.txt"
    picked.write_text("Shipping takes three days.\n")
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_sources(pilot)
        await type_source(pilot, screen, str(typed))
        await wait_status(pilot, screen, "Added 1 file")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, FilePickerScreen), what="picker")
        picker = app.screen
        field = picker.query_one("#picker-path", Input)
        field.focus()
        field.value = str(picked)
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="back from the picker")
        await wait_status(pilot, screen, "Added 1 file")
        found = await sources_of(demo_server)
        assert found.uploads is not None
        names = {page.filename for page in found.uploads.pages}
        assert {"returns.md", "shipping.txt"} <= names


async def test_a_missing_file_is_refused_and_the_text_kept(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_sources(pilot)
        missing = str(tmp_path / "nope.pdf")
        await type_source(pilot, screen, missing)
        await pilot.pause()
        assert "nor a file here" in shown(screen.sources, "#sources-error")
        assert screen.sources.query_one("#sources-add", Input).value == missing


async def test_a_second_sync_shows_the_servers_wait(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_sources(pilot)
        listed = screen.sources.query_one("#sources-list", OptionList)
        listed.focus()
        listed.highlighted = 0
        await pilot.press("s")
        await wait_status(pilot, screen, "Sync started")
        await wait_until(pilot, lambda: listed.option_count == 2, what="reloaded")
        listed.highlighted = 0
        await pilot.press("s")
        await wait_status(pilot, screen, "Next instant sync will be available in")
        assert "Not synced: Next instant sync" in shown(screen.sources, "#sources-error")


async def test_delete_asks_and_then_the_source_is_gone(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_sources(pilot)
        listed = screen.sources.query_one("#sources-list", OptionList)
        listed.focus()
        listed.highlighted = 0
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("n")  # no: nothing changes
        await wait_until(pilot, lambda: app.screen is screen, what="back")
        assert len((await sources_of(demo_server)).sitemaps) == 1
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await wait_status(pilot, screen, "Source deleted")
        assert (await sources_of(demo_server)).sitemaps == ()


async def test_a_change_when_the_server_is_gone_is_refused_and_the_text_kept(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_sources(pilot)
        demo_server.stop()
        await type_source(pilot, screen, "https://docs.example.com/sitemap.xml")
        await wait_until(
            pilot, lambda: "not added" in shown(screen.sources, "#sources-error"), what="refusal"
        )
        assert screen.sources.query_one("#sources-add", Input).value.endswith("sitemap.xml")
