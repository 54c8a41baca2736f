"""Preview an uploaded source file as text."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from cgpt_tui.api import FilePreview
from cgpt_tui.sanitize import clean_text

MAX_PREVIEW_BYTES = 2_000_000


def preview_text(preview: FilePreview) -> str:
    """The file as readable text, or a sentence saying why it cannot be shown."""
    content_type = (preview.content_type or "").split(";")[0].strip().lower()
    textual_type = content_type.startswith("text/") or content_type in (
        "application/json",
        "application/xml",
        "application/markdown",
        "",
    )
    data = preview.content[:MAX_PREVIEW_BYTES]
    if not textual_type or b"\x00" in data[:4096]:
        return (
            f"This file ({content_type or 'unknown type'}, {len(preview.content):,} bytes) "
            "is not text, so it cannot be previewed here."
        )
    text = clean_text(data.decode("utf-8", errors="replace"))
    if len(preview.content) > MAX_PREVIEW_BYTES:
        text += "\n\n… (preview truncated)"
    return text


class PreviewScreen(ModalScreen[None]):
    """A read-only view of a source file; escape closes it."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="preview.close"),
    ]

    def __init__(self, title: str, preview: FilePreview) -> None:
        super().__init__()
        self.title_text = title
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog preview"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield TextArea(
                preview_text(self.preview), read_only=True, soft_wrap=True, id="preview-text"
            )
            yield Static(Content("esc closes"), classes="dialog-detail")

    def action_close(self) -> None:
        self.dismiss(None)
