"""Text out of an uploaded file for its preview: HTML, DOCX and PDF, each bounded.

The client reads these itself (the stand-in has its own reader: the two sides share no
parsing code). Every reader stops at a size limit rather than holding a hostile file in
memory: a DOCX's XML is read as a stream and parsed as it comes (a zip bomb stops at
MAX_DOCX_XML bytes), with no document type declaration allowed (so no entity can be
declared: no billion laughs, no external entities). What comes out is not yet sanitized.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import zipfile
import zlib
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from xml.parsers import expat

from cgpt_tui.api.frozen import record

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_TEXT_CHARS = 16_000_000  # characters of a file's text kept for the preview
MAX_DOCX_XML = 32 * 1024 * 1024  # bytes of word/document.xml read (uncompressed)
MAX_PDF_PAGE_CHARS = 200_000  # characters of one PDF page
_CHUNK = 64 * 1024

# pypdf reports what it repairs through logging; in a terminal app that output would land
# on the screen. Its errors still raise.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class Unreadable(Exception):
    """Why a file cannot be shown as text, in words for the user."""


@record
class Extracted:
    text: str
    truncated: bool = False  # the file holds more than was read


# ---------------------------------------------------------------------- HTML

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
_SKIPPED |= frozenset({"object", "select", "textarea", "math"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "form"}
    | {"ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "figure", "figcaption"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "address", "details", "summary", "body"}
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col"})


_SPACES = re.compile(r"[ \t\n\r\f]+")


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities decoded, &amp; once
        self.parts: list[str] = []
        self.size = 0
        self.full = False
        self._skipping: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            if tag in _SKIPPED:
                self._skipping.append(tag)
            return
        if tag == "body" or (tag in _VOID and tag not in ("br", "hr")):
            return
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag == "br":
            self._add("\n")
        elif tag == "li":
            self._add("\n• ")
        elif tag in ("td", "th"):
            self._add("  ")
        elif tag == "pre":
            self._pre += 1
            self._add("\n\n")
        elif tag in _BLOCKS:
            self._add("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br/>, and never a skipped element left open

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            elif tag == "head" or (tag == "body" and "head" in self._skipping):
                self._skipping.clear()  # a <head> left open ends where the body starts
            return
        if tag == "pre":
            self._pre = max(self._pre - 1, 0)
            self._add("\n\n")
        elif tag in _BLOCKS:
            self._add("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self._add(data if self._pre else _SPACES.sub(" ", data))  # a no-break space stays

    def _add(self, text: str) -> None:
        if self.full:
            return
        if self.size + len(text) > MAX_TEXT_CHARS:
            text, self.full = text[: MAX_TEXT_CHARS - self.size], True
        self.parts.append(text)
        self.size += len(text)


def html_text(raw: str) -> Extracted:
    """The visible text of an HTML document: tags gone, scripts and styles dropped,
    entities decoded, paragraphs and list items on lines of their own."""
    parser = _HtmlText()
    for start in range(0, len(raw), _CHUNK):
        parser.feed(raw[start : start + _CHUNK])
        if parser.full:
            break
    else:
        parser.close()
    lines = (_tidy(line) for line in "".join(parser.parts).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return Extracted(text + "\n" if text else "", parser.full)


def _tidy(line: str) -> str:
    """A line without the spaces the tags around it left."""
    return line.strip(" \t")


# ---------------------------------------------------------------------- DOCX

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "


class _DocxText:
    """Collects a Word document's text from expat's events: paragraphs as blocks, each
    table row one line of its cells joined with " | ", tabs and breaks kept."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.size = 0
        self.full = False
        self._paragraph: list[str] | None = None
        self._in_text = False
        self._cells: list[list[str]] = []  # paragraphs of each open table cell
        self._rows: list[list[str]] = []  # cells of each open table row
        self._table_lines: list[list[str]] = []  # rows of each open table

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.removeprefix(_W)
        if tag == "p":
            self._paragraph = []
        elif tag == "t":
            self._in_text = True
        elif tag == "tab" and self._paragraph is not None:
            self._paragraph.append("\t")
        elif tag in ("br", "cr") and self._paragraph is not None:
            self._paragraph.append("\n")
        elif tag == "tbl":
            self._table_lines.append([])
        elif tag == "tr":
            self._rows.append([])
        elif tag == "tc":
            self._cells.append([])

    def end(self, name: str) -> None:
        tag = name.removeprefix(_W)
        if tag == "t":
            self._in_text = False
        elif tag == "p" and self._paragraph is not None:
            text = "".join(self._paragraph).strip()
            self._paragraph = None
            if text:
                self._place(text)
        elif tag == "tc" and self._cells:
            cell = " ".join(self._cells.pop())
            if self._rows:
                self._rows[-1].append(cell)
        elif tag == "tr" and self._rows:
            line = " | ".join(cell for cell in self._rows.pop())
            if line.strip(" |") and self._table_lines:
                self._table_lines[-1].append(line)
        elif tag == "tbl" and self._table_lines:
            rows = self._table_lines.pop()
            if rows:
                self._place("\n".join(rows))

    def data(self, text: str) -> None:
        if self._in_text and self._paragraph is not None:
            self._paragraph.append(text)

    def _place(self, text: str) -> None:
        """A finished paragraph or table: into the open table cell, else the document."""
        if self._cells:
            self._cells[-1].append(text)
            return
        if self.full:
            return
        if self.size + len(text) > MAX_TEXT_CHARS:
            text, self.full = text[: MAX_TEXT_CHARS - self.size], True
        self.blocks.append(text)
        self.size += len(text) + 2


class _Declared(Exception):
    """The XML declares a document type (where entities would be declared)."""


def _refuse(*_args: object) -> None:
    raise _Declared


def docx_text(data: bytes) -> Extracted:
    """The text of a DOCX document's `word/document.xml`: paragraphs, then table rows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except KeyError:
        raise Unreadable(
            "This is a zip archive, not a Word document (no word/document.xml)."
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Unreadable(
            "This Word document is damaged: it is not a readable zip archive."
        ) from None
    collector = _DocxText()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.data
    parser.buffer_text = True
    truncated = False
    try:
        with archive.open(info) as stream:
            read = 0
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > MAX_DOCX_XML or collector.full:
                    truncated = True
                    break
                parser.Parse(chunk, False)
            else:
                parser.Parse(b"", True)
    except _Declared:
        raise Unreadable(
            "This Word document declares a document type, which Word never writes: it is not shown."
        ) from None
    except expat.ExpatError as error:
        raise Unreadable(
            f"This Word document is damaged: {expat.ErrorString(error.code)}."
        ) from None
    except NotImplementedError:
        raise Unreadable(
            "This Word document is compressed in a way this reader cannot open."
        ) from None
    except RuntimeError:  # an encrypted member
        raise Unreadable("This Word document is protected by a password.") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise Unreadable("This Word document is damaged: its content cannot be unpacked.") from None
    text = "\n\n".join(collector.blocks)
    return Extracted(text + "\n" if text else "", truncated or collector.full)


# ---------------------------------------------------------------------- PDF


class PdfPages:
    """A PDF read page by page, when a page is asked for (a big PDF opens at once).

    The reader is not safe to share between threads: a lock holds the page being read."""

    def __init__(self, data: bytes) -> None:
        from pypdf import PdfReader

        self._lock = threading.Lock()
        try:
            reader = PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
        except Exception:  # pypdf raises about anything on a damaged file
            raise Unreadable("This PDF is damaged and cannot be read.") from None
        if encrypted:
            try:
                opened = bool(reader.decrypt(""))  # some PDFs are encrypted with no password
            except Exception:
                opened = False
            if not opened:
                raise Unreadable("This PDF is protected by a password.")
        try:
            self.count = len(reader.pages)
        except Exception:
            raise Unreadable("This PDF is damaged: its pages cannot be found.") from None
        if self.count == 0:
            raise Unreadable("This PDF has no pages.")
        self._reader: PdfReader = reader

    def page_text(self, index: int) -> str:
        """The text of page `index` (from 0); a sentence in place of a page with none."""
        with self._lock:
            try:
                text = self._reader.pages[index].extract_text() or ""
            except Exception:
                return f"(Page {index + 1} is damaged: its text cannot be read.)"
        if not text.strip():
            return f"(Page {index + 1} has no text: it may be a scanned image.)"
        if len(text) > MAX_PDF_PAGE_CHARS:
            return text[:MAX_PDF_PAGE_CHARS] + "\n\n… (the rest of this page is not shown)"
        return text
