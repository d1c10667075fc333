"""The public document as the print PDF (reportlab, the bundled CJK font).

The 目录 carries real page numbers: the document is laid out twice (reportlab's multiBuild),
the second pass printing the page on which each heading landed.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, NextPageTemplate, PageBreak, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from desktop.document.build import PublicDocument
from desktop.errors import BudgetError
from desktop.export import pdf as table_pdf
from desktop.records import Department

FONT = table_pdf.FONT


def _style(name: str, size: float, align: int = TA_LEFT, indent: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=size * 1.6,
        alignment=align,
        wordWrap="CJK",
        firstLineIndent=indent,
        spaceBefore=size * 0.4,
        spaceAfter=size * 0.3,
    )


TITLE = _style("doc-title", 22, TA_CENTER)
H1 = _style("doc-h1", 16, TA_CENTER)
H2 = _style("doc-h2", 13.5)
BODY = _style("doc-body", 12, indent=24)


class _Document(BaseDocTemplate):
    def afterFlowable(self, flowable) -> None:  # noqa: N802, ANN001 - reportlab's hook
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


def _heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    paragraph = Paragraph(text, style)
    paragraph.toc_level = level
    return paragraph


def write_pdf(document: PublicDocument, path: str | Path, draft: bool = False) -> int:
    """Write the document to `path` (complete or not at all); returns the number of pages."""
    table_pdf.register_font()
    path = Path(path)
    department = Department("", document.department, document.year)
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle("toc1", fontName=FONT, fontSize=12, leading=20, leftIndent=0),
        ParagraphStyle("toc2", fontName=FONT, fontSize=11, leading=17, leftIndent=18),
    ]
    story: list = [Spacer(1, 180), Paragraph(document.title, TITLE)]
    story += [Spacer(1, 30), Paragraph(document.department, _style("dept", 15, TA_CENTER))]
    if draft:
        story.append(Paragraph("（草稿：“主要原因”尚未填写完整，不能报送）", H1))
    story += [PageBreak(), Paragraph("目  录", H1), toc, PageBreak()]
    for block in document.blocks[1:]:
        if block.kind == "heading1":
            story.append(_heading(block.text, H1, 0))
        elif block.kind == "heading2":
            story.append(_heading(block.text, H2, 1))
        elif block.kind == "text":
            story.append(Paragraph(block.text, BODY))
        elif block.kind == "table":
            table = block.table
            assert table is not None  # a table block always carries its table
            flowables = table_pdf.table_flowables(table, department)
            title = _heading(f"表{table.number} {table.title}", H2, 1)
            # table_flowables starts with the page template switch and a page break
            story += flowables[:2] + [title] + flowables[2:] + [NextPageTemplate("portrait")]
    tmp = path.with_name(f".{path.name}.part")
    doc = _Document(
        str(tmp),
        pageTemplates=table_pdf._page_templates(),
        title=document.title,
        author=document.department,
        creator="部门预算编制",
    )
    canvas_class = type("_Canvas", (table_pdf._NumberedCanvas,), {"draft": draft})
    try:
        doc.multiBuild(story, canvasmaker=canvas_class)
        pages = doc.page
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BudgetError(f"无法写入 PDF 文件“{path}”：{exc.strerror or exc}") from exc
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    return pages
