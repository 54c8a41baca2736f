"""Small helpers for Pilot tests: wait for what the user would wait for."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

from cgpt_tui.ui.app import CgptApp
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.session import Session

FIXED_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
S = TypeVar("S", bound=Screen)


class RecordingApp(CgptApp):
    """The real app, with the browser replaced by a list of opened URLs and the file viewer
    by a list of the command lines it would have started. Takes the `Session`'s fields as
    keywords, so each test names only what it sets."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Session(**kwargs))
        self.opened_urls: list[str] = []
        self.viewer_commands: list[list[str]] = []

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened_urls.append(url)

    def spawn_viewer(self, argv: list[str]) -> None:
        self.viewer_commands.append(argv)


def make_app(server, **kwargs) -> RecordingApp:
    kwargs.setdefault("clock", lambda: FIXED_NOW)
    return RecordingApp(base_url=server.base_url, api_key=server.api_key, **kwargs)


async def main_screen(pilot: Pilot) -> MainScreen:
    """The main screen, once the app shows it."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def open_screen(pilot: Pilot, key: str, kind: type[S]) -> S:
    """Press `key` and wait until a screen of `kind` is on top; that screen."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), what=kind.__name__)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def wait_until(
    pilot: Pilot, predicate: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until `predicate()` is true; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what or predicate}")


async def wait_for_thread(predicate: Callable[[], object], timeout: float = 5.0) -> bool:
    """Poll state owned by the server thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return False


async def ask_in_new_conversation(pilot: Pilot, chat, question: str):
    """What the user does: ctrl+n, the question in the composer, Enter. Returns the transcript."""
    await pilot.press("ctrl+n")
    chat.composer.text = question
    chat.composer.focus()
    await pilot.press("enter")
    return chat.transcript


async def wait_for_last_answer(
    pilot: Pilot,
    transcript,
    status,
    *,
    cards_done: Callable[[object], object] | None = None,
    timeout: float = 10.0,
) -> None:
    """Until the newest entry has `status` (and, if given, `cards_done(card)` for each card)."""

    def ready() -> bool:
        if not transcript.entries or transcript.entries[-1].status is not status:
            return False
        return cards_done is None or all(cards_done(c) for c in transcript.entries[-1].cards)

    await wait_until(pilot, ready, timeout=timeout, what=f"the last answer {status.value}")
