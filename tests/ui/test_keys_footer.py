"""The footer shows the keys of where the focus is, and follows it from pane to pane and
back (it is rebuilt only when those keys change: widgets/keys_footer.py). A list that held
the focus while loading shows its keys once loaded: tests/ui/test_snapshots.py's
example-questions picture (the conversation keys) failed most runs without that."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.widgets.keys_footer import KeysFooter

from .helpers import main_screen, make_app, wait_until


def footer_keys(screen: MainScreen) -> list[str]:
    return [key.description for key in screen.query_one(KeysFooter).query(FooterKey)]


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
        keys = list(screen.query_one(KeysFooter).query(FooterKey))
        screen.refresh_bindings()  # what a change of focus or of a check_action does
        await pilot.pause(0.1)
        assert list(screen.query_one(KeysFooter).query(FooterKey)) == keys  # the same widgets
        assert [key.description for key in keys] == footer_keys(screen)


async def test_keys_are_made_in_the_footers_style_and_follow_it(demo_server) -> None:
    """Each key starts as the footer is (not compact), so mounting it styles it once: a key
    just mounted was compact until its data binding ran (this failed before). The binding
    to the footer's `compact` still works afterwards; the palette's key, which Textual does
    not bind, stays compact as Textual makes it."""
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen_with_agent_keys(pilot)
        footer = screen.query_one(KeysFooter)
        keys = list(footer.query(FooterKey).exclude(".-command-palette"))
        assert keys and not any(key.compact or key.has_class("-compact") for key in keys)
        palette = footer.query_one(".-command-palette", FooterKey)
        assert palette.compact and palette.has_class("-compact")
        await pilot.pause(0.1)
        footer.compact = True
        await pilot.pause(0.1)
        keys = list(footer.query(FooterKey))
        assert keys and all(key.compact and key.has_class("-compact") for key in keys)
