"""API errors in the words the user needs: what happened and what to do."""

from __future__ import annotations

from cgpt_tui.api import (
    AuthError,
    CustomGPTError,
    NetworkError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
)
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.account import refused_what


def describe(error: CustomGPTError, *, retry_key: str | None = None) -> str:
    """One line: the server's message (cleaned) and the way forward."""
    message = clean_line(error.message) or type(error).__name__
    retry = f"; {retry_key} to retry" if retry_key else ""
    if isinstance(error, RateLimited):
        wait = f"wait {error.retry_after:g} s" if error.retry_after is not None else "wait a moment"
        return f"Rate limited: {message} ({wait}{retry})"
    if isinstance(error, AuthError):
        return f"The API key was refused: {message} (cgpt-tui login)"
    if isinstance(error, PermissionDenied):
        return f"The API key may not {refused_what(error)}: {message}"
    if isinstance(error, NotFound):
        return f"Gone: {message}"
    if isinstance(error, NetworkError):
        return f"Offline: {message}{retry}"
    if isinstance(error, ServerError):
        return f"Server error (HTTP {error.status}): {message}{retry}"
    return f"{message}{retry}"
