"""HTTP plumbing under the client: one httpx.AsyncClient, envelopes, errors, streams.

Everything that can go wrong on the wire leaves here as a CustomGPTError; nothing that
leaves here holds the API key (errors are built from the status, the server's message and
the URL, with the key scrubbed out should a server echo it).
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Generator
from typing import Any

from cgpt_tui import __version__
from cgpt_tui.api import tls
from cgpt_tui.api.coerce import as_dict, as_int, as_str
from cgpt_tui.api.errors import (
    AuthError,
    CustomGPTError,
    NetworkError,
    ProtocolError,
    RateLimited,
    RequestFailed,
    error_class_for,
)
from cgpt_tui.api.httpx_import import httpx
from cgpt_tui.api.site import site_url
from cgpt_tui.secret import ApiKey

API_PREFIX = "/api/v1"
MAX_RETRY_WAIT = 10.0  # seconds: a read waits at most this long before trying again
RETRY_BASE = 0.5  # seconds before the first retry when the server names no wait
RETRY_JITTER = 0.2  # up to 20 % more, so clients that failed together do not retry together
KEY_MASK = "[api key]"


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (the HTTP-date form is not used by this API: ignored)."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds) if seconds == seconds else None  # NaN is not a delay


def error_message(body: bytes) -> str | None:
    """The server's words in an error body: `data.message`, then `message`, then `error`."""
    try:
        payload = json.loads(body) if body else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict):
        return None
    data = as_dict(payload.get("data"))
    error = payload.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    for candidate in (data.get("message"), payload.get("message"), error):
        text = as_str(candidate)
        if text and text.strip():
            return text.strip()
    return None


class KeyAuth(httpx.Auth):
    """Adds `Authorization: Bearer <key>` to each request as it is sent.

    Not a default header of the client: those sit in plain dicts in the frames that build
    the client and every request, where a crash report that prints locals would show them.
    """

    def __init__(self, key: ApiKey) -> None:
        self.key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer " + self.key.reveal()
        yield request


class Transport:
    """Sends requests under `{base_url}/api/v1` and turns answers into data or errors."""

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey | str,
        *,
        timeout: float,
        stream_timeout: float | None,
        read_retries: int = 0,
        max_retry_wait: float = MAX_RETRY_WAIT,
        reauthenticate: Callable[[], Awaitable[ApiKey | str | None]] | None = None,
    ) -> None:
        self.base_url = site_url(base_url)
        # Asked for a new key when the server refuses the current one (401); the refused
        # request is then sent once more with it. None (or no key) lets AuthError through.
        self.reauthenticate = reauthenticate
        self.read_retries = read_retries
        self.max_retry_wait = max_retry_wait
        self._auth = KeyAuth(ApiKey.of(api_key))
        self._keys = [self._auth.key]
        self._stream_timeout = httpx.Timeout(
            timeout, read=stream_timeout if stream_timeout is not None else timeout
        )
        options: dict[str, Any] = {
            "auth": self._auth,
            "headers": {"Accept": "application/json", "User-Agent": f"cgpt-tui/{__version__}"},
            "timeout": httpx.Timeout(timeout),
            "verify": tls.for_base_url(self.base_url),
        }
        # A base URL httpx cannot parse fails every call (as RequestFailed), not the
        # constructor: the caller's error handling covers it like any unreachable server.
        self._unusable: str | None = None
        try:
            self._http = httpx.AsyncClient(base_url=self.base_url + API_PREFIX, **options)
        except Exception as error:  # InvalidURL, mostly
            self._unusable = self.request_failed(error).message
            self._http = httpx.AsyncClient(**options)

    async def aclose(self) -> None:
        await self._http.aclose()

    # ------------------------------------------------------------------ errors

    def scrub(self, text: str) -> str:
        """Never let a key (this one or an earlier one) into an error message."""
        for key in self._keys:
            text = key.scrub(text, KEY_MASK)
        return text

    def http_error(self, response: httpx.Response, body: bytes) -> CustomGPTError:
        status = response.status_code
        message = error_message(body) or response.reason_phrase or f"HTTP {status}"
        return self._status_error(status, self.scrub(message), response)

    def _status_error(self, status: int, message: str, response: httpx.Response) -> CustomGPTError:
        url = self.scrub(str(response.request.url))
        kind = error_class_for(status)
        if kind is RateLimited:
            return RateLimited(message, status=status, url=url, retry_after=retry_after(response))
        return kind(message, status=status, url=url)

    def network_error(self, error: httpx.HTTPError, url: str | None = None) -> NetworkError:
        detail = self.scrub(str(error)) or type(error).__name__
        if isinstance(error, httpx.TimeoutException):
            message = f"the server did not answer in time ({type(error).__name__})"
        elif isinstance(error, httpx.ConnectError):
            message = f"cannot connect to {self.base_url}: {detail}"
        else:
            message = f"network failure ({type(error).__name__}): {detail}"
        return NetworkError(message, url=url)

    def request_failed(self, error: Exception, url: str | None = None) -> RequestFailed:
        """Whatever else httpx (or anyio under it) raised while building or sending a
        request: InvalidURL, OverflowError for a port past 65535, an ExceptionGroup from a
        connection attempt. Said in one sentence; the original is not chained, because its
        frames hold the request's headers."""
        while isinstance(error, ExceptionGroup) and error.exceptions:
            error = error.exceptions[0]
        detail = self.scrub(str(error)).rstrip(".") or type(error).__name__
        return RequestFailed(
            f"the request to {self.base_url} could not be sent ({type(error).__name__}: {detail})",
            url=url,
        )

    # ------------------------------------------------------------------ requests

    async def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A whole response with a success status, or the error its status stands for.

        A GET answered 429 is tried again up to `read_retries` times, after Retry-After
        (capped) or an exponential, jittered pause. Nothing else is ever re-sent: a question
        must not be asked twice behind the user's back.
        """
        attempt, renewed = 0, False
        while True:
            try:
                return await self._send_once(method, path, **kwargs)
            except RateLimited as error:
                if method.upper() != "GET" or attempt >= self.read_retries:
                    raise
                await asyncio.sleep(self.retry_wait(error.retry_after, attempt))
                attempt += 1
            except AuthError:
                if renewed or not await self._renew_key():
                    raise
                renewed = True

    async def _renew_key(self) -> bool:
        """Ask for a new key after a 401; True when there is one to try.

        A refused request was not carried out, so sending it again with the new key
        repeats nothing.
        """
        if self.reauthenticate is None:
            return False
        renewed = await self.reauthenticate()
        if not renewed:
            return False
        key = ApiKey.of(renewed)
        self._keys.append(key)
        self._auth.key = key
        return True

    def retry_wait(self, retry_after: float | None, attempt: int) -> float:
        base = retry_after if retry_after is not None else RETRY_BASE * 2**attempt
        return min(base, self.max_retry_wait) * (1 + random.uniform(0, RETRY_JITTER))

    def _check_usable(self, path: str) -> None:
        if self._unusable is not None:
            raise RequestFailed(self._unusable, url=self._url(path))

    async def _send_once(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self._check_usable(path)
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise self.network_error(error, self._url(path)) from None
        except Exception as error:  # anything else: see request_failed
            raise self.request_failed(error, self._url(path)) from None
        if response.is_error:
            raise self.http_error(response, response.content)
        return response

    async def data(self, method: str, path: str, **kwargs: Any) -> Any:
        """The `data` of a success envelope."""
        return await self.field(method, path, "data", **kwargs)

    async def field(self, method: str, path: str, key: str, **kwargs: Any) -> Any:
        """The `key` of a success envelope: `data` nearly everywhere, `license` for one
        licence (`{"status": "success", "license": {...}}`). An error envelope under a
        success status is still the error it reports."""
        response = await self.send(method, path, **kwargs)
        try:
            payload = response.json()
        except (ValueError, RecursionError):
            raise ProtocolError(
                "the server's answer is not JSON", status=response.status_code
            ) from None
        if not isinstance(payload, dict):
            raise ProtocolError(f"the server's answer has no {key!r}", status=response.status_code)
        if payload.get("status") == "error" and "data" in payload:
            # an error envelope with a success status
            data = as_dict(payload["data"])
            status = as_int(data.get("code")) or 500
            message = error_message(response.content) or "the server reported an error"
            raise self._status_error(status, self.scrub(message), response)
        if key not in payload:
            raise ProtocolError(f"the server's answer has no {key!r}", status=response.status_code)
        return payload[key]

    async def open_stream(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A streaming response whose headers said success; the caller must close it."""
        try:
            return await self._open_stream_once(method, path, **kwargs)
        except AuthError:
            if not await self._renew_key():
                raise
            return await self._open_stream_once(method, path, **kwargs)

    async def _open_stream_once(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self._check_usable(path)
        try:
            request = self._http.build_request(method, path, timeout=self._stream_timeout, **kwargs)
            request.headers["Accept"] = "text/event-stream"
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as error:
            raise self.network_error(error, self._url(path)) from None
        except Exception as error:  # anything else: see request_failed
            raise self.request_failed(error, self._url(path)) from None
        if response.is_error:
            try:
                body = await response.aread()
            except httpx.HTTPError:
                body = b""
            finally:
                await response.aclose()
            raise self.http_error(response, body)
        return response

    def _url(self, path: str) -> str:
        return self.scrub(f"{self.base_url}{API_PREFIX}{path}")
