"""HTTP plumbing for the client: one httpx.AsyncClient, envelopes, errors, streams."""

from __future__ import annotations

import json
from typing import Any

import httpx

from cgpt_tui import __version__
from cgpt_tui.api.coerce import as_dict, as_str
from cgpt_tui.api.errors import (
    CustomGPTError,
    NetworkError,
    ProtocolError,
    RateLimited,
    error_class_for,
)

API_PREFIX = "/api/v1"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class Transport:
    """Sends requests with the key, unwraps success envelopes, turns failures into errors."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        stream_timeout: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = httpx.Timeout(timeout)
        self._stream_timeout = httpx.Timeout(
            timeout, read=stream_timeout if stream_timeout is not None else timeout
        )
        self._http = httpx.AsyncClient(
            base_url=self.base_url + API_PREFIX,
            headers={
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": f"cgpt-tui/{__version__}",
            },
            timeout=self._timeout,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    def _scrub(self, text: str) -> str:
        """Never let the key into an error message, even if a server echoes it."""
        return text.replace(self._api_key, "[key]") if self._api_key else text

    def _error(self, response: httpx.Response, body: bytes) -> CustomGPTError:
        message = ""
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            data = as_dict(payload.get("data"))
            message = (
                as_str(data.get("message"))
                or as_str(payload.get("message"))
                or as_str(payload.get("error"))
                or ""
            )
        status = response.status_code
        message = self._scrub(message or response.reason_phrase or f"HTTP {status}")
        url = self._scrub(str(response.request.url)) if response.request else None
        kind = error_class_for(status)
        if kind is RateLimited:
            return RateLimited(message, status=status, url=url, retry_after=_retry_after(response))
        return kind(message, status=status, url=url)

    def _network_error(self, error: httpx.HTTPError) -> NetworkError:
        if isinstance(error, httpx.TimeoutException):
            return NetworkError(f"the server did not answer in time ({type(error).__name__})")
        if isinstance(error, httpx.ConnectError):
            return NetworkError(f"cannot connect to {self.base_url}")
        return NetworkError(f"network failure: {type(error).__name__}")

    async def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise self._network_error(error) from None
        if response.is_error:
            raise self._error(response, response.content)
        return response

    async def data(self, method: str, path: str, **kwargs: Any) -> Any:
        """The `data` of a success envelope."""
        response = await self.send(method, path, **kwargs)
        try:
            payload = response.json()
        except ValueError:
            raise ProtocolError(
                "the server's answer is not JSON", status=response.status_code
            ) from None
        if not isinstance(payload, dict) or "data" not in payload:
            raise ProtocolError("the server's answer has no 'data'", status=response.status_code)
        return payload["data"]

    async def open_stream(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        request = self._http.build_request(method, path, timeout=self._stream_timeout, **kwargs)
        request.headers["Accept"] = "text/event-stream"
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as error:
            raise self._network_error(error) from None
        if response.is_error:
            try:
                body = await response.aread()
            except httpx.HTTPError:
                body = b""
            finally:
                await response.aclose()
            raise self._error(response, body)
        return response
