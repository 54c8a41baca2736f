"""Themes in the running app: shipped and user themes, a broken file, live switching that is
saved, and NO_COLOR."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual.color import Color

from cgpt_tui.local.config import load_settings
from cgpt_tui.ui.app import DEFAULT_THEME
from cgpt_tui.ui.screens.main_screen import MainScreen

from .helpers import make_app, wait_until

SIZE = (120, 36)


def _config(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    path.write_text(text)
    return path


async def test_the_brand_theme_is_the_default_and_builtin_themes_stay(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        assert app.theme == DEFAULT_THEME == "customgpt"
        assert {"customgpt-light", "terminal-16", "textual-dark", "nord"} <= set(
            app.available_themes
        )


async def test_a_user_theme_loads_and_a_broken_one_is_named(demo_server, tmp_path) -> None:
    config = _config(tmp_path, 'theme = "mine"\n')
    themes = config.parent / "themes"
    themes.mkdir()
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#2E8B57"\n')
    (themes / "broken.toml").write_text('name = "broken"\nprimary = "green-ish"\n')
    app = make_app(demo_server, config_path=config, settings=load_settings(config)[0])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        assert app.theme == "mine"
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("broken.toml: 'primary' = \"green-ish\"") for m in messages)
        assert "broken" not in app.available_themes


async def test_a_theme_picked_in_the_app_is_saved_to_the_config_file(demo_server, tmp_path) -> None:
    config = _config(
        tmp_path, '# mine\nlang = "en"\n\n[profiles.work]\nbase_url = "https://x.io"\n'
    )
    app = make_app(demo_server, config_path=config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        assert "theme" not in tomllib.loads(config.read_text())  # the default is not written
        app.theme = "customgpt-light"
        await pilot.pause()
    saved = tomllib.loads(config.read_text())
    assert saved["theme"] == "customgpt-light"
    assert saved["lang"] == "en" and saved["profiles"]["work"]["base_url"] == "https://x.io"
    assert config.read_text().startswith("# mine\n")


async def test_an_unknown_theme_in_the_settings_falls_back_with_a_note(
    demo_server, tmp_path
) -> None:
    config = _config(tmp_path, 'theme = "no-such-theme"\n')
    settings, _ = load_settings(config)
    app = make_app(demo_server, config_path=config, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        assert app.theme == DEFAULT_THEME
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_no_color_shows_no_colour(demo_server, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        await pilot.pause()
        svg = app.export_screenshot()
    # The SVG's window frame (its three buttons and default text) is not the app's.
    frame = {"ff5f57", "febc2e", "28c840", "c5c8c6"}
    colours = {c.lower() for c in re.findall(r"#([0-9a-fA-F]{6})\b", svg)} - frame
    assert colours, "the screenshot has colours to check"
    greys = {c for c in colours if c[0:2] == c[2:4] == c[4:6]}
    assert colours == greys


async def test_the_palette_switches_the_theme_live_and_it_is_saved(demo_server, tmp_path) -> None:
    from textual.command import CommandPalette

    config = _config(tmp_path)
    app = make_app(demo_server, config_path=config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"customgpt-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "customgpt-light", what="theme switched")
    assert tomllib.loads(config.read_text())["theme"] == "customgpt-light"


async def test_the_theme_of_the_settings_is_the_one_the_first_frame_is_painted_in(
    demo_server, tmp_path
) -> None:
    """The starting theme is set without Textual's refresh (see CgptApp._start_with_theme):
    its colours, its classes and its light or dark mode must all be there from the start."""
    config = _config(tmp_path, 'theme = "customgpt-light"\n')
    app = make_app(demo_server, config_path=config, settings=load_settings(config)[0])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
        theme = app.get_theme("customgpt-light")
        assert theme is not None and not theme.dark
        assert app.theme == "customgpt-light"
        assert {"-theme-customgpt-light", "-light-mode"} <= set(app.classes)
        assert not {"-theme-customgpt", "-dark-mode"} & set(app.classes)
        assert app.screen.styles.background == Color.parse(theme.background)
        generated = theme.to_color_system().generate()
        assert app.theme_variables["primary"] == generated["primary"]
        assert app.theme_variables["footer-key-foreground"] == "#6D28D9"  # its own variables
