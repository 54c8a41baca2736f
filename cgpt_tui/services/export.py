"""A conversation as a Markdown file: every message (all pages), oldest first, with sources.

The answers are Markdown already and are written as the agent wrote them (control characters
removed); questions are quoted so they cannot start headings or lists of their own.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from cgpt_tui.api import Agent, Citation, Conversation, CustomGPTClient, Message
from cgpt_tui.api.frozen import record
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.services.naming import FILE_NAME_BYTES, cut_to_bytes

UNSAFE_FILENAME = str.maketrans({c: "-" for c in '/\\:*?"<>|\0'})


def export_filename(conversation: Conversation, format: str = "md") -> str:
    """A file name from the conversation's name, safe on every platform: no path
    separators or reserved characters, no bidi controls (cleaned out), and at most
    FILE_NAME_BYTES bytes of UTF-8 with its extension."""
    extension = f".{format}"
    name = clean_line(conversation.name).translate(UNSAFE_FILENAME).strip(" .-")
    name = cut_to_bytes(name, FILE_NAME_BYTES - len(extension.encode("utf-8"))).rstrip(" .-")
    return f"{name or 'conversation'}{extension}"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown time"


def _source(number: int, citation: Citation) -> str:
    title = clean_line(citation.title) or clean_line(citation.url) or f"Source {citation.id}"
    title = title.replace("[", "\\[").replace("]", "\\]")
    url = clean_line(citation.url)
    return f"{number}. [{title}](<{url}>)" if url else f"{number}. {title}"


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
            lines += ["", "Sources:", ""]
            lines += [_source(n, c) for n, c in enumerate(sources, start=1)]
    return "\n".join(lines) + "\n"


def citation_record(citation: Citation) -> dict[str, object]:
    """A source as JSON data (the export file and `cgpt-tui ask --json`)."""
    return {
        "id": citation.id,
        "title": clean_line(citation.title) or None,
        "url": clean_line(citation.url) or None,
        "description": clean_text(citation.description) or None,
    }


def render_json(
    agent: Agent,
    conversation: Conversation,
    messages: list[Message],
    citations: dict[int, Citation],
) -> str:
    """The conversation as one JSON document: every message with its resolved sources."""

    def when(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    document = {
        "agent": {"id": agent.id, "name": clean_line(agent.name)},
        "conversation": {
            "session_id": conversation.session_id,
            "name": clean_line(conversation.name),
            "created_at": when(conversation.created_at),
            "updated_at": when(conversation.updated_at),
        },
        "messages": [
            {
                "id": m.id,
                "created_at": when(m.created_at),
                "question": clean_text(m.question),
                "answer": clean_text(m.answer),
                "reaction": m.reaction.value if m.reaction else None,
                "request_source": m.metadata.request_source,
                "external_id": m.metadata.external_id,
                "citations": [
                    citation_record(citations[i]) for i in m.citation_ids if i in citations
                ],
            }
            for m in messages
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@record
class ConversationDump:
    """A conversation with all its messages (oldest first) and their sources, by id."""

    agent: Agent
    conversation: Conversation
    messages: list[Message]
    citations: dict[int, Citation]

    def render(self, format: str) -> str:
        render = render_json if format == "json" else render_markdown
        return render(self.agent, self.conversation, self.messages, self.citations)


async def fetch_conversation(
    client: CustomGPTClient, cache: CitationCache, agent: Agent, conversation: Conversation
) -> ConversationDump:
    """Every message and its sources from the server; raises CustomGPTError if the messages
    cannot be read (a source that cannot be read is left out)."""
    messages = [
        m async for m in client.iter_messages(agent.id, conversation.session_id, order="asc")
    ]
    wanted = sorted({i for m in messages for i in m.citation_ids})
    found = await cache.resolve(agent.id, wanted)
    citations = {c.id: c for c in found if isinstance(c, Citation)}
    return ConversationDump(agent, conversation, messages, citations)


def write_export(path: Path, text: str) -> Path:
    """Write the file, refusing to overwrite one that exists; the path written."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
    return path
