"""Never crash: workers run with exit_on_error=False, and their owners report failures.

Textual posts `Worker.StateChanged` only to the worker's own node (it does not bubble), so
every node that starts workers mixes this in and hands errors to the app.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    """Mix into a widget or screen that starts workers."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report = getattr(self.app, "report_unexpected", None)  # type: ignore[attr-defined]
            if report is not None:
                report(event.worker)
