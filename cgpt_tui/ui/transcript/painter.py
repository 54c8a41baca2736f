"""Paint a transcript entry into strips: question, answer, status line and citation cards.

Finished answer blocks are rendered (and styled) once per width and kept; only the block
still growing is rendered again while an answer streams, so painting a streaming answer costs
the same at its 20th block as at its 2,000th. Lines are kept packed (see packed.py) and
unpacked as they are drawn (rows.py), with the gutter that marks the selected entry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from cgpt_tui.api import Reaction
from cgpt_tui.api.frozen import record
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.ui.render.spans import CodeSpan, MarkerSpan, Marks
from cgpt_tui.ui.render.text import render_text
from cgpt_tui.ui.timefmt import exact_time
from cgpt_tui.ui.transcript.code_blocks import frame_code_block
from cgpt_tui.ui.transcript.entry import ChatEntry, CitationCard, EntryStatus
from cgpt_tui.ui.transcript.markers import MarkerLooks, style_markers
from cgpt_tui.ui.transcript.packed import PackedLine, PackedLines, StyleTable

GUTTER = 2
MARGIN = 1
DESCRIPTION_LIMIT = 180
HEADS_KEPT = 256  # question and label rows kept (_head), of as many entries or fewer


# The transcript's component classes, whose styles (in the theme's colours) make the palette.
COMPONENT_CLASSES: frozenset[str] = frozenset(
    {
        "transcript--question-label",
        "transcript--question",
        "transcript--answer-label",
        "transcript--meta",
        "transcript--cursor",
        "transcript--card-border",
        "transcript--card-border-selected",
        "transcript--card-title",
        "transcript--card-host",
        "transcript--card-link",
        "transcript--marker",
        "transcript--marker-selected",
        "transcript--code-selected",
        "transcript--busy",
        "transcript--warning",
        "transcript--error",
    }
)


@record
class Palette:
    """Rich styles for the parts of an entry, taken from the widget's component classes."""

    base: Style = field(default_factory=Style)
    question_label: Style = field(default_factory=Style)
    question: Style = field(default_factory=Style)
    answer_label: Style = field(default_factory=Style)
    meta: Style = field(default_factory=Style)
    cursor: Style = field(default_factory=Style)
    card_border: Style = field(default_factory=Style)
    card_border_selected: Style = field(default_factory=Style)
    card_title: Style = field(default_factory=Style)
    card_host: Style = field(default_factory=Style)
    card_link: Style = field(default_factory=Style)
    busy: Style = field(default_factory=Style)
    warning: Style = field(default_factory=Style)
    error: Style = field(default_factory=Style)
    liked: Style = field(default_factory=Style)
    disliked: Style = field(default_factory=Style)
    marker_looks: MarkerLooks = field(default_factory=MarkerLooks)
    code_selected: Style = field(default_factory=Style)
    code_theme: str = "monokai"


def palette_for(widget: Widget) -> Palette:
    """The palette from a widget's `transcript--*` component classes (theme colours)."""

    def style(name: str) -> Style:
        return widget.get_component_rich_style(f"transcript--{name}", partial=True)

    return Palette(
        base=widget.rich_style,
        question_label=style("question-label"),
        question=style("question"),
        answer_label=style("answer-label"),
        meta=style("meta"),
        cursor=style("cursor"),
        card_border=style("card-border"),
        card_border_selected=style("card-border-selected"),
        card_title=style("card-title"),
        card_host=style("card-host"),
        card_link=style("card-link"),
        busy=style("busy"),
        warning=style("warning"),
        error=style("error"),
        liked=style("busy"),
        disliked=style("error"),
        marker_looks=MarkerLooks(style("marker"), style("marker-selected")),
        code_selected=style("code-selected"),
        code_theme="monokai" if widget.app.current_theme.dark else "friendly",
    )


@dataclass
class Painted:
    lines: PackedLines  # rows `inner_width(width)` cells wide, without the gutter
    cards: list[tuple[int, int]]  # (first row, end row) of each citation card
    # The answer's inline citation markers (those with a card) and code blocks, rows counted
    # from the entry's first.
    markers: list[MarkerSpan] = field(default_factory=list)
    code_blocks: list[CodeSpan] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.lines)


@dataclass
class _BlockCache:
    width: int
    blocks: list[PackedLines] = field(default_factory=list)  # the finished blocks
    marks: list[Marks] = field(default_factory=list)  # their markers and code blocks
    tail: str = ""  # the block still growing (or an answer's last), as last rendered
    tail_lines: PackedLines = ()
    tail_marks: Marks | None = None  # None: rendered while streaming, nothing marked


STATUS_TEXT = {
    EntryStatus.SENDING: "● sending…",
    EntryStatus.STREAMING: "● answering…  esc to stop",
    EntryStatus.STOPPED: "■ stopped",
    EntryStatus.INTERRUPTED: "▲ interrupted",
    EntryStatus.FAILED: "✕ failed",
}


def inner_width(width: int) -> int:
    """The width an entry is painted at, in a transcript `width` cells wide."""
    return max(width - GUTTER - MARGIN, 10)


class EntryPainter:
    """Turns entries into strips for one console and palette."""

    def __init__(self, console: Console, palette: Palette) -> None:
        self.console = console
        self.palette = palette
        self._blocks: dict[ChatEntry, _BlockCache] = {}
        self._heads: dict[tuple[object, ...], PackedLines] = {}  # see _head
        self._table = StyleTable()

    def text(self, line: PackedLine) -> str:
        return self._table.text(line)

    def segments(self, line: PackedLine) -> list[Segment]:
        return self._table.segments(line)

    def styled(self, line: PackedLine) -> list[tuple[str, Style | None]]:
        return self._table.styled(line)

    def forget(self, entry: ChatEntry) -> None:
        self._blocks.pop(entry, None)

    def clear(self) -> None:
        self._blocks.clear()
        self._heads.clear()

    def paint(
        self,
        entry: ChatEntry,
        width: int,
        *,
        selected: bool = False,
        selected_card: int | None = None,
        selected_marker: int | None = None,
        selected_code: int | None = None,
        agent_name: str = "Answer",
    ) -> Painted:
        """The entry's rows; the selected one shows its exact time and its metadata, and
        its selected marker (of `Painted.markers`) or code block."""
        inner = inner_width(width)
        blank = self._table.pack(Strip.blank(inner, self.palette.base))
        rows = list(self._head(entry, inner, blank, selected=selected, agent_name=agent_name))
        answer, marks = self._answer(entry, inner)
        shifted = Marks()
        shifted.extend(marks, len(rows))
        rows += answer
        palette = self.palette
        markers = [m for m in shifted.markers if 0 < m.number <= len(entry.cards)]
        style_markers(self._table, rows, markers, selected_marker, palette.marker_looks)
        if selected_code is not None and 0 <= selected_code < len(shifted.code):
            frame_code_block(self._table, rows, shifted.code, selected_code, palette.code_selected)
        rows += self._styled(self._status_line(entry, inner))
        cards: list[tuple[int, int]] = []
        if entry.cards:
            rows.append(blank)
        for index, card in enumerate(entry.cards):
            start = len(rows)
            rows += self._styled(self._card(card, index, inner, selected=selected_card == index))
            cards.append((start, len(rows)))
        return Painted(tuple(rows), cards, markers, shifted.code)

    def _head(
        self, entry: ChatEntry, inner: int, blank: PackedLine, *, selected: bool, agent_name: str
    ) -> PackedLines:
        """The question and the answer's label, kept: a streamed answer is painted eight
        times a second under the same ones."""
        meta = self._meta(entry, selected=selected)
        key = (entry.question, entry.created_at, selected, inner, agent_name, meta)
        head = self._heads.get(key)
        if head is None:
            if len(self._heads) >= HEADS_KEPT:
                self._heads.clear()
            question = self._styled(self._question(entry, inner, selected=selected))
            label = self._styled(self._label(agent_name, self.palette.answer_label, inner, meta))
            head = self._heads[key] = (*question, blank, *label)
        return head

    def _styled(self, strips: list[Strip]) -> PackedLines:
        return self._table.pack_all(strips, self.palette.base)

    def _label(self, label: str, style: Style, width: int, meta: str = "") -> list[Strip]:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(clean_line(label), style=style)  # the label's bold stays off the meta
        if meta:
            text.append("  " + meta, style=self.palette.meta)
        return render_text(self.console, text, width)

    def _question(self, entry: ChatEntry, width: int, *, selected: bool) -> list[Strip]:
        when = exact_time(entry.created_at) if selected else _short_time(entry.created_at)
        rows = self._label("You", self.palette.question_label, width, when)
        question = Text(
            clean_text(entry.question).strip() or "(empty question)", self.palette.question
        )
        return rows + render_text(self.console, question, width)

    def _meta(self, entry: ChatEntry, *, selected: bool = False) -> str:
        parts = []
        reaction = entry.shown_reaction
        if reaction is Reaction.LIKED:
            parts.append("▲ liked")
        elif reaction is Reaction.DISLIKED:
            parts.append("▼ disliked")
        if selected:
            if entry.message_id is not None:
                parts.append(f"message {entry.message_id}")
            if entry.request_source:
                parts.append(f"via {clean_line(entry.request_source)}")
            if entry.external_id:
                parts.append(f"external id {clean_line(entry.external_id)}")
        return " · ".join(parts)

    def warm(self, entry: ChatEntry, width: int, deadline: float) -> bool:
        """Render the entry's answer blocks not rendered yet, one at a time until `deadline`.

        True when every block is ready, so that painting the entry is quick; the background
        painter goes block by block and so never holds the app for a whole long answer.
        """
        if not self.warm_finished(entry, width, deadline):
            return False
        cache = self._cache(entry, inner_width(width))
        tail, marked = entry.answer.tail, not entry.status.is_active
        if _tail_stale(cache, tail, marked) and time.perf_counter() > deadline:
            return False
        self._render_tail(cache, tail, marked=marked)
        return True

    def warm_finished(self, entry: ChatEntry, width: int, deadline: float) -> bool:
        """Render the answer's finished blocks not rendered yet, until `deadline`; True when
        none is left. While an answer streams this runs between repaints, so a repaint only
        renders the growing block."""
        cache = self._cache(entry, inner_width(width))
        finished = entry.answer.finished
        while len(cache.blocks) < len(finished):
            if time.perf_counter() > deadline:
                return False
            self._render_finished(cache, finished[len(cache.blocks)])
        return True

    def _cache(self, entry: ChatEntry, width: int) -> _BlockCache:
        cache = self._blocks.get(entry)
        if cache is None or cache.width != width:
            cache = self._blocks[entry] = _BlockCache(width)
        return cache

    def _render_finished(self, cache: _BlockCache, block: str) -> None:
        strips, marks = self._render_marked(block, cache.width)
        cache.blocks.append(self._styled(strips))
        cache.marks.append(marks)

    def _render_tail(self, cache: _BlockCache, tail: str, *, marked: bool) -> None:
        """Render the growing block, or the last one. Its markers and code blocks are found
        only once the answer has finished: not again at every streamed token."""
        if not _tail_stale(cache, tail, marked):
            return
        strips: list[Strip] = []
        marks: Marks | None = Marks() if marked else None
        if tail.strip() and marked:
            strips, marks = self._render_marked(tail, cache.width)
        elif tail.strip():
            strips = self._render_block(tail, cache.width)
        cache.tail, cache.tail_lines, cache.tail_marks = tail, self._styled(strips), marks

    def _answer(self, entry: ChatEntry, width: int) -> tuple[list[PackedLine], Marks]:
        cache = self._cache(entry, width)
        for block in entry.answer.finished[len(cache.blocks) :]:
            self._render_finished(cache, block)
        marked = not entry.status.is_active  # a streaming answer's repaint gathers no marks
        self._render_tail(cache, entry.answer.tail, marked=marked)
        rows: list[PackedLine] = []
        marks = Marks()
        blank = self._table.pack(Strip.blank(width, self.palette.base))
        for lines, block_marks in [
            *zip(cache.blocks, cache.marks, strict=True),
            (cache.tail_lines, cache.tail_marks),
        ]:
            if lines and rows:
                rows.append(blank)
            if marked and block_marks is not None:
                marks.extend(block_marks, len(rows))
            rows += lines
        if not rows and not entry.status.is_active:
            empty = Text("(no answer text)", self.palette.meta)
            rows = list(self._styled(render_text(self.console, empty, width)))
        return rows, marks

    def _render_marked(self, block: str, width: int) -> tuple[list[Strip], Marks]:
        from cgpt_tui.ui.render.marks import render_marked  # as _render_block

        marked = render_marked(
            self.console, clean_text(block), width, code_theme=self.palette.code_theme
        )
        return marked.strips, marked.marks

    def _render_block(self, block: str, width: int) -> list[Strip]:
        # Imported on the first answer shown: the Markdown stack is not needed to start.
        from cgpt_tui.ui.render.markdown import render_markdown

        return render_markdown(
            self.console, clean_text(block), width, code_theme=self.palette.code_theme
        )

    def _status_line(self, entry: ChatEntry, width: int) -> list[Strip]:
        text = STATUS_TEXT.get(entry.status)
        if text is None:
            return []
        style = {
            EntryStatus.SENDING: self.palette.busy,
            EntryStatus.STREAMING: self.palette.busy,
            EntryStatus.STOPPED: self.palette.warning,
        }.get(entry.status, self.palette.error)
        line = Text(text, style=style)
        if entry.error:
            line.append(f"  {clean_line(entry.error)}", style=self.palette.meta)
        if entry.status in (EntryStatus.INTERRUPTED, EntryStatus.FAILED):
            line.append("  r to retry", style=self.palette.meta)
        return [Strip.blank(width), *render_text(self.console, line, width)]

    def _card(self, card: CitationCard, index: int, width: int, *, selected: bool) -> list[Strip]:
        palette = self.palette
        border = palette.card_border_selected if selected else palette.card_border
        inner = max(width - 4, 6)
        body = Text(no_wrap=False)
        citation = card.citation
        url = clean_line(citation.url) if citation and citation.url else ""
        title = clean_line(citation.title) if citation and citation.title else ""
        host = urlsplit(url).hostname or "" if url else ""
        if citation is None and card.error is None:
            body.append("loading source…", style=palette.meta)
        elif citation is None:
            body.append(f"source {card.citation_id} unavailable", style=palette.meta)
            body.append(f"  {clean_line(card.error)}", style=palette.meta)
        else:
            body.append(title or url or f"source {card.citation_id}", style=palette.card_title)
            if host:
                body.append(f"  {host}", style=palette.card_host)
            description = clean_line(citation.description) if citation.description else ""
            if description:
                body.append("\n" + _trim(description, DESCRIPTION_LIMIT))
            if url and (title or description):
                body.append("\n" + url, style=palette.card_link)
        lines = render_text(self.console, body, inner)
        label = f"─[{index + 1}]"
        top = _segment("╭" + label + "─" * max(width - 2 - len(label), 0) + "╮", border)
        bottom = _segment("╰" + "─" * max(width - 2, 0) + "╯", border)
        left, right = _segment("│ ", border), _segment(" │", border)
        rows = [Strip([top], width)]
        for line in lines:
            rows.append(Strip.join([Strip([left], 2), line, Strip([right], 2)]))
        rows.append(Strip([bottom], width))
        return rows


def _tail_stale(cache: _BlockCache, tail: str, marked: bool) -> bool:
    """The tail must be rendered again: its text changed, or its marks are wanted now."""
    return tail != cache.tail or (marked and cache.tail_marks is None)


def _segment(text: str, style: Style) -> Segment:
    return Segment(text, style)


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut + "…"


def _short_time(when: datetime | None) -> str:
    if when is None:
        return ""
    local = when.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")
