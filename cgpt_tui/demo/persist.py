"""Keeping a stand-in's data in a folder (`serve-demo --data DIR`) across restarts.

Everything lives in `DIR/state.json` (agents, settings, pages, sources, metadata,
conversations, messages and which of them failed (reports.py), ids, and the `extras` of
other modules) and `DIR/files/` (uploads).
The file is written atomically (a temporary file, then `os.replace`) at most about once a
second while things change (`state.changed` is set after every change), and on stop. A
state file that cannot be read is renamed aside (`state.json.damaged-<time>`), a line says so
on stderr, and the server starts afresh from the seed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from cgpt_tui.demo import content as content_ops
from cgpt_tui.demo.documents import Document, Section
from cgpt_tui.demo.pages import Content, Page, Source
from cgpt_tui.demo.retrieval import Library, library
from cgpt_tui.demo.seed import seed
from cgpt_tui.demo.state import AgentData, DemoState

STATE_FILE = "state.json"
VERSION = 1
DEBOUNCE = 0.3  # seconds of quiet gathered before a save (a save at most ~1 s after a change)


def open_state(folder: Path, clock: Callable[[], datetime]) -> DemoState:
    """The state saved in `folder`, or a freshly seeded one."""
    path = folder / STATE_FILE
    state = DemoState(clock)
    state.files_dir = folder / "files"
    state.files_dir.mkdir(parents=True, exist_ok=True)
    if path.exists():
        try:
            load(state, json.loads(path.read_text(encoding="utf-8")))
            return state
        except (ValueError, KeyError, TypeError, AttributeError) as problem:
            aside = path.with_name(f"{STATE_FILE}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            path.replace(aside)
            print(
                f"cgpt-tui stand-in: {path} could not be read ({type(problem).__name__}: "
                f"{problem}); starting afresh, the old file is now {aside.name}",
                file=sys.stderr,
                flush=True,
            )
            state = DemoState(clock)
            state.files_dir = folder / "files"
    seed(state)
    return state


# ---------------------------------------------------------------------- saving


def dump(state: DemoState) -> str:
    with state.lock:
        data = {
            "version": VERSION,
            "user": state.user,
            "limits": state.limits,
            "next_ids": state.id_counters(),
            "extras": state.extras,
            "agents": [_agent_data(agent) for agent in state.agents.values()],
        }
        return json.dumps(data, ensure_ascii=False)


def _agent_data(agent: AgentData) -> dict[str, Any]:
    content = agent.content
    return {
        "row": agent.row,
        "settings": agent.settings,
        "queries": agent.queries,
        "folder": agent.folder,
        "held_inactive": agent.held_inactive,
        "extras": agent.extras,
        "conversations": list(agent.conversations.values()),
        "messages": agent.messages,
        "failed": sorted(agent.failed),
        "content": None if content is None else _content_data(content),
    }


def _content_data(content: Content) -> dict[str, Any]:
    return {
        "sources": [{"row": s.row, "crawled": s.crawled} for s in content.sources.values()],
        "pages": [_page_data(page) for page in content.pages.values()],
    }


def _page_data(page: Page) -> dict[str, Any]:
    return {
        "row": page.row,
        "metadata": page.metadata,
        "source_id": page.source_id,
        "origin": page.origin,
        "document": dataclasses.asdict(page.document) if page.document else None,
        "file": Path(page.file_path).name if page.file_path else None,
        "content_type": page.content_type,
        "site_name": page.site_name,
        "preset_failure": page.preset_failure,
        "metadata_edited": page.metadata_edited,
        "reuse_document": page.reuse_document,
    }


def save(state: DemoState, folder: Path) -> None:
    text = dump(state)
    path = folder / STATE_FILE
    temporary = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


# ---------------------------------------------------------------------- loading


def load(state: DemoState, data: dict[str, Any]) -> None:
    if data.get("version") != VERSION:
        raise ValueError(f"unknown state version {data.get('version')!r}")
    state.user = data["user"]
    state.limits.update(data["limits"])
    state.extras = data.get("extras") or {}
    for kind, value in data["next_ids"].items():
        state.reserve_ids(kind, int(value))
    for raw in data["agents"]:
        agent = _agent(state, raw)
        state.agents[agent.id] = agent
    for agent in state.agents.values():
        _requeue(state, agent)


def _agent(state: DemoState, raw: dict[str, Any]) -> AgentData:
    folder = raw.get("folder")
    content = _content(state, raw["content"]) if raw.get("content") is not None else None
    if content is not None:
        shelf = Library(content.documents())
    else:
        shelf = library(folder) if folder else Library(())
    agent = AgentData(
        raw["row"],
        raw["settings"],
        shelf,
        conversations={row["session_id"]: row for row in raw["conversations"]},
        messages=raw["messages"],
        queries=int(raw.get("queries", 0)),
        folder=folder,
        content=content,
        held_inactive=bool(raw.get("held_inactive")),
        extras=raw.get("extras") or {},
        failed={int(message_id) for message_id in raw.get("failed") or ()},
    )
    if folder:
        for document in library(folder).documents:
            if document.file_id is not None:
                state.files[document.file_id] = document
    return agent


def _content(state: DemoState, raw: dict[str, Any]) -> Content:
    content = Content()
    for item in raw["sources"]:
        source = Source(item["row"], crawled=bool(item.get("crawled")))
        content.sources[source.id] = source
    for item in raw["pages"]:
        document = item.get("document")
        page = Page(
            row=item["row"],
            metadata=item["metadata"],
            source_id=item["source_id"],
            origin=item["origin"],
            document=_document(document) if document else None,
            file_path=str(state.files_dir / item["file"]) if item.get("file") else None,
            content_type=item.get("content_type"),
            site_name=item.get("site_name"),
            preset_failure=item.get("preset_failure"),
            metadata_edited=bool(item.get("metadata_edited")),
            reuse_document=bool(item.get("reuse_document")),
        )
        content.pages[page.id] = page
    return content


def _document(raw: dict[str, Any]) -> Document:
    sections = tuple(Section(s["heading"], s["body"]) for s in raw["sections"])
    return Document(**{**raw, "sections": sections})


def _requeue(state: DemoState, agent: AgentData) -> None:
    """Work left unfinished at the last stop is queued again."""
    if agent.content is None:
        return
    for source in agent.content.sources.values():
        if source.row["type"] == "sitemap" and not source.crawled:
            content_ops.sync_sitemap(state, agent, source)
    for page in agent.content.pages.values():
        if page.queued:
            content_ops.queue_page(state, agent, page)


# ---------------------------------------------------------------------- the saver


class Saver:
    """A thread that saves the state a moment after it changes, and once more at stop."""

    def __init__(self, state: DemoState, folder: Path) -> None:
        self.state = state
        self.folder = folder
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-saver", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.state.changed.wait(0.2) and not self._stop.wait(DEBOUNCE):
                self._save()

    def _save(self) -> None:
        self.state.changed.clear()
        try:
            save(self.state, self.folder)
        except OSError as problem:
            print(f"cgpt-tui stand-in: could not save its state: {problem}", file=sys.stderr)

    def stop(self) -> None:
        self._stop.set()
        self.state.changed.set()  # wakes the thread now
        if self._thread.is_alive():
            self._thread.join(3.0)
        self._save()
