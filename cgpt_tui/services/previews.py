"""An uploaded file as the preview shows it: what kind of file it is, and its text in pages.

Markdown is shown rendered, plain text, HTML, DOCX and PDF as text, anything else described
by its type and size. A preview shows one page at a time, never the whole file: a text is
cut into pages of about PAGE_LINES lines (Markdown only between blocks, a code block cut
in two is closed and opened again), a PDF page is a page, read when it is first shown (see
`PdfPages`). Opening a file and reading a PDF page may be slow: the screen calls them from a
thread. All text is sanitized here, once.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from enum import Enum
from pathlib import PurePosixPath

from cgpt_tui.api import FilePreview
from cgpt_tui.api.frozen import record
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.preview_formats import (
    MAX_TEXT_CHARS,
    Extracted,
    PdfPages,
    Unreadable,
    docx_text,
    html_text,
)

PAGE_LINES = 200  # lines of text on a page
MAX_PAGE_CHARS = 40_000  # characters on a page (a file of very long lines)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_TYPES = frozenset(
    {"application/json", "application/xml", "application/yaml", "application/x-yaml"}
    | {"application/javascript", "application/x-sh", "application/toml", "application/csv"}
    | {"application/x-ndjson", "application/sql"}
)
TEXT_SUFFIXES = frozenset(
    {".txt", ".text", ".csv", ".tsv", ".json", ".xml", ".yaml", ".yml", ".toml", ".ini"}
    | {".log", ".py", ".js", ".ts", ".sh", ".sql", ".rst", ".cfg", ".conf", ".tex"}
)
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "application/markdown"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
LABELS = {
    "application/pdf": "PDF document",
    DOCX: "Word document",
    "application/msword": "Word 97-2003 document",
    "application/zip": "zip archive",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint presentation"
    ),
    "application/octet-stream": "file of unknown type",
}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class PreviewKind(Enum):
    MARKDOWN = "markdown"  # pages of Markdown, shown rendered
    TEXT = "text"  # pages of plain text
    DESCRIBED = "described"  # not shown: its type and size, and why


@record
class FileFacts:
    """What the preview says about a file above its text."""

    filename: str  # sanitized, "" when the server gave none
    content_type: str  # the type without parameters, sanitized
    size: int  # bytes
    label: str  # "PDF document", "Markdown", "image (image/png)"

    @property
    def summary(self) -> str:
        parts = [self.filename] if self.filename else []
        return " · ".join([*parts, self.label, file_size(self.size)])


class PreviewDocument:
    """A file's preview: its facts, its kind, and its pages (none for a described file)."""

    kind: PreviewKind = PreviewKind.TEXT

    def __init__(self, facts: FileFacts, *, notice: str | None = None) -> None:
        self.facts = facts
        self.notice = notice  # said under the text, e.g. that the file was cut short
        self.reason = ""  # why a described file is not shown

    @property
    def page_count(self) -> int:
        return 0

    def page(self, index: int) -> str:
        """Page `index` (from 0), sanitized; may be slow (a PDF page is read now)."""
        raise IndexError(index)

    def cached(self, index: int) -> str | None:
        """Page `index` if it can be had at once, else None (read it with `page`)."""
        return None


class TextPages(PreviewDocument):
    """A text (or Markdown) already cut into pages."""

    def __init__(
        self, facts: FileFacts, kind: PreviewKind, pages: list[str], *, notice: str | None = None
    ) -> None:
        super().__init__(facts, notice=notice)
        self.kind = kind
        self._pages = pages or [""]

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def page(self, index: int) -> str:
        return self._pages[index]

    def cached(self, index: int) -> str | None:
        return self._pages[index]


class PdfDocument(PreviewDocument):
    """A PDF, its pages read one by one as they are first shown, then kept."""

    def __init__(self, facts: FileFacts, pages: PdfPages) -> None:
        super().__init__(facts)
        self._reader = pages
        self._read: dict[int, str] = {}

    @property
    def page_count(self) -> int:
        return self._reader.count

    def page(self, index: int) -> str:
        if not 0 <= index < self.page_count:
            raise IndexError(index)
        if index not in self._read:
            self._read[index] = clean_text(self._reader.page_text(index))
        return self._read[index]

    def cached(self, index: int) -> str | None:
        return self._read.get(index)


class Described(PreviewDocument):
    """A file not shown as text: `reason` says why."""

    kind = PreviewKind.DESCRIBED

    def __init__(self, facts: FileFacts, reason: str) -> None:
        super().__init__(facts)
        self.reason = reason


# ---------------------------------------------------------------------- opening a file


def open_preview(preview: FilePreview) -> PreviewDocument:
    """The preview of a fetched file, by its type (its content type, else its name's
    extension, else its first bytes); a damaged file is `Described` with the reason."""
    base_type = clean_line((preview.content_type or "").split(";")[0]).lower()
    filename = clean_line(PurePosixPath((preview.filename or "").replace("\\", "/")).name)
    suffix = PurePosixPath(filename.lower()).suffix
    data = preview.content

    def facts(label: str) -> FileFacts:
        return FileFacts(filename, base_type, len(data), label)

    try:
        if base_type == "application/pdf" or data.startswith(b"%PDF-") or suffix == ".pdf":
            return PdfDocument(facts("PDF document"), PdfPages(data))
        if base_type == DOCX or suffix == ".docx":
            return _text_document(facts("Word document"), docx_text(data))
    except Unreadable as problem:
        return Described(facts(LABELS.get(base_type, _label(base_type, suffix))), str(problem))
    if base_type in MARKDOWN_TYPES or suffix in (".md", ".markdown"):
        kind, label = PreviewKind.MARKDOWN, "Markdown"
    elif base_type in HTML_TYPES or suffix in (".html", ".htm", ".xhtml"):
        kind, label = PreviewKind.TEXT, "web page (HTML)"
    elif _textual(base_type, suffix):
        kind, label = PreviewKind.TEXT, _text_label(base_type, suffix)
    else:
        return Described(facts(_label(base_type, suffix)), _not_text(base_type))
    text = _decoded(data, preview.content_type or "")
    if text is None:
        return Described(facts(label), "It holds binary data, not text.")
    if label.startswith("web page"):  # cleaned before (for the layout) and after (entities)
        return _text_document(facts(label), html_text(clean_text(text)))
    truncated = len(text) > MAX_TEXT_CHARS
    return _text_document(facts(label), Extracted(text[:MAX_TEXT_CHARS], truncated), kind)


def _text_document(
    facts: FileFacts, extracted: Extracted, kind: PreviewKind = PreviewKind.TEXT
) -> TextPages:
    text = clean_text(extracted.text)
    notice = (
        "The file is longer than a preview shows: the rest is not shown."
        if (extracted.truncated)
        else None
    )
    if not text.strip():
        text = "(This file has no text.)"
    pages = markdown_pages(text) if kind is PreviewKind.MARKDOWN else text_pages(text)
    return TextPages(facts, kind, pages, notice=notice)


def _textual(base_type: str, suffix: str) -> bool:
    if base_type.startswith("text/") or base_type in TEXT_TYPES:
        return True
    if base_type.endswith(("+json", "+xml")):
        return True
    return suffix in TEXT_SUFFIXES and base_type in ("", "application/octet-stream")


def _decoded(data: bytes, content_type: str) -> str | None:
    """The bytes as text: by a BOM, else the charset the server named, else UTF-8 (what
    does not decode shown as �); None for binary data (NUL bytes)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data[: MAX_TEXT_CHARS * 4].decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        return None
    encoding = "utf-8"
    charset = re.search(r"charset=\"?([\w.:-]+)", content_type, re.IGNORECASE)
    if charset:
        with contextlib.suppress(LookupError):  # an unknown charset: UTF-8
            encoding = codecs.lookup(charset.group(1)).name
    return data[: MAX_TEXT_CHARS * 4].decode(encoding, errors="replace")


def _text_label(base_type: str, suffix: str) -> str:
    if base_type in ("text/plain", "") or not base_type:
        return "text" if suffix in ("", ".txt", ".text") else f"text ({suffix})"
    return f"text ({base_type})"


def _label(base_type: str, suffix: str) -> str:
    if base_type in LABELS:
        return LABELS[base_type]
    family = base_type.split("/")[0]
    if family in ("image", "audio", "video", "font") and "/" in base_type:
        return f"{family} ({base_type})"
    if base_type:
        return f"file ({base_type})"
    return f"{suffix} file" if suffix else "file of unknown type"


def _not_text(base_type: str) -> str:
    family = base_type.split("/")[0]
    if family in ("image", "audio", "video"):
        return f"It is {'an' if family in ('image', 'audio') else 'a'} {family}, not text."
    return "This type of file cannot be shown as text."


def file_size(size: int) -> str:
    """1 byte, 812 bytes, 2.5 KB, 1.2 MB (powers of 1,000, as file managers count)."""
    if size < 1000:
        return "1 byte" if size == 1 else f"{size:,} bytes"
    value = size / 1000
    for unit in ("KB", "MB"):
        if value < 999.95:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


# ---------------------------------------------------------------------- pages


def text_pages(text: str, lines_per_page: int = PAGE_LINES) -> list[str]:
    """Plain text in pages of `lines_per_page` lines and at most MAX_PAGE_CHARS characters
    (a longer line is cut)."""
    pages: list[str] = []
    current: list[str] = []
    size = 0
    for line in _bounded_lines(text):
        if current and (len(current) >= lines_per_page or size + len(line) > MAX_PAGE_CHARS):
            pages.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        pages.append("\n".join(current))
    return pages


def markdown_pages(text: str, lines_per_page: int = PAGE_LINES) -> list[str]:
    """Markdown in pages that end between blocks (at a blank line outside a code block) once
    they hold `lines_per_page` lines; a page that finds no such place ends at twice that,
    closing an open code block there and opening it again on the next page."""
    pages: list[str] = []
    current: list[str] = []
    size = 0
    fence: str | None = None  # the open code block's fence ("```")
    opening = ""  # the line that opened it ("```python"), to open it again on a new page
    for line in _bounded_lines(text):
        full = len(current) >= lines_per_page or size > MAX_PAGE_CHARS // 2
        if full and fence is None and not line.strip():
            pages.append("\n".join(current))
            current, size = [], 0
            continue
        if len(current) >= 2 * lines_per_page or size + len(line) > MAX_PAGE_CHARS:
            pages.append("\n".join([*current, fence] if fence else current))
            current, size = ([opening] if fence else []), 0
        current.append(line)
        size += len(line) + 1
        match = _FENCE.match(line)
        if match and fence is None:
            fence, opening = match.group(1), line.strip()
        elif fence is not None and line.strip().startswith(fence) and not line.strip(" `~"):
            fence = None
    if current and any(line.strip() for line in current):
        pages.append("\n".join(current))
    return pages


def _bounded_lines(text: str) -> list[str]:
    lines: list[str] = []
    limit = MAX_PAGE_CHARS // 2
    for line in text.split("\n"):
        if len(line) <= limit:
            lines.append(line)
        else:
            lines.extend(line[i : i + limit] for i in range(0, len(line), limit))
    return lines
