"""Real PDF and DOCX files written by the tests themselves, so no binary fixture is checked in."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape


def _pdf_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: list[list[str]], *, header: str = "", footer: str = "", number_dy: int = 0,
              ruler: bool = False, page_numbers: bool = True) -> Path:
    """A PDF with one text line per entry, a margin number before each (as court transcripts print them),
    the page number at the top and ``header``/``footer`` furniture on every page. ``number_dy`` sets the
    numbers a little above their line's baseline; ``ruler`` adds a 5, 10, 15 column left of them."""
    objects: list[str] = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for number, lines in enumerate(pages, start=1):
        ops = ["BT /F1 10 Tf"]
        if page_numbers:
            ops.append(f"1 0 0 1 300 760 Tm ({number}) Tj")
        if header:
            ops.append(f"1 0 0 1 200 745 Tm ({_pdf_text(header)}) Tj")
        for i, line in enumerate(lines, start=1):
            y = 720 - 24 * i
            ops.append(f"1 0 0 1 40 {y + number_dy} Tm ({i}) Tj")
            if ruler and i % 5 == 0:
                ops.append(f"1 0 0 1 12 {y} Tm ({i}) Tj")
            ops.append(f"1 0 0 1 80 {y} Tm ({_pdf_text(line)}) Tj")
        if footer:
            ops.append(f"1 0 0 1 200 40 Tm ({_pdf_text(footer)}) Tj")
        ops.append("ET")
        stream = "\n".join(ops)
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {content} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, paragraphs: list[list[tuple[str, bool]]]) -> Path:
    """A minimal Word document: each paragraph a list of (text, bold) runs."""
    body = "".join(
        "<w:p>" + "".join(f"<w:r>{'<w:rPr><w:b/></w:rPr>' if b else ''}<w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r>"
                          for t, b in runs) + "</w:p>"
        for runs in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)
    return path
