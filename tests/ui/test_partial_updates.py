"""A partial screen update renders only the widgets that meet the changed area, and writes
what Textual's own update writes (ui/partial_writes.py renders_meeting)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from cgpt_tui.ui import partial_writes


class Panes(App[None]):
    CSS = "Static { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Static("left pane " * 40, id="left")
            yield Static("right pane " * 40, id="right")
        yield Footer()


def update_of(app: App[None], area: Region, *, ours: bool) -> tuple[str, set[str]]:
    """What a partial update of `area` writes, and the widgets it rendered."""
    compositor = app.screen._compositor
    rendered: set[str] = set()
    original = Widget.render_lines

    def render_lines(widget: Widget, crop: Region) -> list:
        rendered.add(type(widget).__name__ + (f"#{widget.id}" if widget.id else ""))
        return original(widget, crop)

    Widget.render_lines = render_lines  # type: ignore[method-assign]
    get_renders = partial_writes.renders_meeting if ours else partial_writes.TEXTUAL_GET_RENDERS
    saved = type(compositor)._get_renders
    type(compositor)._get_renders = get_renders  # type: ignore[method-assign]
    try:
        compositor._dirty_regions.add(area)
        update = compositor.render_partial_update()
    finally:
        Widget.render_lines = original  # type: ignore[method-assign]
        type(compositor)._get_renders = saved  # type: ignore[method-assign]
    assert update is not None
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    return partial_writes.TEXTUAL_RENDER_SEGMENTS(update, console), rendered


async def test_a_change_in_one_pane_renders_that_pane_not_the_header_footer_or_the_other() -> None:
    app = Panes()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        right = app.query_one("#right").region
        area = Region(right.x + 3, right.y + 4, 10, 2)
        ours, ours_rendered = update_of(app, area, ours=True)
        textuals, textuals_rendered = update_of(app, area, ours=False)
    assert ours == textuals
    assert {"Header", "Footer", "Static#left"} <= textuals_rendered
    assert "Static#right" in ours_rendered
    assert not ours_rendered & {"Header", "Footer", "Static#left"}


class Scrolled(App[None]):
    CSS = "#list { height: 1fr; } .row { height: 3; border: round $accent; }"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="list"):
            for n in range(30):
                yield Static(f"row {n} " * 12, classes="row")
        yield Footer()


async def test_widgets_clipped_by_a_scrolled_container_are_drawn_as_textual_draws_them() -> None:
    app = Scrolled()
    async with app.run_test(size=(60, 16)) as pilot:
        app.query_one("#list").scroll_to(y=7, animate=False)  # rows cut at the top edge
        await pilot.pause()
        scroller = app.query_one("#list").region
        for area in (
            Region(scroller.x + 2, scroller.y, 20, 3),  # across the clipped top rows
            Region(scroller.x, scroller.y + 5, scroller.width, 4),
            Region(0, 0, 60, 16),  # all of it
        ):
            ours, _ = update_of(app, area, ours=True)
            textuals, _ = update_of(app, area, ours=False)
            assert ours == textuals, area
