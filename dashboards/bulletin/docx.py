"""The bulletin as a Word document (python-docx): the same blocks as the PDF, in the office's own format.

A4 with the margins of an official document, 宋体/黑体 for Chinese text (the fonts every Windows office
PC has; Word and WPS substitute their own elsewhere), tables whose header row repeats on each page, the
page number in the footer, and the figures as PNG.
"""

import io

from django.utils.translation import pgettext
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboards.bulletin import charts
from dashboards.bulletin.document import Document, Figure, Heading, Paragraph, Table, marked

BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
TEXT_WIDTH_CM = 17.0


def _fonts(run_or_style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def _page(word) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
    _fonts(word.styles["Normal"], BODY_FONT, 10.5)
    word.styles["Normal"].paragraph_format.space_after = Pt(3)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and WPS fill in when they lay the document out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _footer(word, document: Document) -> None:
    section = word.sections[0]
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" —")
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(document.title)
    _fonts(run, BODY_FONT, 8)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _title(word, document: Document) -> None:
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run(document.title), HEADING_FONT, 18, True)
    subtitle = word.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(subtitle.add_run(document.subtitle), HEADING_FONT, 14)
    for label, text in document.meta:
        line = word.add_paragraph()
        _fonts(line.add_run(label + pgettext("label separator", "：")), HEADING_FONT, 10.5, True)
        _fonts(line.add_run(text), BODY_FONT, 10.5)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _top_rule(cell) -> None:
    borders = OxmlElement("w:tcBorders")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    cell._tc.get_or_add_tcPr().append(borders)


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _write_cell(cell, text: str, *, bold=False, right=False, size=9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(1.5)
    paragraph.paragraph_format.space_after = Pt(1.5)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fonts(paragraph.add_run(text), HEADING_FONT if bold else BODY_FONT, size, bold)


def _table(word, block: Table) -> None:
    caption = word.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    _fonts(caption.add_run(block.caption), HEADING_FONT, 9.5, True)
    table = word.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    header = table.rows[0]
    _repeat_header(header)
    for i, text in enumerate(block.headers):
        _write_cell(header.cells[i], text, bold=True, right=i in block.numeric)
        _shade(header.cells[i], "D9D9D9")
    for r, row in enumerate(block.rows):
        cells = table.add_row().cells
        for i, cell in enumerate(row):
            _write_cell(cells[i], marked(cell), bold=cell.strong or cell.state == "overdue", right=i in block.numeric)
            if r in block.group_rows and r > 0:
                _top_rule(cells[i])
    table.autofit = False  # Word, WPS and LibreOffice each honour a different one of these three widths
    for i, width in enumerate(widths):
        table.columns[i].width = width
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = width
    word.add_paragraph()


def _figure(word, block: Figure, image: bytes) -> None:
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(min(block.width_cm, TEXT_WIDTH_CM)))
    caption = word.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(caption.add_run(block.caption), HEADING_FONT, 9.5, True)


def render_docx(content) -> bytes:
    """The DOCX of ``content`` (a ``BulletinContent``) in the active language."""
    document: Document = content.document
    images = charts.render(content, vector=False)
    word = WordDocument()
    _page(word)
    _footer(word, document)
    _title(word, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(10 if block.level == 1 else 6)
            _fonts(paragraph.add_run(block.text), HEADING_FONT, 14 if block.level == 1 else 11.5, True)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            _fonts(paragraph.add_run(block.text), BODY_FONT, 9 if block.style == "note" else 10.5)
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure) and block.chart in images:
            _figure(word, block, images[block.chart][1])
    footer = word.add_paragraph()
    _fonts(footer.add_run(document.footer), BODY_FONT, 8.5)
    word.core_properties.title = f"{document.title} {document.subtitle}"
    word.core_properties.author = ""
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
