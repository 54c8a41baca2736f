"""Small real PDF and DOCX files, written by hand: the tests' and the demo's.

`python -m tests.support.office_documents` writes the Lumen X100 manual's binary seed
documents (committed beside its Markdown ones in cgpt_tui/demo/documents/lumen/); the tests
build theirs (many pages, damaged, hostile) with the same functions. The PDF is Helvetica
text, one content stream per page, with exact xref offsets; the DOCX is the three parts Word
needs, zipped with fixed timestamps, so the files come out the same every time. Neither
uses the stand-in's or the client's code, so either side can read them as a test.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

LUMEN = Path(__file__).resolve().parents[2] / "cgpt_tui" / "demo" / "documents" / "lumen"

WARRANTY_PAGES = [
    [
        "Warranty coverage",
        "",
        "Every Lumen X100 comes with a two-year limited warranty from the date of purchase.",
        "It covers defects in materials and workmanship of the camera body, the fixed",
        "23 mm lens and the supplied USB-C cable. Keep the dated receipt: the warranty",
        "is honoured on proof of purchase, in any country where the X100 is sold.",
        "",
        "Registering the camera at lumen.example/register extends the warranty by one",
        "year, to three years in total.",
    ],
    [
        "What the warranty does not cover",
        "",
        "Damage from drops, sand or water (the X100 is not weather sealed), scratches on",
        "the screen or the lens glass, normal wear of the strap lugs and the grip, and",
        "repairs made by anyone other than an authorised Lumen service centre.",
        "A camera whose serial number label was removed is not covered.",
    ],
    [
        "Sending the camera for service",
        "",
        "Open a repair request at lumen.example/service with the serial number printed",
        "under the tripod socket. Pack the camera without the memory card and the strap.",
        "A prepaid shipping label arrives by email within one working day.",
        "",
        "Repairs under warranty are free and take about ten working days from the day",
        "the camera reaches the service centre; out of warranty you get a quote first.",
    ],
]

CARE_TITLE = "Care and cleaning"
CARE_PARAGRAPHS = [
    ("Heading1", "Care and cleaning"),
    (
        "",
        "Clean the Lumen X100 with a dry microfibre cloth. Never use solvents, alcohol or "
        "household cleaners on the body or the screen.",
    ),
    (
        "",
        "Blow dust off the lens with a hand blower before wiping it; a brush or cloth can "
        "drag grit across the coating.",
    ),
    ("Heading2", "Cleaning schedule"),
]
CARE_TABLE = [
    ["Part", "How to clean", "How often"],
    ["Lens front element", "Blower, then lens tissue", "When you see dust or smudges"],
    ["Viewfinder eyepiece", "Dry cotton swab", "Monthly"],
    ["Screen", "Microfibre cloth", "Weekly"],
    ["Hot shoe contacts", "Dry cotton swab", "Every three months"],
]
CARE_CLOSING = [
    ("Heading2", "Storing the camera"),
    (
        "",
        "Store the camera in a dry place with a silica gel pack, away from direct sunlight. "
        "Take it out and press the shutter a few times every month to keep it in good order.",
    ),
]


def pdf_text(text: str) -> str:
    """A PDF literal string: backslashes and parentheses escaped (the text is ASCII)."""
    text.encode("ascii")
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def page_stream(lines: list[str]) -> bytes:
    commands = ["BT", "/F1 18 Tf", "72 720 Td", "22 TL", f"{pdf_text(lines[0])} Tj", "T*"]
    commands += ["/F1 11 Tf", "15 TL"]
    for line in lines[1:]:
        commands.append(f"{pdf_text(line)} Tj T*" if line else "T*")
    commands.append("ET")
    return "\n".join(commands).encode("ascii")


def make_pdf(pages: list[list[str]], title: str) -> bytes:
    """A PDF 1.4 file, one page per list of lines (the first line its heading)."""
    objects: list[bytes] = []
    page_ids = [5 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(f"<< /Title {pdf_text(title)} /Producer (cgpt-tui demo) >>".encode())
    for page_id, lines in zip(page_ids, pages, strict=True):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>".encode()
        )
        stream = page_stream(lines)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_paragraph(style: str, text: str) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>"


def docx_table(rows: list[list[str]]) -> str:
    body = "".join(
        "<w:tr>" + "".join(f"<w:tc>{docx_paragraph('', cell)}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{body}</w:tbl>'


def care_body() -> str:
    body = "".join(docx_paragraph(s, t) for s, t in CARE_PARAGRAPHS)
    body += docx_table(CARE_TABLE)
    return body + "".join(docx_paragraph(s, t) for s, t in CARE_CLOSING)


def docx_document(body: str) -> str:
    """A word/document.xml around `body` (paragraphs and tables)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def make_docx(document: str | bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A DOCX file whose word/document.xml is `document`."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 10, 1, 9, 0, 0))
            archive.writestr(info, text, compress_type=compression)
    return buffer.getvalue()


def main() -> None:
    (LUMEN / "warranty.pdf").write_bytes(make_pdf(WARRANTY_PAGES, "Lumen X100 warranty"))
    (LUMEN / "care.docx").write_bytes(make_docx(docx_document(care_body())))


if __name__ == "__main__":
    main()
