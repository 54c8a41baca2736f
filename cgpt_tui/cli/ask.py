"""`cgpt-tui ask`: one question from the command line, the answer streamed to stdout.

Piped, the answer is plain text as the agent wrote it (escape sequences and control
characters removed), then its sources as numbered lines. On a terminal the answer is drawn
as Markdown while it streams. `--json` prints the finished message and its sources instead.
Failures are one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import TextIO

from cgpt_tui.api import (
    Citation,
    CustomGPTClient,
    CustomGPTError,
    StreamFailed,
    StreamFinished,
    TextDelta,
)
from cgpt_tui.cli.context import resolve
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import explain
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.services.export import citation_record
from cgpt_tui.services.naming import conversation_name


def _line_break() -> str:
    """Before an error on a terminal: the answer may have stopped mid-line."""
    return "\n" if sys.stdout.isatty() else ""


HOLD_BACK = 64  # characters after an escape that wait for its end before being shown
REDRAW = 0.05  # seconds between updates of the streamed answer


class AskFailed(Exception):
    """The answer failed inside the stream (the server said so)."""


class PlainWriter:
    """Writes what is new of the cleaned text so far. Text after the last escape character
    is held back until the sequence is complete, so no half of one is ever written."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.written = 0

    def update(self, raw: str, *, final: bool = False) -> None:
        cut = raw.rfind("\x1b")
        stable = raw if final or cut < 0 or cut < len(raw) - HOLD_BACK else raw[:cut]
        text = clean_text(stable)
        self.out.write(text[self.written :])
        self.out.flush()
        self.written = len(text)


class MarkdownWriter:
    """Draws the answer as Markdown on a terminal while it streams (rich's Live view)."""

    def __init__(self, out: TextIO) -> None:
        from rich.console import Console
        from rich.live import Live

        self.console = Console(file=out)
        self.live = Live(console=self.console, refresh_per_second=10, vertical_overflow="visible")
        self.live.start()

    def update(self, raw: str, *, final: bool = False) -> None:
        from rich.markdown import Markdown

        self.live.update(Markdown(clean_text(raw)), refresh=final)
        if final:
            self.live.stop()


def _sources(citations: list[Citation]) -> str:
    lines = []
    for number, citation in enumerate(citations, start=1):
        title = clean_line(citation.title) or clean_line(citation.url) or f"Source {citation.id}"
        url = clean_line(citation.url)
        lines.append(f"[{number}] {title}" + (f" <{url}>" if url else ""))
    return "\n".join(lines)


async def _ask(args: argparse.Namespace, base_url: str, key: ApiKey, question: str) -> int:
    out = sys.stdout
    writer = None
    if not args.json:
        writer = MarkdownWriter(out) if out.isatty() else PlainWriter(out)
    async with CustomGPTClient(base_url, key) as client:
        session = args.conversation
        if session is None:
            created = await client.create_conversation(args.agent, conversation_name(question))
            session = created.session_id
        raw, finished, drawn = "", None, 0.0
        async with client.stream_message(args.agent, session, question) as stream:
            async for event in stream:
                if isinstance(event, TextDelta):
                    raw += event.text
                    # Each update cleans (and on a terminal parses) the whole text so far:
                    # at most every REDRAW seconds, or a long answer costs its length squared.
                    if writer is not None and time.monotonic() - drawn >= REDRAW:
                        writer.update(raw)
                        drawn = time.monotonic()
                elif isinstance(event, StreamFinished):
                    finished = event
                elif isinstance(event, StreamFailed):
                    if writer is not None:
                        writer.update(raw, final=True)
                    raise AskFailed(clean_line(event.reason) or "the answer failed")
        if writer is not None:
            writer.update(raw, final=True)
        if finished is None:
            raise AskFailed("the answer ended without finishing")
        found = await CitationCache(client).resolve(args.agent, finished.citation_ids)
        citations = [c for c in found if isinstance(c, Citation)]
        if args.json:
            message = await client.get_message(args.agent, session, finished.message_id)
            document = {
                "id": message.id,
                "session_id": session,
                "question": clean_text(message.question),
                "answer": clean_text(message.answer),
                "created_at": message.created_at.isoformat() if message.created_at else None,
                "citations": [citation_record(c) for c in citations],
            }
            out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        else:
            if not raw.endswith("\n"):
                out.write("\n")
            if citations:
                out.write("\nSources:\n" + _sources(citations) + "\n")
        out.flush()
    return 0


def _read_question(args: argparse.Namespace) -> str | None:
    """The question, from the argument or (for `-`) stdin; None when stdin is not UTF-8."""
    if args.question != "-":
        return str(args.question).strip()
    try:
        return sys.stdin.buffer.read().decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return None


def ask(args: argparse.Namespace) -> int:
    question = _read_question(args)
    if question is None:
        print(
            "cgpt-tui: stdin is not UTF-8 text; convert it first (iconv -t UTF-8)", file=sys.stderr
        )
        return 2
    if not question:
        print("cgpt-tui: no question given", file=sys.stderr)
        return 2
    context = resolve(args)
    found = context.store.find()
    if found is None:
        print("cgpt-tui: no API key; run `cgpt-tui login` first", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_ask(args, context.base_url, found.key, question))
    except CustomGPTError as error:
        print(
            f"{_line_break()}cgpt-tui: {clean_line(explain(error, context.base_url))}",
            file=sys.stderr,
        )
    except AskFailed as error:
        print(f"{_line_break()}cgpt-tui: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("\ncgpt-tui: stopped", file=sys.stderr)
        return 130
    return 1
