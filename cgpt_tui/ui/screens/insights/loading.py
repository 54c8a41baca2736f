"""The insights screen's loading line: which reports have answered, how many pages of
customer intelligence are walked, and a bar of both. Hidden once everything is in; an error
that left nothing to show stays, in the error colour."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

REPORTS = ("traffic", "queries", "conversations", "analysis")


class Loading(Horizontal):
    """Fed by `Insights.load(..., progress=...)` through `step`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ticket = 0  # which load the steps belong to: a superseded one's are dropped
        self.reports: set[str] = set()
        self.pages: tuple[int, int | None] = (0, None)

    def compose(self) -> ComposeResult:
        yield Static("", id="loading-text", markup=False)
        yield ProgressBar(total=None, show_eta=False, id="loading-bar")

    @property
    def text(self) -> str:
        return str(self.query_one("#loading-text", Static).render())

    def start(self) -> None:
        self.ticket += 1
        self.reports = set()
        self.pages = (0, None)
        self.set_class(False, "-error")
        self.query_one(ProgressBar).display = True
        self.display = True
        self._show()

    def step(self, ticket: int, section: str, done: int, total: int | None) -> None:
        if ticket != self.ticket or not self.display:
            return
        if section == "intelligence":
            self.pages = (done, total)
        elif total is not None and done >= total:
            self.reports.add(section)
        self._show()

    def _show(self) -> None:
        done, total = self.pages
        pages = f"page {done:,} of {total:,}" if total else f"{done:,} pages"
        self.query_one("#loading-text", Static).update(
            Content(
                f"Loading… {len(self.reports)} of {len(REPORTS)} reports · answers walked: {pages}"
            )
        )
        bar = self.query_one(ProgressBar)
        if total:
            bar.update(total=len(REPORTS) + total, progress=len(self.reports) + done)
        elif self.reports:
            bar.update(total=len(REPORTS) + 1, progress=len(self.reports))

    def done(self) -> None:
        self.display = False

    def fail(self, text: str) -> None:
        self.query_one("#loading-text", Static).update(Content(text))
        self.query_one(ProgressBar).display = False
        self.set_class(True, "-error")
        self.display = True
