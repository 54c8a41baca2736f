"""What the app does with errors nobody expected: never a locals dump, never the key.

A worker's unexpected error is shown as a notification, logged, and the app goes on. A crash
the app cannot recover from ends with two lines (what happened, where the details are)
instead of Textual's crash screen, which prints every frame's locals.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from cgpt_tui.local.error_log import ErrorLog, shown_message


class CrashReports(App[int]):
    """Mixed into `CgptApp` (first, so its overrides of Textual's come before App's)."""

    error_log: ErrorLog | None = None
    _crash: BaseException | None = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report_unexpected(event.worker)

    def report_unexpected(self, worker: Worker) -> None:
        """Never crash: a worker's unexpected error is shown, logged, and the app goes on."""
        error = worker.error
        if error is None:
            return
        where = ""
        if self.error_log is not None:
            try:
                where = f" Details: {self.error_log.write(error, worker.name)}"
            except OSError:
                where = ""
        summary = shown_message(error, self.error_log) or type(error).__name__
        severity: SeverityLevel = "error"
        self.notify(
            f"Something went wrong ({type(error).__name__}: {summary}).{where}",
            title="Unexpected error",
            severity=severity,
            timeout=15,
        )

    def _handle_exception(self, error: Exception) -> None:
        self._crash = error  # for _fatal_error, which Textual calls without it
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """A crash the app cannot recover from. Textual would print a traceback with every
        frame's locals; instead the scrubbed traceback goes to the error log and the
        terminal gets two lines: what happened, and where the details are."""
        error = self._crash or RuntimeError("unknown failure")
        summary = shown_message(error, self.error_log)
        lines = [f"cgpt-tui stopped on an unexpected error ({type(error).__name__}: "]
        lines[0] += f"{summary})." if summary else "no message)."
        if self.error_log is not None:
            try:
                lines.append(f"Details (without the API key): {self.error_log.write(error)}")
            except OSError as failure:
                lines.append(f"The error log could not be written: {failure.strerror}")
        self.bell()
        self._exit_renderables.append(Text("\n".join(lines)))
        self._close_messages_no_wait()
