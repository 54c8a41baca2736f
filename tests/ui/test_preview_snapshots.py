"""SVG snapshot of a PDF citation's preview (the Lumen manual's warranty, page 2 of 3).

Update with `pytest tests/ui/test_preview_snapshots.py --snapshot-update`, then look at the
SVG in tests/ui/__snapshots__/ before committing.
"""

from __future__ import annotations

from textual.widgets import TextArea

from cgpt_tui.ui.screens.preview_screen import PreviewScreen
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.markdown_page import MarkdownPage

from .helpers import make_app, wait_until
from .test_snapshots import SIZE, ask_and_finish, settle, still_server  # noqa: F401


def test_pdf_preview_second_page(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        agents = pilot.app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: agents.agents, what="agents")
        agents.options.focus()
        agents.options.highlighted = 1
        await pilot.press("enter")
        chat = pilot.app.screen.query_one(ChatPane)
        await wait_until(pilot, lambda: chat.agent is not None and chat.agent.id == 102)
        await settle(pilot)
        await ask_and_finish(pilot, chat, "What does the warranty cover?")
        await pilot.press("escape", "l", "o")  # the first source card, then open it
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen))
        text = pilot.app.screen.query_one("#preview-text", TextArea)
        await wait_until(pilot, lambda: text.text.startswith("Warranty coverage"))
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: text.text.startswith("What the warranty does not"))
        text.cursor_blink = False
        await pilot.pause(0.2)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_markdown_preview_rendered(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        agents = pilot.app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: agents.agents, what="agents")
        agents.options.focus()
        agents.options.highlighted = 1
        await pilot.press("enter")
        chat = pilot.app.screen.query_one(ChatPane)
        await wait_until(pilot, lambda: chat.agent is not None and chat.agent.id == 102)
        await settle(pilot)
        await ask_and_finish(pilot, chat, "How long does the battery last?")
        await pilot.press("escape", "l", "o")  # the first source card, then open it
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen))
        page = pilot.app.screen.query_one("#preview-markdown", MarkdownPage)
        await wait_until(pilot, lambda: page.plain_lines(), what="rendered")
        await pilot.pause(0.2)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
