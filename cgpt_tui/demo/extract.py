"""Text out of what the stand-in indexes: HTML pages and uploaded files.

HTML: the title (`og:title`, else `<title>`), Open Graph data and the visible text of the
body (script, style and the like skipped), in sections at `<h1>`-`<h3>`. Files: `.txt`, `.md`,
`.html`/`.htm`, `.pdf` (pypdf) and `.docx` (its `word/document.xml`: `w:t` text in `w:p`
paragraphs, heading styles start sections). Only the first MAX_TEXT characters of a file are
read: the stand-in answers from a sample of a huge file rather than holding it in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from cgpt_tui.demo.documents import Section, docx_sections, text_sections
from cgpt_tui.demo.office_files import UnreadableFile, docx_paragraphs, pdf_page_texts

MAX_TEXT = 2_000_000  # characters of a file read for indexing
MAX_SECTION = 2_000  # characters of one section (what an answer quotes)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
HEADINGS = frozenset({"h1", "h2", "h3"})
BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "br", "tr", "table", "section", "article", "h4", "h5", "h6"}
    | {"pre", "blockquote", "header", "footer", "main", "nav", "dd", "dt"}
)
OPEN_GRAPH = ("og:title", "og:description", "og:image", "og:url", "og:site_name")
CONTENT_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ExtractError(Exception):
    """Why a page or file could not be read, in words (the page's failure_reason)."""


@dataclass(frozen=True)
class Extracted:
    title: str | None
    description: str | None
    image: str | None
    url: str | None
    site_name: str | None
    sections: tuple[Section, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(f"{s.heading}\n{s.body}".strip() for s in self.sections) + "\n"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.sections: list[tuple[str, list[str]]] = [("", [])]
        self._skipping: list[str] = []
        self._heading: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or ""
            if key.lower() in (*OPEN_GRAPH, "description") and values.get("content"):
                self.meta.setdefault(key.lower(), values["content"].strip())
            return
        if tag == "title":
            self._in_title = True
        if tag == "body" and "head" in self._skipping:
            self._skipping = [t for t in self._skipping if t != "head"]  # </head> left out
        if tag in SKIPPED_TAGS:
            self._skipping.append(tag)
        elif tag in HEADINGS and not self._skipping:
            self._heading = []
        elif tag in BLOCKS:
            self.sections[-1][1].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
        elif tag in HEADINGS and self._heading is not None:
            self.sections.append((_squash("".join(self._heading)), []))
            self._heading = None
        elif tag in BLOCKS:
            self.sections[-1][1].append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif self._skipping:
            return
        elif self._heading is not None:
            self._heading.append(data)
        else:
            self.sections[-1][1].append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(parts: list[str]) -> str:
    lines = (_squash(line) for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _titled(sections: list[Section], title: str | None) -> tuple[Section, ...]:
    """Sections with text, none longer than about MAX_SECTION characters (an answer quotes
    one whole); one without a heading is headed by the document's title."""
    return tuple(
        Section(section.heading or title or "", piece)
        for section in sections
        if section.body.strip()
        for piece in _pieces(section.body.strip())
    )


def _pieces(body: str) -> list[str]:
    """`body` cut at paragraph (else line, else word) boundaries into parts of at most
    about MAX_SECTION characters."""
    if len(body) <= MAX_SECTION:
        return [body]
    for joint in ("\n\n", "\n", " "):
        parts = body.split(joint)
        if len(parts) > 1:
            break
    else:
        return [body[i : i + MAX_SECTION] for i in range(0, len(body), MAX_SECTION)]
    pieces: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + len(joint) + len(part) > MAX_SECTION:
            pieces.append(current)
            current = part
        else:
            current = f"{current}{joint}{part}" if current else part
    pieces.append(current)
    return [piece for chunk in pieces for piece in _pieces(chunk)]  # a part still too long


def html_page(raw: str, *, fallback_title: str | None = None) -> Extracted:
    parser = _PageParser()
    parser.feed(raw)
    parser.close()
    meta = parser.meta
    title = meta.get("og:title") or _squash("".join(parser.title_parts)) or fallback_title
    sections = [Section(heading, _paragraphs(parts)) for heading, parts in parser.sections]
    return Extracted(
        title=title or None,
        description=meta.get("og:description") or meta.get("description"),
        image=meta.get("og:image"),
        url=meta.get("og:url"),
        site_name=meta.get("og:site_name"),
        sections=_titled(sections, title),
    )


def suffix_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def content_type_of(filename: str) -> str:
    return CONTENT_TYPES.get(suffix_of(filename), "application/octet-stream")


def readable(filename: str) -> bool:
    return suffix_of(filename) in CONTENT_TYPES


def unreadable_reason(filename: str) -> str:
    suffix = suffix_of(filename) or "(none)"
    return f"Files of type {suffix} cannot be read by the stand-in"


def file_text(path: Path, filename: str) -> Extracted:
    """What an uploaded file says; ExtractError with the reason when it cannot be read."""
    suffix = suffix_of(filename)
    title = Path(filename).stem
    if suffix in (".txt", ".md", ".html", ".htm"):
        with path.open(encoding="utf-8", errors="replace") as handle:
            raw = handle.read(MAX_TEXT)
        if suffix in (".html", ".htm"):
            found = html_page(raw, fallback_title=title)
            if not found.sections:
                raise ExtractError("No text could be read from this file")
            return found
        split = markdown_file_sections if suffix == ".md" else text_sections
        return _plain(title, split(raw))
    if suffix == ".pdf":
        return _plain(title, _pdf_sections(path))
    if suffix == ".docx":
        return _plain(title, _docx_sections(path))
    raise ExtractError(unreadable_reason(filename))


MARKDOWN_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")


def markdown_file_sections(raw: str) -> list[Section]:
    """An uploaded Markdown file in sections at its headings (any level), the text before
    the first heading in one of its own. (The seed documents' `markdown_sections` splits at
    `## ` only and reads a first line as a heading: a file of one paragraph read as nothing.)"""
    sections: list[Section] = []
    heading, start = "", 0
    for match in MARKDOWN_HEADING.finditer(raw):
        sections.append(Section(heading, raw[start : match.start()].strip()))
        heading, start = match.group(1).strip(), match.end()
    sections.append(Section(heading, raw[start:].strip()))
    return sections


def _plain(title: str, sections: list[Section]) -> Extracted:
    found = _titled(sections, title)
    if not found:
        raise ExtractError("No text could be read from this file")
    return Extracted(title, None, None, None, None, found)


def _pdf_sections(path: Path) -> list[Section]:
    try:
        texts = pdf_page_texts(path)
    except UnreadableFile as problem:
        raise ExtractError(str(problem)) from None
    sections, size = [], 0
    for number, text in enumerate(texts, start=1):
        body = "\n\n".join(_squash(p) for p in re.split(r"\n\s*\n", text) if p.strip())
        if not body:
            continue
        size += len(body)
        if size > MAX_TEXT:
            break
        sections.append(Section(f"Page {number}", body))
    return sections


def _docx_sections(path: Path) -> list[Section]:
    try:
        paragraphs = docx_paragraphs(path)
    except UnreadableFile as problem:
        raise ExtractError(str(problem)) from None
    return docx_sections(paragraphs)
