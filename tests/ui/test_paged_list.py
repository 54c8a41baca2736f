"""A list asked for the focus while pages load gets it once a page is in, whatever the order."""

from __future__ import annotations

import gc

from textual.app import App, ComposeResult
from textual.widgets import Input

from cgpt_tui.ui.widgets.paged_list import FREEZE_AFTER, PagedList, Rows


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="elsewhere")
        yield PagedList("one", "two", id="list")


async def test_the_focus_arrives_though_the_next_page_starts_before_it_is_applied() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        paged = app.query_one(PagedList)
        paged.loading = True
        paged.focus_when_loaded()
        await pilot.pause()
        assert not paged.has_focus  # a loading list cannot take it
        paged.loading = False  # the page is in, and in the same tick the next one starts
        paged.loading = True
        await pilot.pause()
        assert not paged.has_focus
        paged.loading = False
        await pilot.pause()
        assert paged.has_focus
        assert paged.highlighted == 0


async def test_a_list_that_lost_the_wish_does_not_take_the_focus_later() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        paged = app.query_one(PagedList)
        elsewhere = app.query_one(Input)
        paged.loading = True
        paged.focus_when_loaded()
        await pilot.pause()
        paged.cancel_focus_when_loaded()
        elsewhere.focus()
        await pilot.pause()
        paged.loading = False
        await pilot.pause()
        assert elsewhere.has_focus and not paged.has_focus


def _in_gc_passes(thing: object) -> bool:
    """Walked by the collector's passes: in a generation, not frozen."""
    return any(found is thing for found in gc.get_objects())


async def test_thousands_of_new_rows_are_left_out_of_later_gc_passes() -> None:
    """Frozen once shown (PagedList.add_options); a page of a hundred is not."""
    app = ListApp()
    async with app.run_test() as pilot:
        paged = app.query_one(PagedList)
        paged.add_options(Rows.build(f"row {n}") for n in range(100))
        await pilot.pause()
        await pilot.pause()
        assert _in_gc_passes(paged.get_option_at_index(99))
        paged.add_options(Rows.build(f"row {n}") for n in range(100, 100 + FREEZE_AFTER))
        await pilot.pause()
        await pilot.pause()
        assert not _in_gc_passes(paged.get_option_at_index(99 + FREEZE_AFTER))
        assert not _in_gc_passes(paged.get_option_at_index(99))  # frozen with them
        assert gc.isenabled()
