"""Every way out of the app ends the same way: drafts saved, then the terminal given back.

Textual's Linux driver leaves SIGTERM, SIGHUP and SIGINT at their defaults, which end the
process where it stands (raw mode, alternate screen and mouse reporting left on, the drafts
not written). When the terminal goes away with SIGHUP ignored (`nohup`), its input thread
reads end-of-file (or EIO) at once, ignores it and selects again: the process spins for
ever. `ExitDriver` turns each of these into the app's own clean exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import signal
from codecs import getincrementaldecoder
from typing import IO, Any, Protocol, cast, runtime_checkable

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
INPUT_ENDED = 128 + signal.SIGHUP  # the exit status of a hang-up, which it is


@runtime_checkable
class Leaves(Protocol):
    def leave(self, code: int) -> None:
        """Keep what must be kept, then exit with `code`."""

    def save_drafts(self) -> None:
        """Keep unsent text (a crash too ends through the driver)."""


class Output:
    """The terminal for Textual's writer thread: once a write fails (the terminal is gone,
    EIO), later ones are dropped. Unwrapped, the writer thread dies on the first, and the
    app would block for ever if 30 more writes (its queue) came before it ends."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._file.write(text)
            except (OSError, ValueError):
                self.gone = True

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self.gone = True

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True


class ExitDriver(LinuxDriver):
    """Textual's Linux driver, ended by a signal or by the end of its input like by ctrl+q."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        assert self._file is not None, "Textual's driver writes to sys.__stderr__"
        # Output is what the writer thread uses of a file (write, flush, fileno, isatty).
        self._file = cast(Any, Output(self._file))
        # Not `_loop`: Textual's Driver has one of its own, for messages from its threads.
        self._signal_loop: asyncio.AbstractEventLoop | None = None
        self._handled: list[signal.Signals] = []

    def start_application_mode(self) -> None:
        super().start_application_mode()
        self._signal_loop = loop = asyncio.get_running_loop()
        # A signal ignored by whoever started the app (nohup, trap '' HUP) stays ignored:
        # without a terminal the end of input ends the app (run_input_thread).
        self._handled = []
        for number in EXIT_SIGNALS:
            if signal.getsignal(number) is signal.SIG_IGN:
                continue
            try:
                loop.add_signal_handler(number, self._end, 128 + number)
            except (ValueError, RuntimeError):  # not the main thread: Textual's defaults
                continue
            self._handled.append(number)

    def stop_application_mode(self) -> None:
        try:
            if isinstance(self._app, Leaves):
                self._app.save_drafts()  # after a crash (or ctrl+z), nothing else has
        finally:
            if self._signal_loop is not None:
                for number in self._handled:
                    self._signal_loop.remove_signal_handler(number)
            super().stop_application_mode()

    def _end(self, code: int) -> None:
        if isinstance(self._app, Leaves):
            self._app.leave(code)
        else:
            self._app.exit(return_code=code)

    def _input_ended(self) -> None:
        if self._signal_loop is not None and not self.exit_event.is_set():
            with contextlib.suppress(RuntimeError):  # the loop is closed: the app has ended
                self._signal_loop.call_soon_threadsafe(self._end, INPUT_ENDED)

    def run_input_thread(self) -> None:
        """Textual's input loop, which ends with the input instead of spinning on it."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    try:
                        data = os.read(self.fileno, 4096)
                    except OSError:  # EIO: the terminal was closed
                        data = b""
                    if not data:
                        self._input_ended()
                        return
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
