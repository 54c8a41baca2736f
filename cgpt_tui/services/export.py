"""A conversation as a Markdown file: every message (all pages), oldest first, with sources.

The answers are Markdown already and are written as the agent wrote them (control characters
removed); questions are quoted so they cannot start headings or lists of their own.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from cgpt_tui.api import Agent, Citation, Conversation, CustomGPTClient, Message
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.citations import CitationCache

UNSAFE_FILENAME = str.maketrans({c: "-" for c in '/\\:*?"<>|\0'})


def export_filename(conversation: Conversation) -> str:
    """A file name from the conversation's name, safe on every platform."""
    name = clean_line(conversation.name).translate(UNSAFE_FILENAME).strip(" .-")
    return f"{name[:80] or 'conversation'}.md"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown time"


def _source(citation: Citation) -> str:
    title = clean_line(citation.title) or clean_line(citation.url) or f"Source {citation.id}"
    title = title.replace("[", "\\[").replace("]", "\\]")
    url = clean_line(citation.url)
    return f"- [{title}](<{url}>)" if url else f"- {title}"


def render_markdown(
    agent: Agent,
    conversation: Conversation,
    messages: list[Message],
    citations: dict[int, Citation],
) -> str:
    """The file's text; `messages` oldest first, `citations` by id (missing ones skipped)."""
    title = clean_line(conversation.name) or "Untitled conversation"
    lines = [
        f"# {title}",
        "",
        f"Agent: {clean_line(agent.name) or f'Agent {agent.id}'}  ",
        f"Conversation: {clean_line(conversation.session_id)}  ",
        f"Messages: {len(messages)}",
    ]
    for message in messages:
        question = clean_text(message.question).strip() or "(no question)"
        lines += ["", "---", "", f"**Question** · {_when(message.created_at)}", ""]
        lines += [f"> {row}" if row else ">" for row in question.splitlines()]
        lines += ["", "**Answer**", "", clean_text(message.answer).strip() or "(no answer)"]
        sources = [citations[i] for i in message.citation_ids if i in citations]
        if sources:
            lines += ["", "Sources:", "", *(_source(c) for c in sources)]
    return "\n".join(lines) + "\n"


class Export(NamedTuple):
    text: str
    messages: int


async def conversation_markdown(
    client: CustomGPTClient, cache: CitationCache, agent: Agent, conversation: Conversation
) -> Export:
    """Fetch every message and its sources; raises CustomGPTError if the messages cannot be
    read (a source that cannot be read is left out)."""
    messages = [
        m async for m in client.iter_messages(agent.id, conversation.session_id, order="asc")
    ]
    wanted = sorted({i for m in messages for i in m.citation_ids})
    found = await cache.resolve(agent.id, wanted)
    citations = {c.id: c for c in found if isinstance(c, Citation)}
    return Export(render_markdown(agent, conversation, messages, citations), len(messages))


def write_export(path: Path, text: str) -> Path:
    """Write the file, refusing to overwrite one that exists; the path written."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
    return path
