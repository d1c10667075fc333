"""The public document as a Word file (python-docx): real heading styles, real tables, 宋体/仿宋.

The 目录 is a TOC field: Word and WPS fill in the page numbers when the file is opened (F9).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from desktop.document.build import PublicDocument
from desktop.export.layout import cell_text

BODY_FONT, HEADING_FONT = "仿宋", "宋体"


def _east_asian(style_or_run, name: str) -> None:
    """Set the Chinese (East Asian) font: python-docx's font.name sets only the Latin one."""
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _styles(doc) -> None:  # noqa: ANN001 - a python-docx Document
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.font.name = BODY_FONT
    _east_asian(normal, BODY_FONT)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 15)):
        style = doc.styles[name]
        style.font.name = HEADING_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)  # official documents print black headings
        _east_asian(style, HEADING_FONT)


def _toc(doc) -> None:  # noqa: ANN001
    paragraph = doc.add_paragraph()
    run = paragraph.add_run()
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                              OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))  # fmt: skip
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(sep)
    placeholder = OxmlElement("w:t")
    placeholder.text = "（打开文件后按 F9 或“更新域”生成带页码的目录）"
    run._r.append(placeholder)
    run._r.append(end)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _table(doc, result) -> None:  # noqa: ANN001
    spec = result.spec
    leaf = spec.leaf_columns
    table = doc.add_table(rows=1, cols=len(leaf))
    table.style = "Table Grid"
    for i, col in enumerate(leaf):
        table.rows[0].cells[i].text = col.label
    for r in range(len(result.rows)):
        cells = table.add_row().cells
        for c in range(len(leaf)):
            cells[c].text = cell_text(result, r, c)
            if leaf[c].select is not None:
                cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8)


def write_docx(document: PublicDocument, path: str | Path, draft: bool = False) -> None:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    cover = doc.add_paragraph(document.title, style="Title")
    cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if draft:
        doc.add_paragraph(
            "（草稿：“主要原因”尚未填写完整，不能报送）"
        ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{document.department}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("目  录").alignment = WD_ALIGN_PARAGRAPH.CENTER
    _toc(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    landscape = False
    for block in document.blocks[1:]:
        if block.kind == "heading1":
            doc.add_heading(block.text, level=1)
        elif block.kind == "heading2":
            doc.add_heading(block.text, level=2)
        elif block.kind == "text":
            p = doc.add_paragraph(block.text)
            p.paragraph_format.first_line_indent = Pt(28)
        elif block.kind == "table":
            table = block.table
            assert table is not None  # a table block always carries its table
            wide = table.spec.orientation == "landscape"
            if wide != landscape:
                new = doc.add_section()
                new.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
                w, h = new.page_width, new.page_height
                if (w < h) == wide:
                    new.page_width, new.page_height = h, w
                landscape = wide
            doc.add_heading(f"表{table.number} {table.title}", level=2)
            _table(doc, table)
    doc.save(str(path))
