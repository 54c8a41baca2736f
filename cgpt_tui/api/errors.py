"""One exception hierarchy for everything the CustomGPT API or the network can do to a call.

An error carries the server's message, the HTTP status and the request URL, never the
request's headers: nothing in its str, repr or args can hold the API key.
"""

from __future__ import annotations

from typing import Any


class CustomGPTError(Exception):
    """Base class: `message` is the server's own words when it sent any."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.url = url

    def __str__(self) -> str:
        return f"{self.message} (HTTP {self.status})" if self.status else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class AuthError(CustomGPTError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDenied(CustomGPTError):
    """403: the key may not do this."""


class NotFound(CustomGPTError):
    """404: the agent, conversation, message or citation does not exist (any more)."""


class RateLimited(CustomGPTError):
    """429: too many requests, or the account's query credits are used up.

    `retry_after` is the server's Retry-After in seconds, when it sent one.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(CustomGPTError):
    """5xx: the service failed (also: a failure the server reports inside a stream)."""


class ApiError(CustomGPTError):
    """Any other unsuccessful status (400, 422, ...)."""


class NetworkError(CustomGPTError):
    """The server could not be reached, or stopped answering (connect/read failure, timeout)."""


class RequestFailed(NetworkError):
    """The request could not even be sent: a base URL httpx cannot use, or a failure inside
    the HTTP library. Like any NetworkError, the server counts as unreachable."""


class ProtocolError(CustomGPTError):
    """The server answered with something that is not the API's format."""


class StreamInterrupted(ProtocolError):
    """A streamed answer ended without `finish`; `partial_text` is what had arrived."""

    def __init__(self, message: str, *, partial_text: str = "", **kwargs: Any):
        super().__init__(message, **kwargs)
        self.partial_text = partial_text


_BY_STATUS: dict[int, type[CustomGPTError]] = {
    401: AuthError,
    403: PermissionDenied,
    404: NotFound,
    429: RateLimited,
}


def error_class_for(status: int) -> type[CustomGPTError]:
    """The exception class for an unsuccessful HTTP status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else ApiError


class LocalFileError(CustomGPTError):
    """A file to upload could not be opened or read here (missing, unreadable, a folder):
    nothing was sent, and the server is not to blame."""
