"""The normal start path imports nothing only the stand-in server or other commands need,
nor what can wait: the network stack (httpx, httpcore, anyio, h11, and the standard
library's email and http.client that httpx imports: a child process asks for the first page
of agents, api/prefetch.py, and the client imports httpx at its first request), the keyring
(the key may be in the environment), the Markdown stack (until an answer is shown), plotext
(until the insights screen is opened: the main screen imports that screen's module, not its
charts), the reports behind insights and the review queue, and the screens the first frame
does not show (the keys, signing in: a key is usually there; a file's preview and what
reads PDF and Word files), and the widgets it does not show (the forms to create or delete
an agent, the indexing bar, the pane tabs of a narrow screen). The records of the workshop, the
reports and the OpenAI-compatible endpoint are imported but built at their first use
(api/lazy.py): ~12 ms of dataclass building at every start."""

from __future__ import annotations

import json
import subprocess
import sys

START_PATH = "import cgpt_tui.cli.main, cgpt_tui.cli.app, cgpt_tui.ui.app"
BUILT_WHEN_USED = (
    "cgpt_tui.api.content_records",
    "cgpt_tui.api.report_records",
    "cgpt_tui.api.completions",
)
SERVER_ONLY = ("uvicorn", "starlette", "cgpt_tui.demo", "tests")
LATER = (
    "httpx",
    "httpx_sse",
    "httpcore",
    "anyio",
    "h11",
    "email",
    "http.client",
    "cgpt_tui.api.transport",
    "cgpt_tui.api.streaming",
    "click",
    "keyring",
    "markdown_it",
    "rich.markdown",
    "pygments",
    "plotext",
    "textual_plotext",
    "cgpt_tui.services.insights",
    "cgpt_tui.services.review",
    "cgpt_tui.services.review_online",
    "cgpt_tui.ui.screens.help_screen",
    "cgpt_tui.ui.screens.signin_screen",
    "cgpt_tui.ui.screens.preview_screen",
    "cgpt_tui.services.previews",
    "pypdf",
    # Built or opened when first needed: the forms to create and delete an agent (and the
    # file picker, radio buttons), the indexing bar, the pane tabs of a narrow screen.
    "cgpt_tui.ui.screens.create_agent_screen",
    "cgpt_tui.ui.screens.delete_agent_screen",
    "cgpt_tui.ui.screens.file_picker_screen",
    "textual.widgets._radio_set",
    "textual.widgets._progress_bar",
    "textual.widgets._tabs",
    # Imported when first used: the history search and its filling, exports, the dialogs
    # to confirm, rename and name a file.
    "cgpt_tui.history.search",
    "cgpt_tui.history.sync",
    "cgpt_tui.services.export",
    "cgpt_tui.ui.export_file",
    "cgpt_tui.ui.screens.confirm_screen",
    "cgpt_tui.ui.screens.prompt_screen",
    "cgpt_tui.ui.screens.rename_screen",
    # The commands' parsers: the app's own options are read without them (cli/main.py).
    "cgpt_tui.cli.report_args",
    "cgpt_tui.cli.workshop_args",
)


def loaded_by(imports: str) -> list[str]:
    code = f"{imports}; import json, sys; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_starting_the_app_loads_no_server_code() -> None:
    loaded = loaded_by(START_PATH)
    assert "cgpt_tui.ui.app" in loaded  # the probe really imported the app
    unwanted = [m for m in loaded if m.split(".")[0] in SERVER_ONLY or m.startswith(SERVER_ONLY)]
    assert unwanted == []
    assert [m for m in LATER if m in loaded] == []


def test_the_insights_screen_module_leaves_plotext_until_the_screen_is_built() -> None:
    loaded = loaded_by(f"{START_PATH}, cgpt_tui.ui.screens.insights")
    assert "cgpt_tui.ui.screens.insights.insights_screen" in loaded
    assert [m for m in loaded if m.split(".")[0] in ("plotext", "textual_plotext")] == []
    assert "cgpt_tui.ui.widgets.charts" not in loaded


def states_after(imports: str) -> dict[str, str]:
    """Each of BUILT_WHEN_USED: "absent", "lazy" (imported, not run yet) or "built"."""
    code = (
        f"{imports}; import json, sys; print(json.dumps({{name: 'absent' if name not in "
        f"sys.modules else 'lazy' if type(sys.modules[name]).__name__ == '_LazyModule' "
        f"else 'built' for name in {BUILT_WHEN_USED!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_records_the_first_frame_does_not_need_are_built_at_their_first_use() -> None:
    assert states_after(START_PATH) == dict.fromkeys(BUILT_WHEN_USED, "lazy")
    used = (
        f"{START_PATH}; from cgpt_tui.api import AgentPage, DateRange; "
        "from cgpt_tui.api.completions import ChatMessage; "
        "assert AgentPage.__dataclass_fields__ and DateRange().query() == {}; "
        "assert ChatMessage('user', 'hi').to_api() == {'role': 'user', 'content': 'hi'}"
    )
    assert states_after(used) == dict.fromkeys(BUILT_WHEN_USED, "built")
