"""Request bodies that come as JSON or as forms (multipart, with files), and stored uploads.

`await body_of(request)` gives the fields (JSON values, or form strings) and the uploaded
files. Files are never held whole: Starlette spools each part to a temporary file past 1 MB,
and `store_upload` copies it in chunks to the stand-in's files folder.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.datastructures import UploadFile
from starlette.requests import Request

from cgpt_tui.demo.context import json_body
from cgpt_tui.demo.envelopes import ApiFailure

CHUNK = 1024 * 1024
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@dataclass
class Body:
    fields: dict[str, Any]
    files: dict[str, list[UploadFile]] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """A field as stripped text; None when missing, empty or not text."""
        value = self.fields.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        return None

    def flag(self, name: str, default: bool | None = None) -> bool | None:
        """A boolean field as clients send it: true/false, 1/0, "true"/"false"."""
        value = self.fields.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return bool(value)
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ApiFailure(400, f"The {name.replace('_', ' ')} field must be true or false.")


async def body_of(request: Request) -> Body:
    content_type = request.headers.get("content-type", "").lower()
    if not content_type.startswith(FORM_TYPES):
        return Body(await json_body(request))
    try:
        form = await request.form()
    except Exception as problem:  # python-multipart's and Starlette's parse errors
        raise ApiFailure(400, f"The request body is not a valid form: {problem}") from None
    fields: dict[str, Any] = {}
    files: dict[str, list[UploadFile]] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            files.setdefault(name.removesuffix("[]"), []).append(value)
        else:
            fields[name] = value
    return Body(fields, files)


async def store_upload(upload: UploadFile, folder: Path) -> Path:
    """The upload copied, a chunk at a time, to a new file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix="upload-", delete=False)  # noqa: SIM115
    with handle:
        while chunk := await upload.read(CHUNK):
            await anyio.to_thread.run_sync(handle.write, chunk)  # the loop serves on meanwhile
    return Path(handle.name)


def filename_of(upload: UploadFile) -> str:
    """The upload's file name without any folders (never trusted as a path)."""
    name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or "upload"
