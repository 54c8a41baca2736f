"""An unexpected error in a worker is shown and logged (without the key); the app goes on."""

from __future__ import annotations

import ast
from pathlib import Path

from textual import work
from textual.widgets import Static

from cgpt_tui.local.error_log import ErrorLog
from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

from .helpers import make_app, wait_until

UI = Path(__file__).resolve().parents[2] / "cgpt_tui" / "ui"


class Exploding(ReportsWorkerErrors, Static):
    """Stands for a bug: a worker that raises something that is not an API error."""

    @work(exit_on_error=False)
    async def explode(self, text: str) -> None:
        raise RuntimeError(text)


async def test_a_failing_worker_is_reported_logged_and_survived(demo_server, tmp_path) -> None:
    log = tmp_path / "state" / "cgpt-tui.log"
    app = make_app(demo_server, error_log=ErrorLog(log))
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.data.connected, what="client")
        widget = Exploding()
        await app.screen.mount(widget)
        widget.explode(f"boom while holding {demo_server.api_key}")
        await wait_until(
            pilot,
            lambda: any("boom" in n.message for n in app._notifications),
            what="the error notification",
        )
        message = next(n.message for n in app._notifications if "boom" in n.message)
        assert str(log) in message and demo_server.api_key not in message
        written = log.read_text()
        assert "RuntimeError: boom while holding [redacted]" in written
        assert demo_server.api_key not in written
        assert oct(log.stat().st_mode)[-3:] == "600"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen), "the app still answers keys"


def test_every_ui_worker_reports_instead_of_exiting() -> None:
    """Each @work has exit_on_error=False, and its class hands errors to the app."""
    offenders = []
    for path in UI.rglob("*.py"):
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef):
                continue
            bases = {getattr(base, "id", "") for base in cls.bases}
            for node in ast.walk(cls):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "work":
                    keywords = {k.arg: k.value for k in node.keywords}
                    value = keywords.get("exit_on_error")
                    if not (isinstance(value, ast.Constant) and value.value is False):
                        offenders.append(f"{path.name}:{node.lineno} exits on error")
                    if "ReportsWorkerErrors" not in bases and cls.name != "CgptApp":
                        offenders.append(f"{path.name}:{cls.name} does not report errors")
    assert offenders == []
