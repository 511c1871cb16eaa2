"""Images and documents for the demo content, made locally with no network and no extra packages.

- `initials_illustration` draws an abstract picture with a person's initial (Pillow), used for case
  studies so that no photograph of a real person is ever needed.
- `checklist_pdf` writes a small tagged PDF by hand (PDF 1.7, standard Helvetica, a structure tree with
  headings, paragraphs and list items, a title and a language) so screen readers can follow it.
- `template_docx` writes a Word document with the standard library's zipfile, using built-in heading and
  list styles so the structure survives when it is opened and edited.

Documents are described by the same small list of sections:
    ("h1" | "h2" | "p" | "check" | "bullet" | "field", text)
"check" is a tick-box line, "field" a label followed by a space to write in.
"""

from __future__ import annotations

import datetime
import io
import random
import zipfile
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

Section = tuple[str, str]

# --------------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------------

# Dark backgrounds with light accents: white initials on these pass WCAG contrast (>= 4.5:1).
PALETTES = [
    ("#1d3557", ["#457b9d", "#a8dadc", "#e9c46a"]),
    ("#264653", ["#2a9d8f", "#e9c46a", "#f4a261"]),
    ("#3d2c5e", ["#7b5ea7", "#c9b6e4", "#f2cc8f"]),
    ("#0b4f3c", ["#2d8a6e", "#9fd8c4", "#f6bd60"]),
    ("#5a1e33", ["#a23b5c", "#f0b7c7", "#f7d08a"]),
    ("#123c69", ["#3a6ea5", "#9ec5e8", "#f9c74f"]),
    ("#3b3b58", ["#6c6c99", "#c3c3e6", "#f28482"]),
    ("#1f4e5f", ["#3f8f9f", "#b5dfe8", "#ffd166"]),
]


def palette_name(index: int) -> str:
    """Words for the colours of a palette, for alt text."""
    names = [
        "navy and pale blue",
        "teal and gold",
        "purple and lilac",
        "green and mint",
        "plum and pink",
        "blue and yellow",
        "slate and coral",
        "petrol blue and yellow",
    ]
    return names[index % len(names)]


def initials_illustration(initials: str, *, seed: int, size: tuple[int, int] = (1200, 800)) -> bytes:
    """A PNG: overlapping soft circles and arcs on a dark ground, with large initials in the middle."""
    background, accents = PALETTES[seed % len(PALETTES)]
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, background)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(9):
        colour = rng.choice(accents)
        radius = rng.randint(height // 6, height // 2)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        alpha = rng.randint(50, 110)
        fill = _hex_to_rgba(colour, alpha)
        if rng.random() < 0.6:
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=fill)
        else:
            draw.arc(
                (cx - radius, cy - radius, cx + radius, cy + radius),
                start=rng.randint(0, 180),
                end=rng.randint(200, 360),
                fill=fill,
                width=rng.randint(12, 40),
            )
    image = Image.alpha_composite(image.convert("RGBA"), layer)
    # A dark disc behind the letters keeps them legible whatever the shapes did.
    disc = Image.new("RGBA", size, (0, 0, 0, 0))
    disc_draw = ImageDraw.Draw(disc)
    r = int(height * 0.3)
    disc_draw.ellipse(
        (width // 2 - r, height // 2 - r, width // 2 + r, height // 2 + r), fill=_hex_to_rgba(background, 235)
    )
    image = Image.alpha_composite(image, disc)
    text_draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(height * 0.32))
    text_draw.text((width // 2, height // 2), initials.upper(), font=font, fill="#ffffff", anchor="mm")
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def _hex_to_rgba(value: str, alpha: int) -> tuple[int, int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), alpha


# --------------------------------------------------------------------------------------------------
# PDF, written by hand
# --------------------------------------------------------------------------------------------------

# Advance widths of Helvetica and Helvetica-Bold (Adobe's core font metrics), in 1/1000 em.
_ASCII = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_HELVETICA_WIDTHS = dict(
    zip(
        _ASCII,
        map(
            int,
            (
                "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 "
                "556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 1015 "
                "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 "
                "722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 "
                "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 "
                "333 500 278 556 500 722 500 500 500 334 260 334 584"
            ).split(),
        ),
        strict=True,
    )
)
_HELVETICA_BOLD_WIDTHS = {
    **_HELVETICA_WIDTHS,
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            map(
                int,
                (
                    "722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 611 722 667 944 "
                    "667 667 611 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 "
                    "611 556 778 556 556 500"
                ).split(),
            ),
            strict=True,
        )
    ),
}
# Characters outside ASCII that the portal's text uses, mapped to WinAnsi (cp1252) with their widths.
_EXTRA_WIDTHS = {"£": 556, "–": 556, "—": 1000, "‘": 222, "’": 222, "“": 333, "”": 333, "•": 350, "é": 556}

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
STYLES = {
    # kind: (font resource, size, leading, space before, structure tag, indent)
    "h1": ("F2", 20, 26, 0, "H1", 0),
    "h2": ("F2", 14, 19, 14, "H2", 0),
    "p": ("F1", 11, 15, 6, "P", 0),
    "bullet": ("F1", 11, 15, 4, "LI", 16),
    "check": ("F1", 11, 15, 6, "LI", 22),
    "field": ("F1", 11, 15, 10, "P", 0),
}


def _text_width(text: str, size: float, bold: bool) -> float:
    widths = _HELVETICA_BOLD_WIDTHS if bold else _HELVETICA_WIDTHS
    return sum(widths.get(ch, _EXTRA_WIDTHS.get(ch, 556)) for ch in text) * size / 1000


def _wrap(text: str, size: float, bold: bool, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _text_width(candidate, size, bold) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_text_string(text: str) -> bytes:
    """A text string for metadata (Info, alt text): UTF-16BE with a byte order mark, hex-encoded."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def checklist_pdf(
    title: str,
    sections: list[Section],
    *,
    author: str = "Society of Radiographers",
    created: datetime.date | None = None,
) -> bytes:
    """A tagged, multi-page A4 PDF of headings, paragraphs, bullets, tick-box lines and write-in fields."""
    created = created or datetime.date.today()
    usable = PAGE_WIDTH - 2 * MARGIN
    # Lay out: a list of pages; each page a list of (struct index, content bytes) runs.
    pages: list[list[bytes]] = [[]]
    struct: list[tuple[str, int, int]] = []  # (tag, page index, mcid)
    mcids_on_page: list[int] = [0]
    y = PAGE_HEIGHT - MARGIN

    for kind, text in sections:
        if kind not in STYLES:
            raise ValueError(f"A PDF cannot hold a {kind!r} section; use a Word template for tables.")
        font, size, leading, before, tag, indent = STYLES[kind]
        bold = font == "F2"
        lines = _wrap(text, size, bold, usable - indent)
        needed = before + leading * len(lines) + (18 if kind == "field" else 0)
        if y - needed < MARGIN and pages[-1]:
            pages.append([])
            mcids_on_page.append(0)
            y = PAGE_HEIGHT - MARGIN
        elif pages[-1]:
            y -= before
        page_index = len(pages) - 1
        mcid = mcids_on_page[page_index]
        mcids_on_page[page_index] += 1
        struct.append((tag, page_index, mcid))
        ops: list[bytes] = []
        # Tick boxes and bullets are drawn as artifacts: decoration; the list item carries the meaning.
        if kind == "check":
            ops.append(b"/Artifact BMC")
            ops.append(f"0.2 0.2 0.2 RG 0.8 w {MARGIN} {y - size + 1} 10 10 re S".encode())
            ops.append(b"EMC")
        if kind == "bullet":
            ops.append(b"/Artifact BMC")
            ops.append(
                f"BT /F1 {size} Tf {MARGIN + 4} {y - size + 2} Td ".encode()
                + _pdf_string("\u2022")
                + b" Tj ET"
            )
            ops.append(b"EMC")
        ops.append(f"/{tag} <</MCID {mcid}>> BDC".encode())
        ops.append(f"BT /{font} {size} Tf {leading} TL {MARGIN + indent} {y - size + 2} Td".encode())
        for i, line in enumerate(lines):
            ops.append((b"" if i == 0 else b"T* ") + _pdf_string(line) + b" Tj")
        ops.append(b"ET EMC")
        y -= leading * len(lines)
        if kind == "field":
            ops.append(b"/Artifact BMC")
            ops.append(
                f"0.5 0.5 0.5 RG 0.6 w {MARGIN} {y - 12} m {PAGE_WIDTH - MARGIN} {y - 12} l S".encode()
            )
            ops.append(b"EMC")
            y -= 18
        pages[-1].append(b"\n".join(ops))

    # Footer with page numbers, as artifacts.
    total = len(pages)
    for number, runs in enumerate(pages, start=1):
        footer = f"{title} \u2013 page {number} of {total}"
        runs.append(
            b"/Artifact <</Type /Pagination>> BDC BT /F1 8 Tf "
            + f"{MARGIN} {MARGIN / 2} Td ".encode()
            + _pdf_string(footer)
            + b" Tj ET EMC"
        )

    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    # Reserve object numbers: 1 catalog, 2 pages, 3 font regular, 4 font bold, 5 struct root, 6 parent tree.
    for _ in range(6):
        add(b"")
    page_ids: list[int] = []
    for runs in pages:
        content = b"\n".join(runs)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_WIDTH, PAGE_HEIGHT)
                + b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                + b"/Contents %d 0 R /StructParents %d /Tabs /S >>" % (content_id, len(page_ids))
            )
        )

    # Structure: Document > (H1 | H2 | P | L > LI > LBody)*; consecutive list items share one L.
    document_id = add(b"")
    children: list[int] = []
    page_mcids: dict[int, list[int]] = {i: [] for i in range(len(pages))}
    current_list: tuple[int, list[int]] | None = None
    element_for: dict[tuple[int, int], int] = {}
    for tag, page_index, mcid in struct:
        page_ref = page_ids[page_index]
        if tag == "LI":
            if current_list is None:
                list_id = add(b"")
                current_list = (list_id, [])
                children.append(list_id)
            li_id = add(b"")
            body_id = add(
                b"<< /Type /StructElem /S /LBody /P %d 0 R /Pg %d 0 R /K %d >>" % (li_id, page_ref, mcid)
            )
            objects[li_id - 1] = b"<< /Type /StructElem /S /LI /P %d 0 R /K [%d 0 R] >>" % (
                current_list[0],
                body_id,
            )
            current_list[1].append(li_id)
            element_for[(page_index, mcid)] = body_id
        else:
            if current_list is not None:
                _close_list(objects, current_list, document_id)
                current_list = None
            elem_id = add(
                b"<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K %d >>"
                % (tag.encode(), document_id, page_ref, mcid)
            )
            children.append(elem_id)
            element_for[(page_index, mcid)] = elem_id
        page_mcids[page_index].append(mcid)
    if current_list is not None:
        _close_list(objects, current_list, document_id)
    objects[document_id - 1] = b"<< /Type /StructElem /S /Document /P 5 0 R /K [%s] >>" % b" ".join(
        b"%d 0 R" % c for c in children
    )

    parent_tree_nums = b" ".join(
        b"%d [%s]" % (i, b" ".join(b"%d 0 R" % element_for[(i, m)] for m in sorted(page_mcids[i])))
        for i in range(len(pages))
    )
    objects[0] = (
        b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R /MarkInfo << /Marked true >> "
        b"/Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> >>"
    )
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % p for p in page_ids),
        len(page_ids),
    )
    objects[2] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objects[4] = b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree 6 0 R /ParentTreeNextKey %d >>" % (
        document_id,
        len(pages),
    )
    objects[5] = b"<< /Nums [" + parent_tree_nums + b"] >>"
    stamp = created.strftime("D:%Y%m%d000000Z").encode()
    info_id = add(
        b"<< /Title "
        + _pdf_text_string(title)
        + b" /Author "
        + _pdf_text_string(author)
        + b" /Producer (SoR portal demo content) /CreationDate ("
        + stamp
        + b") >>"
    )

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, info_id))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _close_list(objects: list[bytes], current_list: tuple[int, list[int]], parent_id: int) -> None:
    list_id, items = current_list
    objects[list_id - 1] = b"<< /Type /StructElem /S /L /P %d 0 R /K [%s] >>" % (
        parent_id,
        b" ".join(b"%d 0 R" % i for i in items),
    )


# --------------------------------------------------------------------------------------------------
# Word (.docx), written with zipfile
# --------------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""

_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{_W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="24"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:spacing w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="280" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="FieldLabel"><w:name w:val="Field label"/><w:basedOn w:val="Normal"/><w:qFormat/>
<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="12" w:color="808080"/></w:pBdr><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""

_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{_W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2610"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>
<w:rPr><w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol"/></w:rPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


_TEXT_WIDTH_TWIPS = 11906 - 2 * 1134  # A4 width less the margins set in sectPr
_TABLE_BLANK_ROWS = 8


def _docx_table(header: str) -> str:
    """A bordered table with a repeating header row and blank rows to fill in."""
    columns = [c.strip() for c in header.split("|")]
    width = _TEXT_WIDTH_TWIPS // len(columns)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in columns)

    def cell(content: str, bold: bool) -> str:
        run = ""
        if content:
            run = f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{escape(content)}</w:t></w:r>'
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{run}</w:p></w:tc>'

    head = "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(cell(c, True) for c in columns) + "</w:tr>"
    blank = (
        '<w:tr><w:trPr><w:trHeight w:val="480"/></w:trPr>'
        + "".join(cell("", False) for _ in columns)
        + "</w:tr>"
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{_TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblCaption w:val="{escape(", ".join(columns))}"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{head}{blank * _TABLE_BLANK_ROWS}</w:tbl><w:p/>"
    )


def _docx_paragraph(kind: str, text: str) -> str:
    if kind == "table":
        return _docx_table(text)
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    style = {
        "h1": "Title",
        "h2": "Heading1",
        "p": None,
        "bullet": "ListParagraph",
        "check": "ListParagraph",
        "field": "FieldLabel",
    }[kind]
    props = ""
    if style:
        numbering = ""
        if kind in ("bullet", "check"):
            numbering = (
                f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{1 if kind == "bullet" else 2}"/></w:numPr>'
            )
        props = f'<w:pPr><w:pStyle w:val="{style}"/>{numbering}</w:pPr>'
    return f"<w:p>{props}{run}</w:p>"


def template_docx(
    title: str,
    sections: list[Section],
    *,
    author: str = "Society of Radiographers",
    created: datetime.date | None = None,
) -> bytes:
    """A .docx that Word and LibreOffice open, with real headings and lists and the title in its properties."""
    created = created or datetime.date.today()
    body = "".join(_docx_paragraph(kind, text) for kind, text in sections)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    stamp = f"{created.isoformat()}T00:00:00Z"
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator><dc:language>en-GB</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>SoR portal demo content</Application></Properties>"
    )
    out = io.BytesIO()
    # A fixed timestamp inside the zip keeps the bytes the same from run to run.
    stamp_tuple = (created.year, created.month, created.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
            ("word/document.xml", document),
            ("word/styles.xml", _STYLES),
            ("word/numbering.xml", _NUMBERING),
            ("docProps/core.xml", core),
            ("docProps/app.xml", app),
        ]:
            info = zipfile.ZipInfo(name, date_time=stamp_tuple)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    return out.getvalue()
