"""Request bodies as the vendor's routes take them: JSON, multipart or url-encoded, read into
one dict, and Laravel's validation wording for the values in them.

A multipart value is a string (or an `UploadedImage` for a file part); as Laravel's
ConvertEmptyStringsToNull does, an empty string reads as null. Repeated keys keep every value
in a list, and `name[0]`, `name[1]`… or `name[]` collect into one list under `name`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from cgpt_tui.demo.context import json_body
from cgpt_tui.demo.envelopes import ApiFailure

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a bigger "image" is refused, and never read whole
LISTED_KEY = re.compile(r"^(?P<name>[A-Za-z_]+)\[(?P<index>\d*)\]$")
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)


@dataclass(frozen=True)
class UploadedImage:
    """A file part, read up to one byte past MAX_IMAGE_BYTES (avatars and photos are small);
    `kind` is None if it is not an image or is too big."""

    filename: str
    content_type: str
    data: bytes

    @property
    def kind(self) -> str | None:
        if len(self.data) > MAX_IMAGE_BYTES:
            return None
        head = self.data[:512]
        for signature, kind in IMAGE_SIGNATURES:
            if head.startswith(signature):
                return kind
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        if b"<svg" in head.lower():
            return "svg"
        return None

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def describe(self) -> dict[str, Any]:
        """What is kept of it (JSON-able): its name, type, size and hash, not the bytes."""
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": len(self.data),
            "sha256": self.digest,
        }


async def read_body(request: Request) -> dict[str, Any]:
    """The body as one dict, whatever its encoding (an empty body is `{}`)."""
    content_type = request.headers.get("content-type", "").lower()
    if not content_type.startswith(FORM_TYPES):
        return await json_body(request)
    try:
        form = await request.form()
    except Exception as problem:  # python-multipart's and Starlette's parse errors
        detail = getattr(problem, "detail", None) or str(problem)
        raise ApiFailure(400, f"The request body is not a valid form: {detail}") from None
    body: dict[str, Any] = {}
    indexed: dict[str, dict[int, Any]] = {}
    try:
        for key, raw in form.multi_items():
            value = await _form_value(raw)
            listed = LISTED_KEY.match(key)
            if listed and listed["index"]:
                indexed.setdefault(listed["name"], {})[int(listed["index"])] = value
            elif listed:
                body.setdefault(listed["name"], []).append(value)
            elif key in body:
                previous = body[key]
                body[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                body[key] = value
    finally:
        await form.close()
    for name, values in indexed.items():
        body[name] = [*body.get(name, []), *(values[index] for index in sorted(values))]
    return body


async def _form_value(raw: str | UploadFile) -> Any:
    if isinstance(raw, UploadFile):
        data = await raw.read(MAX_IMAGE_BYTES + 1)
        return UploadedImage(
            raw.filename or "", raw.content_type or "application/octet-stream", data
        )
    return raw if raw != "" else None


def label(name: str) -> str:
    """A field's name as Laravel words it in messages: `enable_citations` -> enable citations."""
    return name.replace("_", " ")


def invalid(name: str, problem: str, status: int = 400) -> ApiFailure:
    return ApiFailure(status, f"The {label(name)} {problem}")


def as_bool(name: str, value: Any, *, status: int = 400) -> bool:
    """Laravel's `boolean`: true/false, 1/0, and their strings ("true", "false", "1", "0")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    raise invalid(name, "field must be true or false.", status)


def as_int(name: str, value: Any, *, status: int = 400) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise invalid(name, "must be an integer.", status)


def as_text(name: str, value: Any, max_length: int | None, *, status: int = 400) -> str:
    if not isinstance(value, str):
        raise invalid(name, "must be a string.", status)
    if max_length is not None and len(value) > max_length:
        raise invalid(name, f"may not be greater than {max_length} characters.", status)
    return value


def as_choice(name: str, value: Any, choices: tuple[Any, ...], *, status: int = 400) -> Any:
    """One of `choices`; an integer choice also matches its digits as a string ("3")."""
    for choice in choices:
        if value == choice or (isinstance(choice, int) and value == str(choice)):
            return choice
    raise invalid(f"selected {name}", "is invalid.", status)


def required_text(body: dict[str, Any], name: str, max_length: int, *, status: int) -> str:
    """A string that must be there and not blank (Laravel's `required|string|max:N`)."""
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise invalid(name, "field is required.", status)
    return as_text(name, value, max_length, status=status).strip()
