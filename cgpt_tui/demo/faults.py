"""Fault switches: make one stand-in server misbehave on purpose, for tests.

Set from Python (`server.faults.fail_next(...)`) or over HTTP (`POST /__demo__/faults` with
the same bearer key; `DELETE` clears them all). Four kinds:

- request faults answer the next matching requests with an error envelope;
- delays hold the next matching requests before they are answered (a slow link);
- stream plans change the next streamed answers (message streams and completion streams
  alike), counting events from 1: `start` is event 1, the first (empty) `progress` event 2;
- injections put control characters into the next answers, streamed or not.

Thread-safe: tests set switches from their own thread while the server runs in another.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Protocol, TypeVar

# OSC 52 (writes the clipboard), OSC 0 (window title), a screen clear, a C1 CSI, BEL and a
# backspace: what a careless terminal client would pass straight to the terminal.
DEFAULT_INJECTION = "\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x07\x1b[2J\x9b31m\x07\x08"


def path_matches(pattern: str | None, path: str) -> bool:
    """`pattern` is None (any path), a substring of `path`, or a regular expression in it."""
    if pattern is None or pattern in path:
        return True
    try:
        return re.search(pattern, path) is not None
    except re.error:
        return False


class _Armed(Protocol):
    remaining: int
    path: str | None  # see path_matches


A = TypeVar("A", bound=_Armed)


def _take_matching(armed: list[A], path: str) -> A | None:
    """The first of `armed` whose path matches, counted once (and gone when used up)."""
    for switch in armed:
        if path_matches(switch.path, path):
            switch.remaining -= 1
            if switch.remaining <= 0:
                armed.remove(switch)
            return switch
    return None


@dataclass
class RequestFault:
    """Answer the next `remaining` requests whose path matches with `status` and `message`."""

    remaining: int
    status: int
    message: str
    path: str | None = None  # a substring of the path, or else a regular expression
    retry_after: float | None = None


@dataclass
class RequestDelay:
    """Hold the next `remaining` requests whose path matches for `seconds` first."""

    remaining: int
    seconds: float
    path: str | None = None  # as RequestFault.path


@dataclass
class StreamPlan:
    """What to do to one streamed answer; events are counted from 1."""

    cut_after: int | None = None  # drop the connection after this many events
    malformed_at: int | None = None  # event number N is a `data:` line that is not JSON
    stall_after: int | None = None  # pause after this many events (0: before the first) ...
    stall_seconds: float = 0.0  # ... for this long
    error_at: int | None = None  # event number N is `event: error`, and the stream ends
    error_message: str = "The agent failed to answer."


def _count(value: Any, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}")
    return value


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a number of seconds, at least 0")
    return float(value)


@dataclass
class FaultSwitches:
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _requests: list[RequestFault] = field(default_factory=list)
    _delays: list[RequestDelay] = field(default_factory=list)
    _streams: list[StreamPlan] = field(default_factory=list)
    _injections: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ switches

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        message: str = "Internal Server Error",
        path: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next `n` requests (whose path matches `path`, if given) with an error.

        `path` is a substring of the request path, or else a regular expression searched in
        it. `retry_after` (seconds) adds a `Retry-After` header.
        """
        _count(n, "n", minimum=1)
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if retry_after is not None:
            _seconds(retry_after, "retry_after")
        with self._lock:
            self._requests.append(RequestFault(n, status, str(message), path, retry_after))

    def delay_next(self, seconds: float, n: int = 1, path: str | None = None) -> None:
        """Hold the next `n` requests (whose path matches `path`, as in `fail_next`) for
        `seconds` before answering them: a slow link or a busy server."""
        _count(n, "n", minimum=1)
        with self._lock:
            self._delays.append(RequestDelay(n, _seconds(seconds, "seconds"), path))

    def cut_stream_after(self, events: int, *, streams: int = 1) -> None:
        """Drop the connection after `events` events of each of the next `streams` streams."""
        self._plan(streams, cut_after=_count(events, "events", minimum=0))

    def malformed_event(self, at: int = 1, *, streams: int = 1) -> None:
        """Send a `data:` line that is not JSON as event number `at` (the rest follow it)."""
        self._plan(streams, malformed_at=_count(at, "at", minimum=1))

    def stall(self, seconds: float, *, after_events: int = 0, streams: int = 1) -> None:
        """Pause `seconds` after `after_events` events (0: before the first event)."""
        self._plan(
            streams,
            stall_after=_count(after_events, "after_events", minimum=0),
            stall_seconds=_seconds(seconds, "seconds"),
        )

    def error_event(
        self, at: int = 1, message: str = "The agent failed to answer.", *, streams: int = 1
    ) -> None:
        """Send `event: error` as event number `at`, then end the stream without `finish`."""
        self._plan(streams, error_at=_count(at, "at", minimum=1), error_message=str(message))

    def inject_control_chars(self, text: str = DEFAULT_INJECTION, *, answers: int = 1) -> None:
        """Put `text` into the middle of each of the next `answers` answers (any kind)."""
        _count(answers, "answers", minimum=1)
        with self._lock:
            self._injections.extend([str(text)] * answers)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()
            self._delays.clear()
            self._streams.clear()
            self._injections.clear()

    def pending(self) -> dict[str, Any]:
        """What is still armed (also served by `GET /__demo__/faults`)."""
        with self._lock:
            return {
                "requests": [asdict(fault) for fault in self._requests],
                "delays": [asdict(delay) for delay in self._delays],
                "streams": [asdict(plan) for plan in self._streams],
                "injections": list(self._injections),
            }

    def _plan(self, streams: int, **changes: Any) -> None:
        """Merge `changes` into the plans of the next `streams` streams."""
        _count(streams, "streams", minimum=1)
        with self._lock:
            for index in range(streams):
                if index == len(self._streams):
                    self._streams.append(StreamPlan())
                for key, value in changes.items():
                    setattr(self._streams[index], key, value)

    # ------------------------------------------------------------------ used by the server

    def take_request_fault(self, path: str) -> RequestFault | None:
        with self._lock:
            return _take_matching(self._requests, path)

    def take_request_delay(self, path: str) -> float:
        """Seconds to hold a request for `path` before answering it (0: none armed)."""
        with self._lock:
            delay = _take_matching(self._delays, path)
        return delay.seconds if delay is not None else 0.0

    def take_stream_plan(self) -> StreamPlan:
        with self._lock:
            return self._streams.pop(0) if self._streams else StreamPlan()

    def take_injection(self) -> str | None:
        with self._lock:
            return self._injections.pop(0) if self._injections else None

    def apply(self, spec: dict[str, Any]) -> None:
        """Set switches from the JSON of `POST /__demo__/faults`: one key per switch.

        `{"fail_next": {"n": 2, "status": 429, "message": "...", "path": "/messages",
        "retry_after": 3}}`, `{"delay_next": {"seconds": 1.5, "n": 1, "path": "/projects$"}}`,
        `{"cut_stream_after": {"events": 5, "streams": 2}}`,
        `{"malformed_event": {"at": 2}}`, `{"stall": {"seconds": 2, "after_events": 3}}`,
        `{"error_event": {"at": 4, "message": "..."}}`, `{"inject_control_chars": {}}`,
        `{"clear": {}}`. Raises ValueError (nothing is set) when any part is wrong.
        """
        actions = {
            "fail_next": self.fail_next,
            "delay_next": self.delay_next,
            "cut_stream_after": self.cut_stream_after,
            "malformed_event": self.malformed_event,
            "stall": self.stall,
            "error_event": self.error_event,
            "inject_control_chars": self.inject_control_chars,
            "clear": self.clear,
        }
        unknown = sorted(set(spec) - set(actions))
        if unknown:
            raise ValueError(f"unknown fault switches: {', '.join(unknown)}")
        for name, arguments in spec.items():
            if not isinstance(arguments, dict):
                raise ValueError(f"{name} takes an object of arguments")
        staging = FaultSwitches()  # check every part before arming any
        for name, arguments in spec.items():
            try:
                getattr(staging, name)(**arguments)
            except TypeError as problem:
                raise ValueError(f"{name}: {problem}") from None
        with self._lock:
            if "clear" in spec:
                self._requests.clear()
                self._delays.clear()
                self._streams.clear()
                self._injections.clear()
            self._requests.extend(staging._requests)
            self._delays.extend(staging._delays)
            self._injections.extend(staging._injections)
            for index, plan in enumerate(staging._streams):
                if index == len(self._streams):
                    self._streams.append(StreamPlan())
                for item in fields(StreamPlan):
                    value = getattr(plan, item.name)
                    if value != item.default:
                        setattr(self._streams[index], item.name, value)
