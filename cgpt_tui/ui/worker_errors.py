"""Never crash: workers run with exit_on_error=False, and their owners report failures.

Textual posts `Worker.StateChanged` only to the worker's own node (it does not bubble), so
every node that starts workers mixes this in and hands errors to the app.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App
from textual.worker import Worker, WorkerState

from cgpt_tui.ui.crash_reports import CrashReports


class HasApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class ReportsWorkerErrors:
    """Mix into a widget or screen that starts workers."""

    def on_worker_state_changed(self: HasApp, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            app = self.app
            if isinstance(app, CrashReports):  # not in a test's bare App
                app.report_unexpected(event.worker)
