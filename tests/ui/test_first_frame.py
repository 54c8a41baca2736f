"""The first frame the terminal gets is the whole main screen (its three panes, in the
theme), not only the widgets that changed since Textual's first paint, which it drops while
it holds frames back at start (see AppServices.on_ready)."""

from __future__ import annotations

import gc

import pyte
from textual._compositor import CompositorUpdate
from textual.screen import Screen

from cgpt_tui.ui.memory import hold_collections, resume_collections
from cgpt_tui.ui.screens.main_screen import MainScreen

from .helpers import make_app, wait_until

SIZE = (140, 45)


async def test_the_first_frame_painted_is_the_whole_main_screen(demo_server) -> None:
    app = make_app(demo_server)
    painted: list[str] = []  # what each frame written to the terminal would be
    display = app._display

    def recording(screen: Screen, renderable: object) -> None:
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            painted.append(renderable.render_segments(app.console))
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        await wait_until(pilot, lambda: painted, what="a frame")
        terminal = pyte.Screen(*SIZE)
        pyte.Stream(terminal).feed(painted[0])
        first = "\n".join(terminal.display)
        for part in ("╭─ Agents", "Filter agents…", "╭─ Conversations", "Filter by name…"):
            assert part in first, f"{part!r} not in the first frame:\n{first}"
        assert "No agent selected" in first, first  # the chat pane
        assert "^q Quit" in first, first  # the footer


async def test_collections_held_while_starting_come_back_once_the_first_frame_is_out(
    demo_server,
) -> None:
    """`cgpt-tui` starts with the garbage collector off (cli/main.py, ui/memory.py)."""
    hold_collections()
    try:
        assert not gc.isenabled()
        app = make_app(demo_server)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: not app.first_frame_pending, what="the first frame")
            assert gc.isenabled()
            assert isinstance(app.screen, MainScreen)
    finally:
        resume_collections()
        gc.enable()
