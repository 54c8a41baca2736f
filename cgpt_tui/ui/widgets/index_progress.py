"""How far an agent's indexing has come: the agent list's "indexing 12/40" label, and the
bar shown for the selected agent until it can answer.

`Indexing` is what the agent list learns of one agent (Workshop.watch's progress, and why
it failed); `IndexPanel` shows it above the chat: a ProgressBar "indexed 12 of 40 pages"
while pages are queued, a line with the reason when indexing failed, nothing once the agent
is active.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from cgpt_tui.api import Agent
from cgpt_tui.api.frozen import record
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.workshop import IndexProgress
from cgpt_tui.wording import plural

if TYPE_CHECKING:  # built the first time there is indexing to show (IndexPanel._parts)
    from textual.widgets import ProgressBar

PAGES_TAB_HINT = "f5, the workshop's Pages tab, says why each page failed"


@record
class Indexing:
    """One agent's indexing as last seen; `reason`: why it failed (a failed page's words)."""

    progress: IndexProgress
    reason: str | None = None
    held: bool = False  # nothing queued, yet not active: switched off, not indexing

    @property
    def running(self) -> bool:
        return not self.progress.done and not self.held

    @property
    def failed(self) -> bool:
        return self.progress.done and not self.progress.active

    @property
    def counts(self) -> str:
        """Pages indexed of found: "12/40"."""
        return f"{self.progress.indexed}/{self.progress.found}"

    def row_label(self) -> tuple[str, str] | None:
        """The agent list's label after the name (None once the agent is active)."""
        if self.running:
            return (f"indexing {self.counts}", "$text-muted")
        if self.failed:
            return ("indexing failed", "$text-error")
        if self.held:
            return ("inactive", "$text-warning italic")
        return None

    def refusal(self) -> str | None:
        """Why a question cannot be sent to the agent now (None when it can: an active
        agent indexing new pages answers from those it has)."""
        if self.running and not self.progress.active:
            return f"This agent is still indexing ({self.counts})."
        if self.failed:
            return f"This agent has no indexed pages: {self.failure_text()}"
        return None

    def failure_text(self, *, capital: bool = False) -> str:
        """The sentence: indexing failed, why, and where to look."""
        reason = clean_line(self.reason) if self.reason else ""
        why = f": {reason}" if reason else ""
        return f"{'I' if capital else 'i'}ndexing failed{why} ({PAGES_TAB_HINT})."


class IndexPanel(Vertical):
    """The selected agent's indexing: a bar while it runs, the reason if it failed; hidden
    when the agent is active (or nothing is known of its indexing yet and it is active)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.agent_id: int | None = None
        self.indexing: Indexing | None = None
        self._waiting = False  # inactive, and no progress read yet

    def compose(self) -> ComposeResult:
        # Its caption and bar: the first time there is indexing to show (_parts). Most
        # agents are active: at start, and for each of them, they were five widgets (and a
        # module) to build and style for nothing.
        yield from ()

    def _parts(self) -> tuple[Static, ProgressBar]:
        from textual.widgets import ProgressBar

        if not self.children:
            self.mount(
                Static(id="index-caption"),
                ProgressBar(id="index-bar", show_eta=False, show_percentage=True),
            )
        return self.query_one("#index-caption", Static), self.query_one("#index-bar", ProgressBar)

    def on_mount(self) -> None:
        self.display = False

    def show(self, agent: Agent | None, indexing: Indexing | None) -> None:
        """What is known of `agent`'s indexing (None: nothing read yet)."""
        self.agent_id = agent.id if agent is not None else None
        self.indexing = indexing
        self._waiting = agent is not None and indexing is None and not agent.is_active
        self._paint()

    def update_indexing(self, agent_id: int, indexing: Indexing) -> None:
        """A newer progress of an agent; shown if it is the agent shown."""
        if agent_id == self.agent_id:
            self.indexing = indexing
            self._waiting = False
            self._paint()

    def refusal(self) -> str | None:
        """Why the shown agent cannot be asked now, or None."""
        if self.indexing is not None:
            return self.indexing.refusal()
        if self._waiting:
            return "This agent is still indexing."
        return None

    def _paint(self) -> None:
        indexing = self.indexing
        if indexing is None and not self._waiting:
            self.display = False
            return
        if indexing is not None and not indexing.failed and not indexing.running:
            self.display = False
            return
        caption, bar = self._parts()
        if indexing is None:  # inactive: its first progress is on its way
            self.display = True
            self.set_class(False, "-failed")
            caption.update(Content("Indexing: reading its progress…"))
            bar.display = True
            bar.update(total=None)
            return
        if indexing.failed:
            self.display = True
            self.set_class(True, "-failed")
            caption.update(Content(f"✕ {indexing.failure_text(capital=True)}"))
            bar.display = False
            return
        progress = indexing.progress
        self.display = True
        self.set_class(False, "-failed")
        failed = f", {progress.failed} failed" if progress.failed else ""
        caption.update(
            Content(
                f"Indexing: indexed {progress.indexed} of {plural(progress.found, 'page')}{failed}"
                + (
                    " (it answers from those indexed so far)"
                    if progress.active
                    else " (it answers once every page is done)"
                )
            )
        )
        bar.display = True
        bar.update(total=progress.found or None, progress=progress.indexed)
