"""The text of PDF and DOCX files as the stand-in reads them: uploads (extract.py) and the
seed documents shipped as files (documents.py). PDF with pypdf, page by page; DOCX from its
`word/document.xml`: `w:t` text in `w:p` paragraphs, heading styles marked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

MAX_DOCX_XML = 64 * 1024 * 1024  # uncompressed document.xml beyond this is refused
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnreadableFile(Exception):
    """Why a PDF or DOCX file could not be read, in words."""


def _opened(source: Path | bytes) -> Path | io.BytesIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def pdf_page_texts(source: Path | bytes) -> list[str]:
    """The text of each page of a PDF, in order."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(_opened(source))
        return [page.extract_text() or "" for page in reader.pages]
    except Exception:  # a damaged PDF makes pypdf raise about anything, not only PyPdfError
        raise UnreadableFile("Not a PDF this reader can open") from None


def docx_paragraphs(source: Path | bytes) -> list[tuple[bool, str]]:
    """(is a heading, text) for each paragraph with text of a DOCX document, in order; a
    table row is one paragraph, its cells joined with " | "."""
    try:
        with zipfile.ZipFile(_opened(source)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise UnreadableFile("This document is too big for the stand-in to read")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        raise UnreadableFile("Not a DOCX document this reader can open") from None
    body = root.find(f"{WORD_NS}body")
    paragraphs: list[tuple[bool, str]] = []
    for block in body if body is not None else ():
        if block.tag == f"{WORD_NS}tbl":
            for row in block.iter(f"{WORD_NS}tr"):
                cells = (_text(cell) for cell in row.iter(f"{WORD_NS}tc"))
                line = " | ".join(cell for cell in cells if cell)
                if line:
                    paragraphs.append((False, line))
            continue
        for paragraph in block.iter(f"{WORD_NS}p"):
            if text := _text(paragraph):
                paragraphs.append((_is_heading(paragraph), text))
    return paragraphs


def _text(element: ElementTree.Element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{WORD_NS}t")).strip()


def _is_heading(paragraph: ElementTree.Element) -> bool:
    style = paragraph.find(f"{WORD_NS}pPr/{WORD_NS}pStyle")
    name = style.get(f"{WORD_NS}val", "") if style is not None else ""
    return name.lower().startswith(("heading", "title"))
