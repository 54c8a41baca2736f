"""Fault switches: make one stand-in server misbehave on purpose, for tests.

Set from Python (`server.faults.fail_next(...)`) or over HTTP (`POST /__demo__/faults`).
Request faults answer matching requests with an error; stream faults change the next
streamed answers. Thread-safe: tests set them from their own thread.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestFault:
    remaining: int
    status: int
    message: str
    path: str | None = None  # a substring or a regular expression of the path
    retry_after: float | None = None

    def matches(self, path: str) -> bool:
        if self.path is None:
            return True
        if self.path in path:
            return True
        try:
            return re.search(self.path, path) is not None
        except re.error:
            return False


@dataclass
class StreamPlan:
    """What to do to one streamed answer."""

    cut_after: int | None = None  # end the connection abruptly after this many events
    malformed_at: int | None = None  # send a non-JSON data line as event number N
    stall_after: int | None = None  # pause after this many events ...
    stall_seconds: float = 0.0  # ... for this long
    error_at: int | None = None  # send `event: error` as event number N
    error_message: str = "The agent failed to answer."
    inject: str | None = None  # text with control characters put into the answer


@dataclass
class FaultSwitches:
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _requests: list[RequestFault] = field(default_factory=list)
    _streams: list[StreamPlan] = field(default_factory=list)

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 500,
        message: str = "Internal server error",
        path: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next `n` requests (whose path matches `path`, if given) with an error."""
        with self._lock:
            self._requests.append(RequestFault(n, status, message, path, retry_after))

    def _add_stream(self, streams: int, **changes: Any) -> None:
        with self._lock:
            for index in range(streams):
                if index < len(self._streams):
                    for key, value in changes.items():
                        setattr(self._streams[index], key, value)
                else:
                    self._streams.append(StreamPlan(**changes))

    def cut_stream_after(self, events: int, *, streams: int = 1) -> None:
        self._add_stream(streams, cut_after=events)

    def malformed_event(self, at: int = 1, *, streams: int = 1) -> None:
        self._add_stream(streams, malformed_at=at)

    def stall(self, seconds: float, *, after_events: int = 0, streams: int = 1) -> None:
        self._add_stream(streams, stall_after=after_events, stall_seconds=seconds)

    def error_event(
        self, at: int = 1, message: str = "The agent failed to answer.", *, streams: int = 1
    ) -> None:
        self._add_stream(streams, error_at=at, error_message=message)

    def inject_control_chars(
        self, text: str = "\x1b]0;PWNED\x07\x1b[2J\x9b31m", *, streams: int = 1
    ) -> None:
        self._add_stream(streams, inject=text)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()
            self._streams.clear()

    # ------------------------------------------------------------------ used by the app

    def take_request_fault(self, path: str) -> RequestFault | None:
        with self._lock:
            for fault in self._requests:
                if fault.remaining > 0 and fault.matches(path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._requests.remove(fault)
                    return fault
        return None

    def take_stream_plan(self) -> StreamPlan:
        with self._lock:
            return self._streams.pop(0) if self._streams else StreamPlan()

    def apply(self, spec: dict[str, Any]) -> None:
        """Set switches from the JSON of `POST /__demo__/faults`.

        `{"fail_next": {"n": 2, "status": 429, "message": "...", "retry_after": 3}}`,
        `{"cut_stream_after": {"events": 5}}`, `{"malformed_event": {"at": 2}}`,
        `{"stall": {"seconds": 2, "after_events": 3}}`, `{"error_event": {"at": 2}}`,
        `{"inject_control_chars": {}}`; several keys may be given at once.
        """
        actions = {
            "fail_next": self.fail_next,
            "cut_stream_after": self.cut_stream_after,
            "malformed_event": self.malformed_event,
            "stall": self.stall,
            "error_event": self.error_event,
            "inject_control_chars": self.inject_control_chars,
        }
        unknown = set(spec) - set(actions)
        if unknown:
            raise ValueError(f"unknown fault switches: {', '.join(sorted(unknown))}")
        for name, arguments in spec.items():
            if not isinstance(arguments, dict):
                raise ValueError(f"{name} takes an object of arguments")
            actions[name](**arguments)
