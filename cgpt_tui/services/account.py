"""Checking a key and describing the account, shared by the sign-in screen and the CLI."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from cgpt_tui.api import (
    AuthError,
    CustomGPTClient,
    CustomGPTError,
    NetworkError,
    PermissionDenied,
    ServerError,
    UsageLimits,
    User,
)
from cgpt_tui.api.frozen import record
from cgpt_tui.secret import ApiKey
from cgpt_tui.wording import sentence, sentences

CHECK_TIMEOUT = 15.0
API_PATH = "/api/v1"
_AGENT_PATH = re.compile(r"^/projects/(\d+)(?:/|$)")


@record
class Account:
    user: User
    limits: UsageLimits | None

    @property
    def greeting(self) -> str:
        name = self.user.name or "there"
        return f"{name} <{self.user.email}>" if self.user.email else name

    @property
    def usage(self) -> str:
        limits = self.limits
        if limits is None or limits.current_queries is None:
            return "query usage unknown"
        if limits.max_queries:
            return f"{limits.current_queries:,} / {limits.max_queries:,} queries"
        return f"{limits.current_queries:,} queries"


async def check_key(base_url: str, api_key: ApiKey) -> Account:
    """Who the key belongs to (GET /user) and its usage; raises CustomGPTError."""
    async with CustomGPTClient(base_url, api_key, timeout=CHECK_TIMEOUT) as client:
        user = await client.get_user()
        try:
            limits = await client.get_usage_limits()
        except CustomGPTError:
            limits = None
    return Account(user, limits)


def refused_what(error: CustomGPTError) -> str:
    """What a 403 refused, from the request's path, as "does not allow it to …"."""
    path = urlsplit(error.url or "").path
    path = path[path.find(API_PATH) + len(API_PATH) :] if API_PATH in path else ""
    if agent := _AGENT_PATH.match(path):
        return f"use agent {agent.group(1)}"
    if path.rstrip("/") == "/projects":
        return "list the agents"
    if path.startswith(("/user", "/limits")):
        return "read the account"
    return "do this"


def explain(error: CustomGPTError, base_url: str) -> str:
    """One or two plain sentences for a failed call: what happened, what to do."""
    host = urlsplit(base_url).netloc or base_url
    if isinstance(error, AuthError):
        return f"{host} refused this API key. Check it and try again."
    if isinstance(error, PermissionDenied):
        return sentences(
            f"{host} accepted the key but does not allow it to {refused_what(error)}",
            error.message,
        )
    if isinstance(error, NetworkError):
        return sentence(f"Cannot reach {base_url}: {error.message}")
    if isinstance(error, ServerError):
        return sentences(
            f"{host} failed (HTTP {error.status}): {error.message}", "Try again in a moment."
        )
    return sentence(f"{host} answered HTTP {error.status}: {error.message}")
