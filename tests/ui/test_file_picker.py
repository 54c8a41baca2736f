"""The file picker: tree, typed or pasted paths, the chosen list, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Button, Input, OptionList, Static

from cgpt_tui.ui.screens.file_picker_screen import (
    FilePickerScreen,
    PickerTree,
    parse_typed_path,
)
from tests.ui.helpers import wait_until


class PickerApp(App[None]):
    def __init__(self, start: Path, multiple: bool) -> None:
        super().__init__()
        self.start = start
        self.multiple = multiple
        self.results: list[list[Path] | None] = []

    def on_mount(self) -> None:
        self.push_screen(FilePickerScreen(self.start, self.multiple), self.results.append)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.pdf").write_bytes(b"%PDF-1.4 guide")
    (tmp_path / "notes.txt").write_text("notes")
    (tmp_path / "b.md").write_text("b")
    (tmp_path / ".hidden").write_text("h")
    return tmp_path


async def type_path(pilot, text: str) -> None:
    field = pilot.app.screen.query_one("#picker-path", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


def error_text(pilot) -> str:
    return str(pilot.app.screen.query_one("#picker-error", Static).render())


def test_a_typed_path_expands_home_strips_quotes_and_reads_file_urls(tmp_path: Path) -> None:
    base = tmp_path
    assert parse_typed_path("~/x.pdf", base) == Path.home() / "x.pdf"
    assert parse_typed_path("'/tmp/a b.pdf'", base) == Path("/tmp/a b.pdf")
    assert parse_typed_path("file:///tmp/a%20b.pdf", base) == Path("/tmp/a b.pdf")
    assert parse_typed_path("docs/guide.pdf", base) == base / "docs" / "guide.pdf"
    assert parse_typed_path("   ", base) is None


async def test_single_enter_on_a_file_in_the_tree_returns_it(files: Path) -> None:
    app = PickerApp(files, multiple=False)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(PickerTree)
        await wait_until(pilot, lambda: len(tree.root.children) >= 3, what="tree loaded")
        labels = [str(node.label) for node in tree.root.children]
        assert ".hidden" not in labels
        index = labels.index("notes.txt")
        tree.focus()
        tree.move_cursor(tree.root.children[index])
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results, what="a result")
    assert app.results == [[(files / "notes.txt").resolve()]]


async def test_multiple_files_typed_toggled_then_added_in_order(files: Path) -> None:
    app = PickerApp(files, multiple=True)
    async with app.run_test(size=(120, 40)) as pilot:
        done = app.screen.query_one("#done", Button)
        assert done.disabled
        await type_path(pilot, "docs/guide.pdf")
        await type_path(pilot, f"'{files / 'notes.txt'}'")
        await type_path(pilot, "b.md")
        await type_path(pilot, "b.md")  # again: taken out
        chosen = app.screen.query_one("#picker-chosen", OptionList)
        assert chosen.option_count == 2
        assert not done.disabled
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.results, what="a result")
    assert app.results == [
        [(files / "docs" / "guide.pdf").resolve(), (files / "notes.txt").resolve()]
    ]


async def test_a_missing_file_is_an_inline_error_and_the_text_stays(files: Path) -> None:
    app = PickerApp(files, multiple=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_path(pilot, "nope.pdf")
        assert "No such file" in error_text(pilot)
        assert app.screen.query_one("#picker-path", Input).value == "nope.pdf"
        assert app.screen.is_modal and not app.results
        await type_path(pilot, "notes.txt")
        assert error_text(pilot) == ""


async def test_a_typed_directory_moves_the_tree_there(files: Path) -> None:
    app = PickerApp(files, multiple=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_path(pilot, "docs")
        tree = app.screen.query_one(PickerTree)
        assert Path(tree.path) == files / "docs"
        await wait_until(pilot, lambda: len(tree.root.children) == 1, what="docs listed")
        assert str(tree.root.children[0].label) == "guide.pdf"


async def test_delete_removes_the_highlighted_chosen_file(files: Path) -> None:
    app = PickerApp(files, multiple=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_path(pilot, "notes.txt")
        await type_path(pilot, "b.md")
        chosen = app.screen.query_one("#picker-chosen", OptionList)
        chosen.focus()
        chosen.highlighted = 0
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.results, what="a result")
    assert app.results == [[(files / "b.md").resolve()]]


async def test_escape_cancels_with_none(files: Path) -> None:
    app = PickerApp(files, multiple=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_path(pilot, "notes.txt")
        app.screen.query_one(PickerTree).focus()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.results, what="a result")
    assert app.results == [None]
