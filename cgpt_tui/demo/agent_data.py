"""One agent of the stand-in: its records, conversations, messages and content (state.py
holds them all, under one lock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cgpt_tui.demo.answers import AgentProfile, respond
from cgpt_tui.demo.pages import Content
from cgpt_tui.demo.retrieval import Answer, Library


@dataclass
class AgentData:
    row: dict[str, Any]
    settings: dict[str, Any]
    library: Library
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by session id
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by session id
    queries: int = 0
    folder: str | None = None  # the seed documents' folder, for pages made on first use
    content: Content | None = None  # None until first used (see DemoState.content)
    held_inactive: bool = False  # seeded inactive: indexing never switches its chat on
    pending: int = 0  # indexing jobs queued or running
    # Ids of the messages answered with the no_answer_message (failed queries, reports.py),
    # kept beside the rows: the flag is no PromptHistory field.
    failed: set[int] = field(default_factory=set)
    # JSON-able data other stand-in modules keep per agent (plugin, licences, ...); saved
    # with the rest when the server has a data folder.
    extras: dict[str, Any] = field(default_factory=dict)
    # The last few report ranges' messages (reports.py), never saved.
    report_cache: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> int:
        return self.row["id"]

    def answer(
        self, question: str, *, inline: bool | None = None, persona: str | None = None
    ) -> Answer:
        """The answer to `question`; `inline` None: as the enable_inline_citations_api
        setting says; `persona`: a request's custom persona."""
        if inline is None:
            inline = bool(self.settings.get("enable_inline_citations_api"))
        speaker = AgentProfile(self.library, self.row.get("project_name") or "", self.settings)
        return respond(speaker, question, inline=inline, persona=persona)
