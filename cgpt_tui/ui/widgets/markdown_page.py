"""One page of a Markdown file, rendered as the answers are (ui/render/markdown.py).

A line-API widget: the page is rendered once per width (and theme) into strips, and only
the rows in view are drawn. Textual's Markdown widget mounts a widget per block: a
200-line page took ~1.5 s to show there, ~30 ms here. Links read `text (url)` and open
nothing; the text is already sanitized (services/previews.py).
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class MarkdownPage(ScrollView, can_focus=True):
    """A scrollable, rendered page of Markdown (the arrows, PgUp / PgDn, Home / End scroll)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._strips: list[Strip] = []
        self._width = 0  # the width `_strips` were rendered at (0: not yet)

    @property
    def text(self) -> str:
        """The page's Markdown source."""
        return self._text

    def update(self, text: str) -> None:
        """Show `text` from its top."""
        self._text = text
        self._width = 0
        self._render_page()
        self.scroll_home(animate=False)

    def plain_lines(self) -> list[str]:
        """The rendered rows as plain text (what the reader sees, without styles)."""
        return [strip.text.rstrip() for strip in self._strips]

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)

    def _on_theme_changed(self, _theme: object) -> None:
        self._width = 0
        self.call_after_refresh(self._render_page)

    def on_resize(self, event: events.Resize) -> None:
        self._render_page()

    def _render_page(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        from cgpt_tui.ui.render.markdown import render_markdown  # the Markdown stack waits

        code_theme = "monokai" if self.app.current_theme.dark else "friendly"
        base = self.rich_style
        strips = render_markdown(self.app.console, self._text, width, code_theme=code_theme)
        self._strips = [Strip(Segment.apply_style(strip, base), width) for strip in strips]
        self._width = width
        self.virtual_size = Size(width, len(self._strips))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if row < len(self._strips) and self._width == width:
            return self._strips[row]
        return Strip.blank(width, self.rich_style)
