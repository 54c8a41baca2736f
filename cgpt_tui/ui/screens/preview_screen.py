"""Preview an uploaded source file: Markdown rendered, other text (PDF, DOCX, HTML, plain)
as text, a page at a time; anything else described. `v` hands the file to the system viewer.

Reading the file (and each PDF page, the first time it shows) runs in a thread while the
screen says what it is reading; only the page shown is in a widget (services/previews.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, Static, TextArea

from cgpt_tui.api import FilePreview
from cgpt_tui.local.viewer import opener_name, save_private_copy
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.previews import PreviewDocument, PreviewKind, open_preview
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.widgets.markdown_page import MarkdownPage
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


class PreviewScreen(ReportsWorkerErrors, ModalScreen[None]):
    """A read-only view of a source file, page by page; escape closes it."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="preview.close"),
        Binding("right_square_bracket,n", "page(1)", "Next page", id="preview.next_page"),
        Binding("left_square_bracket,p", "page(-1)", "Previous page", id="preview.previous_page"),
        Binding("v", "open_viewer", "System viewer", id="preview.open_viewer"),
    ]

    app = getters.app(AppServices)

    def __init__(self, title: str, preview: FilePreview) -> None:
        super().__init__()
        self.title_text = title
        self.preview = preview
        self.document: PreviewDocument | None = None
        self.page_index = 0
        self.saved_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog preview"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(""), id="preview-facts")
            yield LoadingIndicator(id="preview-loading")
            yield Static(Content("Reading the file…"), id="preview-message")
            yield TextArea("", read_only=True, soft_wrap=True, id="preview-text")
            yield MarkdownPage(id="preview-markdown")
            yield Static(Content(""), id="preview-notice")
            yield Static(Content(""), id="preview-saved")
            yield Static(Content(""), id="preview-footer", classes="dialog-detail")

    def on_mount(self) -> None:
        for name in ("#preview-text", "#preview-markdown", "#preview-notice", "#preview-saved"):
            self.query_one(name).display = False
        self._show_footer()
        self._open()

    # ------------------------------------------------------------------ reading

    @work(thread=True, group="preview-open", exit_on_error=False)
    def _open(self) -> None:
        try:
            document = open_preview(self.preview)
            first = document.page(0) if document.page_count else None
        except Exception as error:  # a reader's bug must not leave the screen reading forever
            reason = clean_line(str(error)) or type(error).__name__
            self.app.call_from_thread(self._say, f"This file could not be read ({reason}).")
            raise
        self.app.call_from_thread(self._opened, document, first)

    def _opened(self, document: PreviewDocument, first: str | None) -> None:
        if not self.is_attached:
            return
        self.document = document
        self.query_one("#preview-facts", Static).update(Content(document.facts.summary))
        if document.notice:
            notice = self.query_one("#preview-notice", Static)
            notice.update(Content(document.notice))
            notice.display = True
        if document.kind is PreviewKind.DESCRIBED or first is None:
            self._say(f"{document.reason} Press v to open it in the system viewer.".strip())
        else:
            self._show_page(0, first)
        self._show_footer()

    @work(thread=True, exclusive=True, group="preview-page", exit_on_error=False)
    def _read_page(self, document: PreviewDocument, index: int) -> None:
        text = document.page(index)
        self.app.call_from_thread(self._page_read, index, text)

    def _page_read(self, index: int, text: str) -> None:
        if self.is_attached and index == self.page_index:
            self._show_page(index, text)

    # ------------------------------------------------------------------ showing

    def _say(self, text: str, *, busy: bool = False) -> None:
        """A sentence in place of the text: what is being read, or why nothing shows."""
        if not self.is_attached:
            return
        message = self.query_one("#preview-message", Static)
        message.update(Content(text))
        message.display = True
        self.query_one("#preview-loading").display = busy
        self.query_one("#preview-text").display = False
        self.query_one("#preview-markdown").display = False

    def _show_page(self, index: int, text: str) -> None:
        assert self.document is not None
        self.page_index = index
        self.query_one("#preview-message").display = False
        self.query_one("#preview-loading").display = False
        markdown = self.document.kind is PreviewKind.MARKDOWN
        if markdown:
            page = self.query_one("#preview-markdown", MarkdownPage)
            page.display = True
            page.update(text)
            page.focus()
        else:
            area = self.query_one("#preview-text", TextArea)
            area.display = True
            area.load_text(text)
            area.move_cursor((0, 0))
            area.scroll_home(animate=False)
            area.focus()
        self._show_footer()

    def _show_footer(self) -> None:
        parts = []
        document = self.document
        if document is not None and document.page_count > 1:
            parts += [f"page {self.page_index + 1} of {document.page_count}"]
            parts += ["] next page", "[ previous page"]
        parts += ["v open in the system viewer", "esc closes"]
        self.query_one("#preview-footer", Static).update(Content("  ·  ".join(parts)))

    # ------------------------------------------------------------------ actions

    def action_page(self, step: int) -> None:
        document = self.document
        if document is None or document.kind is PreviewKind.DESCRIBED:
            return
        index = self.page_index + step
        if not 0 <= index < document.page_count:
            return
        self.page_index = index
        self._show_footer()
        text = document.cached(index)
        if text is not None:
            self._show_page(index, text)
        else:
            self._say(f"Reading page {index + 1} of {document.page_count}…", busy=True)
            self._read_page(document, index)

    def action_open_viewer(self) -> None:
        if self.saved_path is None:
            try:
                self.saved_path = save_private_copy(
                    self.preview.content, self.preview.filename, self.preview.content_type
                )
            except OSError as error:
                self.notify(f"Could not save the file: {error.strerror or error}", severity="error")
                return
        where = clean_line(str(self.saved_path))
        opened = self.app.open_file(self.saved_path)
        if opened:
            text = f"Saved to {where} and opened in the system viewer."
        else:
            text = f"Saved to {where}. No system viewer ({opener_name()}) could open it."
        saved = self.query_one("#preview-saved", Static)
        saved.update(Content(text))
        saved.display = True
        self.notify(text, severity="information" if opened else "warning")

    def action_close(self) -> None:
        self.dismiss(None)
