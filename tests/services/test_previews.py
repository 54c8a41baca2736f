"""What a file preview shows of each kind of file: its text in pages, or why not."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from cgpt_tui.api import FilePreview
from cgpt_tui.services import preview_formats
from cgpt_tui.services.previews import (
    DOCX,
    PAGE_LINES,
    PreviewKind,
    file_size,
    markdown_pages,
    open_preview,
    text_pages,
)
from tests.support.office_documents import (
    docx_document,
    docx_paragraph,
    docx_table,
    make_docx,
    make_pdf,
)

LUMEN = Path(__file__).resolve().parents[2] / "cgpt_tui" / "demo" / "documents" / "lumen"


def preview(data: bytes, content_type: str, filename: str | None = None):
    return open_preview(FilePreview(data, content_type, filename))


def all_pages(document) -> list[str]:
    return [document.page(i) for i in range(document.page_count)]


# ---------------------------------------------------------------------- Markdown and text


def test_markdown_is_kept_as_markdown_in_pages_that_end_between_blocks() -> None:
    blocks = [f"## Part {n}\n\nParagraph {n}, one line.\n\n- item a\n- item b" for n in range(90)]
    document = preview("\n\n".join(blocks).encode(), "text/markdown; charset=utf-8", "a.md")
    assert document.kind is PreviewKind.MARKDOWN
    assert document.facts.summary.startswith("a.md · Markdown · ")
    pages = all_pages(document)
    assert len(pages) == document.page_count == 4  # 29 blocks of 7 lines a page, then 3
    for page in pages:
        assert page.startswith("## Part ")  # never cut inside a block
        assert len(page.splitlines()) <= 2 * PAGE_LINES
    assert "\n\n".join(pages) == "\n\n".join(blocks)  # nothing lost, nothing doubled


def test_a_long_code_block_cut_between_pages_is_closed_and_opened_again() -> None:
    text = "Intro\n\n```python\n" + "\n".join(f"x = {n}" for n in range(500)) + "\n```\n\nEnd"
    pages = markdown_pages(text, lines_per_page=100)
    assert [len(page.splitlines()) for page in pages] == [201, 201, 106, 1]
    assert pages[0].endswith("x = 196\n```") and pages[1].startswith("```python\nx = 197\n")
    assert pages[1].endswith("x = 395\n```") and pages[2].startswith("```python\nx = 396\n")
    assert pages[2].endswith("x = 499\n```") and pages[3] == "End"


def test_plain_text_pages_have_a_bounded_number_of_lines_and_characters() -> None:
    text = "\n".join(f"line {n}" for n in range(1, 451))
    document = preview(text.encode(), "text/plain", "notes.txt")
    assert document.kind is PreviewKind.TEXT and document.page_count == 3
    assert document.page(0).splitlines()[-1] == f"line {PAGE_LINES}"
    assert document.page(2).splitlines() == [f"line {n}" for n in range(401, 451)]
    one_line = "x" * 300_000  # a minified file: one very long line
    pages = text_pages(one_line)
    assert len(pages) > 1 and "".join(pages) == one_line


def test_an_unknown_type_with_a_text_extension_is_read_as_text() -> None:
    document = preview(b"a,b\n1,2\n", "application/octet-stream", "table.csv")
    assert document.kind is PreviewKind.TEXT and document.page(0) == "a,b\n1,2\n"


# ---------------------------------------------------------------------- HTML


def test_html_is_shown_as_its_visible_text() -> None:
    html = (
        "<html><head><title>Hidden title</title><style>p { color: red }</style>"
        "<script>alert('no')</script></head><body><h1>Returns &amp; refunds</h1>"
        "<p>Send it   back\nwithin <b>30</b>&nbsp;days.</p><script>document.write('x')</script>"
        "<ul><li>Unused</li><li>In its box</li></ul><p>Caf&eacute; &lt;ok&gt;</p></body></html>"
    )
    document = preview(html.encode(), "text/html; charset=utf-8", "returns.html")
    assert document.kind is PreviewKind.TEXT
    assert document.page(0) == (
        "Returns & refunds\n\nSend it back within 30\xa0days.\n\n• Unused\n• In its box\n\n"
        "Café <ok>\n"
    )


# ---------------------------------------------------------------------- PDF


def test_a_pdf_is_read_page_by_page_when_each_page_is_shown() -> None:
    pages = [[f"Chapter {n}", f"This is the text of page {n}."] for n in range(1, 6)]
    document = preview(make_pdf(pages, "Book"), "application/pdf", "book.pdf")
    assert document.kind is PreviewKind.TEXT and document.page_count == 5
    assert document.facts.label == "PDF document"
    assert document.cached(3) is None  # nothing read before it is asked for
    assert document.page(3) == "Chapter 4\nThis is the text of page 4.\n"
    assert document.cached(3) == document.page(3) and document.cached(0) is None
    with pytest.raises(IndexError):
        document.page(5)


def test_the_demo_warranty_pdf_reads_as_its_three_pages() -> None:
    document = preview((LUMEN / "warranty.pdf").read_bytes(), "application/octet-stream", None)
    assert document.page_count == 3  # found by its first bytes, whatever the type says
    assert document.page(0).startswith("Warranty coverage\nEvery Lumen X100 comes with")
    assert "ten working days" in document.page(2)


def test_a_damaged_pdf_is_described_with_the_reason() -> None:
    document = preview(b"%PDF-1.4\nthis is not really a pdf", "application/pdf", "bad.pdf")
    assert document.kind is PreviewKind.DESCRIBED and document.page_count == 0
    assert document.reason == "This PDF is damaged and cannot be read."
    truncated = make_pdf([["Title", "text"]], "t")[:200]
    assert preview(truncated, "application/pdf", "cut.pdf").kind is PreviewKind.DESCRIBED


def test_a_password_protected_pdf_says_so() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret", "x"]], "s"))))
    writer.encrypt(user_password="hunter2", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    document = preview(buffer.getvalue(), "application/pdf", "locked.pdf")
    assert document.kind is PreviewKind.DESCRIBED
    assert document.reason == "This PDF is protected by a password."


def test_a_pdf_page_without_text_says_so() -> None:
    document = preview(make_pdf([["Text"], [" "]], "t"), "application/pdf", "scan.pdf")
    assert document.page(1) == "(Page 2 has no text: it may be a scanned image.)"


# ---------------------------------------------------------------------- DOCX


def test_a_docx_shows_its_paragraphs_and_each_table_row_on_a_line() -> None:
    document = preview((LUMEN / "care.docx").read_bytes(), DOCX, "care.docx")
    assert document.kind is PreviewKind.TEXT and document.facts.label == "Word document"
    text = document.page(0)
    assert text.startswith("Care and cleaning\n\nClean the Lumen X100 with a dry microfibre")
    assert (
        "Cleaning schedule\n\nPart | How to clean | How often\n"
        "Lens front element | Blower, then lens tissue | When you see dust or smudges\n"
    ) in text
    assert text.endswith("every month to keep it in good order.\n")


def test_docx_tabs_breaks_and_nested_tables_are_kept() -> None:
    inner = docx_table([["inner a", "inner b"]])
    body = (
        '<w:p><w:r><w:t>one</w:t><w:tab/><w:t xml:space="preserve">two </w:t><w:br/>'
        "<w:t>three</w:t></w:r></w:p>"
        f"<w:tbl><w:tr><w:tc>{docx_paragraph('', 'outer')}{inner}</w:tc></w:tr></w:tbl>"
    )
    document = preview(make_docx(docx_document(body)), DOCX, "x.docx")
    assert document.page(0) == "one\ttwo \nthree\n\nouter inner a | inner b\n"


def test_an_invalid_docx_is_described_with_the_reason() -> None:
    assert preview(b"not a zip", DOCX, "a.docx").reason == (
        "This Word document is damaged: it is not a readable zip archive."
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert preview(buffer.getvalue(), DOCX, "b.docx").reason == (
        "This is a zip archive, not a Word document (no word/document.xml)."
    )
    broken = make_docx(docx_document("<w:p><w:r><w:t>open</w:r></w:p>"))
    assert preview(broken, DOCX, "c.docx").reason.startswith("This Word document is damaged: ")


def test_entity_tricks_in_a_docx_are_refused_at_once() -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
        + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        'main"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
    )
    external = (
        '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    )
    for xml in (laughs, external):
        started = time.monotonic()
        document = preview(make_docx(xml), DOCX, "trick.docx")
        assert time.monotonic() - started < 1
        assert document.kind is PreviewKind.DESCRIBED
        assert "declares a document type" in document.reason


def test_a_zip_bomb_docx_is_read_only_up_to_the_limit(monkeypatch) -> None:
    monkeypatch.setattr(preview_formats, "MAX_DOCX_XML", 4 * 1024 * 1024)
    padding = b" " * (64 * 1024 * 1024)  # 64 MB of XML whitespace: ~64 KB zipped
    xml = docx_document(docx_paragraph("", "Start")).encode().replace(b"<w:sectPr/>", padding)
    bomb = make_docx(xml)
    assert len(bomb) < 200_000
    started = time.monotonic()
    document = preview(bomb, DOCX, "bomb.docx")
    assert time.monotonic() - started < 2
    assert document.page(0) == "Start\n"
    assert document.notice == "The file is longer than a preview shows: the rest is not shown."


# ---------------------------------------------------------------------- other types


def test_other_types_are_described_by_type_and_size() -> None:
    png = preview(b"\x89PNG\r\n\x1a\n" + bytes(2500), "image/png", "photo.png")
    assert png.kind is PreviewKind.DESCRIBED and png.page_count == 0
    assert png.facts.summary == "photo.png · image (image/png) · 2.5 KB"
    assert png.reason == "It is an image, not text."
    zipped = preview(b"PK\x03\x04" + bytes(10), "application/zip", "a.zip")
    assert zipped.facts.summary == "a.zip · zip archive · 14 bytes"
    assert zipped.reason == "This type of file cannot be shown as text."
    binary = preview(b"abc\x00def", "text/plain", "weird.txt")
    assert binary.reason == "It holds binary data, not text."
    assert [file_size(n) for n in (1, 999, 1000, 1_250_000, 3_000_000_000)] == [
        "1 byte",
        "999 bytes",
        "1.0 KB",
        "1.2 MB",
        "3.0 GB",
    ]


# ---------------------------------------------------------------------- hostile text


def test_hostile_text_is_sanitized_in_every_kind_of_file() -> None:
    hostile = "Read \x1b]52;c;ZXZpbA==\x07me \u202eexe.txt [b]not markup[/b] \x9b31m"
    expected = "Read me exe.txt [b]not markup[/b] "
    text = preview(hostile.encode(), "text/plain", "a.txt").page(0)
    assert text == expected
    markdown = preview(hostile.encode(), "text/markdown", "a.md").page(0)
    assert markdown == expected
    html = preview(f"<p>{hostile}</p>".encode(), "text/html", "a.html").page(0)
    assert html == expected.strip() + "\n"
    docx_text = hostile.replace("\x1b]52;c;ZXZpbA==\x07", "").replace("\x9b31m", "")
    docx = preview(make_docx(docx_document(docx_paragraph("", docx_text))), DOCX, "a.docx")
    assert docx.page(0) == "Read me exe.txt [b]not markup[/b]\n"
    title = "\u202eFdp.exe"
    pdf = preview(make_pdf([["Safe", "text"]], "t"), "application/pdf", title)
    assert pdf.facts.filename == "Fdp.exe"
