"""Which links the app may open: web pages in the browser, uploaded files in a preview."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_PREVIEW_PATH = re.compile(r"/api/v1/preview/(\d+)/?$")


def web_url(url: str | None) -> bool:
    """True for an http(s) URL with a host: the only kind handed to the browser."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def preview_file_id(url: str | None) -> int | None:
    """The file id of an uploaded-source link (`.../api/v1/preview/{id}`), else None."""
    if not url:
        return None
    match = _PREVIEW_PATH.search(urlsplit(url).path)
    return int(match.group(1)) if match else None
