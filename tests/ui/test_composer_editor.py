"""ctrl+g in the composer: the app suspends, `$VISUAL` edits the text, the text comes back.

The headless driver Pilot runs on has no terminal to give away, so Textual refuses to
suspend (SuspendNotSupported): that is the second test. The first gives the headless driver
a suspend that records when it happened, so `App.suspend` runs its real path around a real
editor process."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

import pytest
from textual.drivers import headless_driver

from cgpt_tui.ui.transcript.entry import EntryStatus

from .helpers import make_app, wait_until
from .test_chat_flow import open_first_agent

EDITOR = """\
import sys
path = sys.argv[1]
with open({record!r}, "w", encoding="utf-8") as out:
    out.write(open(path, encoding="utf-8").read())
with open(path, "a", encoding="utf-8") as file:
    file.write("\\nand one more line from the editor\\n")
"""


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """VISUAL: a script that appends a line; what it was given lands in the returned file."""
    record = tmp_path / "given.txt"
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(record=str(record)), encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    return record


class SuspendingDriver(headless_driver.HeadlessDriver):
    """Headless, but it can be suspended; `events` says when, beside the editor's file."""

    events: ClassVar[list[tuple[str, bool]]] = []
    record: ClassVar[Path | None] = None

    @property
    def can_suspend(self) -> bool:
        return True

    def suspend_application_mode(self) -> None:
        assert self.record is not None
        self.events.append(("suspended", self.record.exists()))
        super().suspend_application_mode()

    def resume_application_mode(self) -> None:
        assert self.record is not None
        self.events.append(("resumed", self.record.exists()))
        super().resume_application_mode()


async def test_ctrl_g_edits_the_text_in_visual_and_brings_it_back_unsent(
    demo_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = editor(tmp_path, monkeypatch)
    SuspendingDriver.events, SuspendingDriver.record = [], record
    monkeypatch.setattr(headless_driver, "HeadlessDriver", SuspendingDriver)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        composer = chat.composer
        composer.focus()
        await pilot.press(*"What plans do you offer?")
        asked = len(demo_server.ask_log)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: SuspendingDriver.events[-1:] == [("resumed", True)])
        assert SuspendingDriver.events == [("suspended", False), ("resumed", True)]
        assert record.read_text(encoding="utf-8") == "What plans do you offer?"
        assert composer.text == "What plans do you offer?\nand one more line from the editor"
        assert composer.has_focus and composer.cursor_location == composer.document.end
        assert len(demo_server.ask_log) == asked and not chat.transcript.entries  # not sent
        await pilot.press("ctrl+z")  # brought back as an edit: undo gives the old text
        assert composer.text == "What plans do you offer?"
        await pilot.press("ctrl+y", "enter")  # sent only with Enter
        await wait_until(
            pilot,
            lambda: (
                chat.transcript.entries and chat.transcript.entries[-1].status is EntryStatus.DONE
            ),
            what="the answer",
        )
        assert demo_server.ask_log[-1].prompt == (
            "What plans do you offer?\nand one more line from the editor"
        )


async def test_ctrl_g_where_the_terminal_cannot_be_suspended_says_so_and_keeps_the_text(
    demo_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = editor(tmp_path, monkeypatch)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        chat.composer.focus()
        await pilot.press(*"half a question")
        await pilot.press("ctrl+g")
        await wait_until(
            pilot,
            lambda: any("cannot be handed to an editor" in n.message for n in app._notifications),
            what="the notice",
        )
        assert chat.composer.text == "half a question" and chat.composer.has_focus
        assert not record.exists()  # no editor was started behind the app's back


async def test_ctrl_g_waits_while_an_answer_streams(
    demo_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suspended app reads nothing: a stream left waiting would time out."""
    record = editor(tmp_path, monkeypatch)
    SuspendingDriver.events, SuspendingDriver.record = [], record
    monkeypatch.setattr(headless_driver, "HeadlessDriver", SuspendingDriver)
    demo_server.faults.stall(60, after_events=5)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        chat.composer.focus()
        await pilot.press(*"How do I reset my password?", "enter")
        await wait_until(pilot, lambda: chat.is_streaming and chat.transcript.entries)
        await pilot.press(*"next question")
        await pilot.press("ctrl+g")
        await wait_until(
            pilot,
            lambda: any("still coming in" in n.message for n in app._notifications),
            what="the notice",
        )
        assert SuspendingDriver.events == [] and not record.exists()
        assert chat.composer.text == "next question"
        await pilot.press("escape")  # stop the answer: now the editor opens
        await wait_until(pilot, lambda: not chat.is_streaming, what="stopped")
        chat.composer.focus()
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: SuspendingDriver.events[-1:] == [("resumed", True)])
        assert chat.composer.text == "next question\nand one more line from the editor"
