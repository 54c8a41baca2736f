"""Checking a key and describing the account, shared by the sign-in screen and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
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
from cgpt_tui.secret import ApiKey

CHECK_TIMEOUT = 15.0


@dataclass(frozen=True)
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


def explain(error: CustomGPTError, base_url: str) -> str:
    """One plain sentence for a failed sign-in."""
    host = urlsplit(base_url).netloc or base_url
    if isinstance(error, AuthError):
        return f"{host} refused this API key. Check it and try again."
    if isinstance(error, PermissionDenied):
        return f"{host} accepted the key but does not allow it to read the account."
    if isinstance(error, NetworkError):
        return f"Cannot reach {base_url}: {error.message}."
    if isinstance(error, ServerError):
        return f"{host} failed (HTTP {error.status}): {error.message}. Try again in a moment."
    return f"{host} answered HTTP {error.status}: {error.message}."
