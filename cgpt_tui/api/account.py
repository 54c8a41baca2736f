"""The account and an agent's extras: the user, usage limits, the agent's plugin and its
licences."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgpt_tui.api.endpoint import Endpoint, params, request_body, seg
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.lazy import lazy_module
from cgpt_tui.api.records import UsageLimits, User

if TYPE_CHECKING:
    from cgpt_tui.api import content_records as records
    from cgpt_tui.api.content_records import License, NewLicense, Plugin
else:
    records = lazy_module("cgpt_tui.api.content_records")  # built when first used


def _licenses(agent_id: int, license_id: int | None = None) -> str:
    path = f"/projects/{seg(agent_id)}/licenses"
    return f"{path}/{seg(license_id)}" if license_id is not None else path


class AccountEndpoints(Endpoint):
    """Who is signed in, what the plan allows, plugins and licences."""

    async def get_user(self) -> User:
        return User.from_api(await self._wire.data("GET", "/user"))

    async def update_user(
        self, *, name: str | None = None, profile_photo: Path | None = None
    ) -> User:
        """Rename the user or change the photo (streamed, multipart); answers the user."""
        with request_body(params(name=name), {"profile_photo": profile_photo}) as body:
            return User.from_api(await self._wire.data("POST", "/user", **body))

    async def get_usage_limits(self) -> UsageLimits:
        return UsageLimits.from_api(await self._wire.data("GET", "/limits/usage"))

    # ------------------------------------------------------------------ plugins

    async def get_plugin(self, agent_id: int) -> Plugin:
        """The agent's plugin (404 `Plugin for agent with id N not found` when none)."""
        return records.Plugin.from_api(
            await self._wire.data("GET", f"/projects/{seg(agent_id)}/plugins")
        )

    async def create_plugin(
        self,
        agent_id: int,
        *,
        model_name: str,
        human_name: str,
        keywords: str,
        description: str,
        is_active: bool = True,
    ) -> Plugin:
        body = {
            "model_name": model_name,
            "human_name": human_name,
            "keywords": keywords,
            "description": description,
            "is_active": is_active,
        }
        path = f"/projects/{seg(agent_id)}/plugins"
        return records.Plugin.from_api(await self._wire.data("POST", path, json=body))

    async def update_plugin(self, agent_id: int, **fields: Any) -> Plugin:
        """Change the named fields (model_name, human_name, keywords, description,
        is_active); None values are not sent."""
        body = {name: value for name, value in fields.items() if value is not None}
        path = f"/projects/{seg(agent_id)}/plugins"
        return records.Plugin.from_api(await self._wire.data("PUT", path, json=body))

    # ------------------------------------------------------------------ licences

    async def list_licenses(self, agent_id: int) -> list[License]:
        data = await self._wire.data("GET", _licenses(agent_id))
        if not isinstance(data, list):
            raise ProtocolError("expected a list of licences")
        return [records.License.from_api(item) for item in data if isinstance(item, dict)]

    async def create_license(self, agent_id: int, name: str) -> NewLicense:
        """A new licence (201) and its key, which only this answer shows."""
        data = await self._wire.data("POST", _licenses(agent_id), json={"name": name})
        return records.NewLicense.from_api(data)

    async def get_license(self, agent_id: int, license_id: int) -> License:
        # This one and update answer `{"status": "success", "license": {...}}`, no `data`.
        path = _licenses(agent_id, license_id)
        return records.License.from_api(await self._wire.field("GET", path, "license"))

    async def update_license(self, agent_id: int, license_id: int, name: str) -> License:
        path = _licenses(agent_id, license_id)
        data = await self._wire.field("PUT", path, "license", json={"name": name})
        return records.License.from_api(data)

    async def delete_license(self, agent_id: int, license_id: int) -> None:
        await self._wire.data("DELETE", _licenses(agent_id, license_id))
