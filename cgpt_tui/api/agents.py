"""Agents: list, read, create (from a sitemap or a file), update, delete, replicate; their
settings and stats."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from cgpt_tui.api.endpoint import Endpoint, Order, params, request_body, seg
from cgpt_tui.api.pages import Page, walk_pages
from cgpt_tui.api.records import Agent, AgentSettings, AgentStats

SETTINGS_FILES = ("chat_bot_avatar", "chat_bot_bg", "user_avatar", "spotlight_avatar")
AGENTS_PATH = "/projects"


def agents_query(
    page: int = 1, *, name: str | None = None, order: Order = "desc", order_by: str | None = None
) -> dict[str, Any]:
    """The query of a page of agents (also what prefetch.py's child asks for page 1)."""
    return params(page=page, name=name, order=order, orderBy=order_by)


def agents_page(data: Any) -> Page[Agent]:
    """A page of agents from the `data` of GET /projects."""
    return Page.from_api(data, Agent.from_api)


class AgentEndpoints(Endpoint):
    """The agents of the account, and each agent's settings."""

    async def list_agents(
        self,
        page: int = 1,
        *,
        name: str | None = None,
        order: Order = "desc",
        order_by: str | None = None,
    ) -> Page[Agent]:
        query = agents_query(page, name=name, order=order, order_by=order_by)
        return agents_page(await self._wire.data("GET", AGENTS_PATH, params=query))

    def iter_agents(
        self, *, name: str | None = None, order: Order = "desc", order_by: str | None = None
    ) -> AsyncIterator[Agent]:
        """Every agent, fetching each page only when the one before is used up."""
        return walk_pages(
            lambda number: self.list_agents(number, name=name, order=order, order_by=order_by)
        )

    async def get_agent(self, agent_id: int) -> Agent:
        return Agent.from_api(await self._wire.data("GET", f"/projects/{seg(agent_id)}"))

    async def create_agent(
        self,
        name: str,
        *,
        sitemap: str | None = None,
        file: Path | None = None,
        keep_files: bool | None = None,
        ocr: bool | None = None,
        anonymize: bool | None = None,
    ) -> Agent:
        """A new agent (201) from a sitemap URL or one file; more files are added as
        sources (`add_source`). The file is streamed from disk in a multipart body; a
        sitemap alone goes as JSON. It answers at once: `is_chat_active` stays false
        until its pages are indexed."""
        if (sitemap is None) == (file is None):
            raise ValueError("create_agent takes exactly one of sitemap= and file=")
        values = params(
            project_name=name,
            sitemap_path=sitemap,
            file_data_retension=keep_files,  # [sic], the API's spelling
            is_ocr_enabled=ocr,
            is_anonymized=anonymize,
        )
        with request_body(values, {"file": file}) as body:
            return Agent.from_api(await self._wire.data("POST", "/projects", **body))

    async def update_agent(
        self,
        agent_id: int,
        *,
        name: str | None = None,
        is_shared: bool | None = None,
        licenses_allowed: bool | None = None,
        sitemap: str | None = None,
        file: Path | None = None,
    ) -> Agent:
        """Change what is given (`POST /projects/{id}`); the rest stays."""
        values = params(
            project_name=name,
            is_shared=is_shared,
            are_licenses_allowed=licenses_allowed,
            sitemap_path=sitemap,
        )
        path = f"/projects/{seg(agent_id)}"
        with request_body(values, {"file": file}) as body:
            return Agent.from_api(await self._wire.data("POST", path, **body))

    async def delete_agent(self, agent_id: int) -> None:
        """The agent, its pages and its conversations are gone."""
        await self._wire.data("DELETE", f"/projects/{seg(agent_id)}")

    async def replicate_agent(self, agent_id: int) -> Agent:
        """A copy of the agent (its settings and pages), answered as the new agent."""
        path = f"/projects/{seg(agent_id)}/replicate"
        return Agent.from_api(await self._wire.data("POST", path))

    async def get_agent_settings(self, agent_id: int) -> AgentSettings:
        data = await self._wire.data("GET", f"/projects/{seg(agent_id)}/settings")
        return AgentSettings.from_api(data)

    async def update_agent_settings(
        self,
        agent_id: int,
        changes: Mapping[str, Any],
        *,
        files: Mapping[str, Path] | None = None,
    ) -> None:
        """Change the named settings; those not named keep their values.

        `changes` uses the API's names (persona_instructions, example_questions,
        chatbot_msg_lang, enable_inline_citations_api, ...). Without files the body is
        JSON; with files (keys in SETTINGS_FILES: chat_bot_avatar, chat_bot_bg,
        user_avatar, spotlight_avatar) it is multipart, where example_questions go as
        `example_questions[0]`, `example_questions[1]`… and booleans as "true"/"false".
        None clears a setting the server lets be empty (null in JSON, an empty field in
        multipart)."""
        unknown = set(files or {}) - set(SETTINGS_FILES)
        if unknown:
            raise ValueError(f"not a settings file: {', '.join(sorted(unknown))}")
        path = f"/projects/{seg(agent_id)}/settings"
        with request_body(dict(changes), dict(files or {})) as body:
            await self._wire.data("POST", path, **body)

    async def get_agent_stats(self, agent_id: int) -> AgentStats:
        data = await self._wire.data("GET", f"/projects/{seg(agent_id)}/stats")
        return AgentStats.from_api(data)
