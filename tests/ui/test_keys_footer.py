"""The footer shows the keys of where the focus is, and follows it from pane to pane and
back (its line is drawn again only when those keys change: widgets/keys_footer.py). A list
that held the focus while loading shows its keys once loaded: tests/ui/test_snapshots.py's
example-questions picture (the conversation keys) failed most runs without that.

The keys are one widget (`KeyLine`), drawn as Textual's own footer draws its key widgets:
the pictures here are compared with Textual's `Footer` for the same bindings."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.widgets.keys_footer import KeyLine, KeysFooter

from .helpers import main_screen, make_app, wait_until


def footer_keys(screen: MainScreen) -> list[str]:
    footer = screen.query_one(KeysFooter)
    line = [key.description for line in footer.query(KeyLine) for key in line.keys]
    return line + [key.description for key in footer.query(FooterKey)]


async def main_screen_with_agent_keys(pilot) -> MainScreen:
    """The main screen once its footer shows the agent list's keys (it starts there)."""
    screen = await main_screen(pilot)
    await wait_until(pilot, lambda: "New agent" in footer_keys(screen), what="agent keys")
    return screen


async def test_the_footer_follows_the_focus_between_panes_and_back(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen_with_agent_keys(pilot)
        assert "Send" not in footer_keys(screen)
        screen.focus_pane("chat")
        await wait_until(pilot, lambda: "Send" in footer_keys(screen), what="composer keys")
        assert "New agent" not in footer_keys(screen)
        assert "Quit" in footer_keys(screen)
        screen.focus_pane("agents")
        await wait_until(pilot, lambda: "New agent" in footer_keys(screen), what="agent keys")
        assert "Send" not in footer_keys(screen)


async def test_a_focus_change_that_keeps_the_keys_leaves_the_footer_as_it_is(
    demo_server,
) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen_with_agent_keys(pilot)
        await pilot.pause(0.1)
        footer = screen.query_one(KeysFooter)
        children, keys = list(footer.children), footer.query_one(KeyLine).keys
        screen.refresh_bindings()  # what a change of focus or of a check_action does
        await pilot.pause(0.1)
        assert list(footer.children) == children  # the same widgets
        assert footer.query_one(KeyLine).keys is keys  # and not drawn again
        assert [key.description for key in keys] + ["Commands"] == footer_keys(screen)


async def test_a_click_on_a_key_does_what_the_key_does(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen_with_agent_keys(pilot)
        line = screen.query_one(KeyLine)
        await wait_until(pilot, lambda: len(line._spans) == len(line.keys), what="keys drawn")
        index = [key.description for key in line.keys].index("Keys")
        await pilot.click(line, offset=(line._spans[index][0] + 1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the keys")


class Keys(App):
    """Bindings of each kind the footer draws: plain, without a description, disabled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new", "New chat", tooltip="Start a new conversation"),
        Binding("f3", "agent", "Agent"),
        Binding("f5", "workshop", "Workshop"),
        Binding("x", "nothing", ""),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer = footer
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "workshop" else True  # None: shown, disabled

    def action_new(self) -> None:
        self.title = "new"

    def bell(self) -> None:
        self.bells += 1


def _picture(app: App) -> str:
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


async def _pictures(
    footer: type[Footer], hover: str | None = None
) -> tuple[str, dict[str, object]]:
    """The screen's picture, the mouse over the key described `hover` (placed where
    Textual's footer has it: the pictures are compared), and what the footer is made of."""
    if hover is not None:
        x = await _textuals_key_x(hover)
    app = Keys(footer)
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.pause(0.2)
        if hover is not None:
            await pilot.hover(offset=(x + 1, 2))
            await pilot.pause(0.2)
        lines = app.screen.query(KeyLine)
        return _picture(app), {
            "lines": len(lines),
            "footer keys": len(app.screen.query(FooterKey)),
            "tooltip": lines.first().tooltip if lines else None,
        }


async def _textuals_key_x(description: str) -> int:
    app = Keys(Footer)
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.pause(0.2)
        keys = app.screen.query(FooterKey)
        return next(key.region.x for key in keys if key.description == description)


async def test_the_keys_look_as_textuals_footer_draws_them() -> None:
    textuals, _ = await _pictures(Footer)
    ours, made = await _pictures(KeysFooter)
    assert "Workshop" in ours and "Quit" in ours
    assert ours == textuals
    assert made["lines"] == 1 and made["footer keys"] == 1  # the palette's, Textual's own


async def test_a_hovered_key_looks_as_textuals_and_shows_its_tooltip() -> None:
    textuals, _ = await _pictures(Footer, hover="New chat")
    ours, made = await _pictures(KeysFooter, hover="New chat")
    assert ours == textuals
    assert made["tooltip"] == "Start a new conversation"
    assert textuals != (await _pictures(Footer))[0]  # the hover shows in the picture
    textuals, _ = await _pictures(Footer, hover="Workshop")  # disabled, and no tooltip
    ours, made = await _pictures(KeysFooter, hover="Workshop")
    assert ours == textuals
    assert made["tooltip"] is None


async def test_clicks_run_the_key_or_ring_when_it_is_disabled() -> None:
    app = Keys(KeysFooter)
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.pause(0.2)
        line = app.screen.query_one(KeyLine)
        spans = dict(zip([key.description for key in line.keys], line._spans, strict=True))
        await pilot.click(line, offset=(spans["Workshop"][0] + 1, 0))
        assert app.bells == 1
        await pilot.click(line, offset=(spans["New chat"][0] + 1, 0))
        await wait_until(pilot, lambda: app.title == "new", what="the key's action")
