"""The Textual application: owns the API client and wires the screens together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.timefmt import utc_now


class CgptApp(App[int]):
    """cgpt-tui: agents, conversations and a streaming chat."""

    TITLE = "cgpt-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("f1,question_mark", "help", "Keys", id="app.help"),
    ]

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        demo: bool = False,
        clock: Callable[[], datetime] = utc_now,
        timeout: float = 30.0,
    ) -> None:
        super().__init__()
        self.base_url = base_url
        self.demo = demo
        self.now = clock
        self.client = CustomGPTClient(base_url, api_key, timeout=timeout)
        self.citations = CitationCache(self.client)
        self.sub_title = "demo" if demo else base_url

    async def on_mount(self) -> None:
        await self.client.__aenter__()
        await self.push_screen(MainScreen())

    async def on_unmount(self) -> None:
        await self.client.__aexit__(None, None, None)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
