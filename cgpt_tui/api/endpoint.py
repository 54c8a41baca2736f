"""What every area of the client shares: the transport, path segments, query parameters,
and request bodies that are JSON without files and multipart with them.

Each area of the API is a mixin over `Endpoint` (chat.py, agents.py, content.py,
account.py); `CustomGPTClient` (client.py) composes them around one Transport.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from cgpt_tui.api.errors import LocalFileError

if TYPE_CHECKING:  # the client's areas are imported without httpx (see prefetch.py)
    from cgpt_tui.api.transport import Transport

Order = Literal["asc", "desc"]
UserFilter = Literal["all", "anonymous", "team_member", "me"]  # whose conversations


def seg(value: object) -> str:
    """One path segment, escaped (a session id or any id comes from outside)."""
    return quote(str(value), safe="")


def params(**values: Any) -> dict[str, Any]:
    """The arguments that were given (None: left out)."""
    return {key: value for key, value in values.items() if value is not None}


def form_value(value: Any) -> str:
    """One multipart field: booleans as "true"/"false", everything else as its text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def form_fields(values: Mapping[str, Any]) -> dict[str, str]:
    """Fields for a multipart body: a list becomes `name[0]`, `name[1]`, … (PHP's form of
    an array, the one the API reads; an empty list sends nothing); None becomes an empty
    value (which clears a field the server lets be empty, as JSON's null does)."""
    fields: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            fields[name] = ""
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                fields[f"{name}[{index}]"] = form_value(item)
        else:
            fields[name] = form_value(value)
    return fields


@contextmanager
def request_body(
    values: Mapping[str, Any], files: Mapping[str, Path | None] | None = None
) -> Iterator[dict[str, Any]]:
    """Keyword arguments for Transport.send: `json=` without files; with files, `data=` and
    `files=` holding each file OPEN (a file given as None is no file). Every value is sent,
    None too (null; an empty field in multipart): leave out what is not given (`params`).

    With files, httpx gets each one open, so httpx streams it from disk in 64 KB chunks (and
    seeks it back to the start should the request be sent again after a new key).

    The files are closed when the block ends, however it ends (error, cancellation)."""
    given = {name: path for name, path in (files or {}).items() if path is not None}
    if not given:
        yield {"json": dict(values)}
        return
    with ExitStack() as stack:
        opened: dict[str, tuple[str, IO[bytes]]] = {
            name: (path.name, stack.enter_context(_open(path))) for name, path in given.items()
        }
        yield {"data": form_fields(values), "files": opened}


def _open(path: Path) -> IO[bytes]:
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        return path.open("rb")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise LocalFileError(f"cannot upload {path}: {reason}") from None


class Endpoint:
    """A mixin's view of the client: the transport every request goes through."""

    @property
    def _wire(self) -> Transport:
        raise NotImplementedError  # CustomGPTClient's
