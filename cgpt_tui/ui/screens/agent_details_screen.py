"""Agent details: what the agent is, how it answers, what it has read, and the account's limits.

Settings, stats and usage limits load together; a section whose call fails says why in one
line while the others still show. Choosing an example question closes the screen with that
question, so the caller can ask it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import ClassVar, TypeVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, AgentSettings, AgentStats, CustomGPTError, UsageLimits
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

T = TypeVar("T")
Row = tuple[str, str]

MISSING = "—"
LABEL_WIDTH = 20
PERSONA_CHARS = 200
SOURCES = {
    "own_content": "its own content only",
    "openai_content": "its content and the model's general knowledge",
    "default": "the account default",
}
CITATION_VIEWS = {
    "show": "shown with every answer",
    "hide": "hidden from readers",
    "user": "readers choose to show them",
}


# ------------------------------------------------------------------ pure formatting


def count(value: int | None) -> str:
    """A number with thousands separators, or a dash when the server did not say."""
    return MISSING if value is None else f"{value:,}"


def used_of(used: int | None, maximum: int | None) -> str:
    """Used against the maximum ("1,742 of 5,000"), or just the part that is known."""
    if maximum is None:
        return count(used)
    return f"{count(used)} of {count(maximum)}"


def words_or_dash(text: str | None) -> str:
    return clean_line(text) or MISSING


def source_words(source: str | None) -> str:
    """What the agent answers from, in words; an unknown value is shown as sent."""
    return SOURCES.get((source or "").strip().lower(), words_or_dash(source))


def citation_words(enabled: int | None, view: str | None) -> str:
    """How citations show, from `enable_citations` (0 is off) and `citations_view_type`."""
    if enabled == 0:
        return "off"
    if view is None:
        return "on" if enabled else MISSING
    return CITATION_VIEWS.get(view.strip().lower(), words_or_dash(view))


def persona_summary(text: str | None, limit: int = PERSONA_CHARS) -> str:
    """The persona on one line, cut at a word near `limit` characters with "…"."""
    line = clean_line(text)
    if not line:
        return "No persona instructions."
    if len(line) <= limit:
        return line
    cut = line[: limit + 1].rsplit(" ", 1)[0]  # a space just after the limit still counts
    if not limit // 2 <= len(cut) <= limit:  # no space, or only very early: cut inside a word
        cut = line[:limit]
    return cut.rstrip(" ,.;:") + "…"


def agent_rows(agent: Agent) -> list[Row]:
    created = agent.created_at.astimezone().strftime("%Y-%m-%d") if agent.created_at else None
    rows = [
        ("Name", clean_line(agent.name) or "(unnamed)"),
        ("ID", str(agent.id)),
        ("Chat", "active" if agent.is_active else "inactive"),
        ("Created", created or MISSING),
        ("Shared", "yes" if agent.is_shared else "no"),
    ]
    if agent.shareable_link:
        rows.append(("Share link", words_or_dash(agent.shareable_link)))
    return rows


def settings_rows(settings: AgentSettings) -> list[Row]:
    return [
        ("Model", words_or_dash(settings.chatbot_model)),
        ("Answers from", source_words(settings.response_source)),
        ("Language", words_or_dash(settings.language)),
        ("Citations", citation_words(settings.enable_citations, settings.citations_view_type)),
        ("Markdown", "on" if settings.markdown_enabled else "off"),
    ]


def stats_rows(stats: AgentStats) -> list[Row]:
    return [
        ("Pages found", count(stats.pages_found)),
        ("Pages crawled", count(stats.pages_crawled)),
        ("Pages indexed", count(stats.pages_indexed)),
        ("Words indexed", count(stats.total_words_indexed)),
        ("Total queries", count(stats.total_queries)),
        ("Query credits used", count(stats.query_credits_used)),
    ]


def usage_rows(limits: UsageLimits) -> list[Row]:
    return [
        ("Queries", used_of(limits.current_queries, limits.max_queries)),
        ("Agents", used_of(limits.current_projects, limits.max_projects)),
        ("Storage credits", used_of(limits.current_storage_credits, limits.max_storage_credits)),
    ]


def table(rows: Iterable[Row]) -> Content:
    """Label / value lines; the values must already be clean."""
    return Content("\n").join(
        Content.assemble((label.ljust(LABEL_WIDTH), "$text-muted"), value) for label, value in rows
    )


def settings_content(settings: AgentSettings) -> Content:
    persona = persona_summary(settings.persona_instructions)
    return Content.assemble(
        table(settings_rows(settings)), "\n\n", ("Persona", "$text-muted"), "\n", persona
    )


async def _attempt(call: Awaitable[T]) -> T | CustomGPTError:
    """The call's result, or the API error it raised (anything else is a bug and propagates)."""
    try:
        return await call
    except CustomGPTError as error:
        return error


# ------------------------------------------------------------------ the screen


class AgentDetailsScreen(ReportsWorkerErrors, ModalScreen[str | None]):
    """Details of one agent; dismisses with a chosen example question, or None."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="details.close"),
    ]

    app = getters.app(AppServices)

    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent
        self.examples: list[str] = []  # the questions behind the options, in order

    def compose(self) -> ComposeResult:
        title = clean_line(self.agent.name) or f"Agent {self.agent.id}"
        with Vertical(classes="dialog details"):
            yield Static(Content(title), classes="dialog-title")
            with VerticalScroll(id="details-body"):
                yield Static(Content("Agent"), classes="details-heading")
                yield Static(table(agent_rows(self.agent)), id="details-agent")
                for name, heading in (
                    ("settings", "Settings"),
                    ("stats", "Stats"),
                    ("usage", "Usage limits (account)"),
                ):
                    yield Static(Content(heading), classes="details-heading")
                    yield Static(
                        Content("Loading…"),
                        id=f"details-{name}",
                        classes="details-section -loading",
                    )
                yield Static(Content("Example questions"), classes="details-heading")
                yield OptionList(id="details-examples")
                yield Static(Content("Loading…"), id="details-no-examples", classes="details-muted")
            yield Static(Content("esc: close"), id="details-keys", classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one("#details-examples", OptionList).display = False
        self.query_one("#details-body").focus()
        self._load()

    @work(exclusive=True, exit_on_error=False)
    async def _load(self) -> None:
        data = self.app.data
        settings, stats, limits = await asyncio.gather(
            _attempt(data.settings_value(self.agent.id)),
            _attempt(data.agent_stats(self.agent.id)),
            _attempt(data.usage_limits()),
        )
        self._fill("#details-settings", settings, settings_content)
        self._fill("#details-stats", stats, lambda found: table(stats_rows(found)))
        self._fill("#details-usage", limits, lambda found: table(usage_rows(found)))
        self._show_examples(settings)

    def _fill(
        self, selector: str, result: T | CustomGPTError, render: Callable[[T], Content]
    ) -> None:
        section = self.query_one(selector, Static)
        section.remove_class("-loading")
        if isinstance(result, CustomGPTError):
            section.add_class("-error")
            section.update(Content(describe(result)))
        else:
            section.update(render(result))

    def _show_examples(self, settings: AgentSettings | CustomGPTError) -> None:
        note = self.query_one("#details-no-examples", Static)
        if isinstance(settings, CustomGPTError):
            note.update(Content("Example questions come with the settings, which did not load."))
            return
        self.examples = [q for q in settings.example_questions if clean_line(q)]
        if not self.examples:
            note.update(Content("This agent has no example questions."))
            return
        options = self.query_one("#details-examples", OptionList)
        options.add_options(
            Option(Content(clean_line(question)), id=f"example-{index}")
            for index, question in enumerate(self.examples)
        )
        options.highlighted = 0  # so enter asks one as soon as the list has the focus
        options.display = True
        note.display = False
        keys = "tab: example questions · enter: ask one · esc: close"
        self.query_one("#details-keys", Static).update(Content(keys))

    @on(OptionList.OptionSelected, "#details-examples")
    def _example_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.examples[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
