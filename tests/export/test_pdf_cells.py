"""The fast grid drawing writes the very bytes reportlab's own Table writes, and the PDF is
laid out a table at a time.

`FastTable` with shared cell styles (pdf_cells.py, GridLook.cell_style) replaces per-cell style
commands and reportlab's per-string text objects; the printed file must not change by a byte.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from desktop.export.pdf import _look, _style, register_font
from desktop.export.pdf_cells import FastTable
from desktop.export.pdf_grid import FONT, HEADER_FILL
from desktop.export.pdf_repeat import RepeatedParagraph

GREY = colors.Color(0.93, 0.93, 0.93)

# Header with a span, then names (left, one too long wraps as a Paragraph), codes (centred),
# amounts (right), empty cells, an empty string, a second use of the same texts.
ALIGNS = ["CENTER", "LEFT", "RIGHT", "RIGHT"]
HEADER = [["功能分类科目", "", "本年预算", ""], ["科目编码", "科目名称", "合计", "基本支出"]]
BODY = [
    ["201", "一般公共服务支出", "1,234.56", "1,000.00"],
    ["20101", "人大事务", (), "0.07"],
    ["2010101", "行政运行", "98,765,432.10", ()],
    ["2010101", "行政运行", "1,234.56", ""],
    ["", "（续）合计 Ab&(x)\\", "12.00", "3.50"],
]


def _render(fast: bool, size: float, repeat: int = 0, cell_fill: bool = False) -> bytes:
    """Three pages with the table; `repeat` header rows make FastTable place the body itself
    (unless `cell_fill` fills a single body cell, drawn over reportlab's span rectangle)."""
    register_font()
    look = _look(size)
    head_para = RepeatedParagraph if fast else Paragraph
    data: list[list] = [
        [head_para(t, _style(size, leading=size * 1.2)) if t else "" for t in row] for row in HEADER
    ]
    long_name = Paragraph("一个很长很长很长很长的项目名称需要折行", _style(size, 0, size * 1.2))
    data += [list(row) for row in BODY] + [["2019999", long_name, "5.00", "5.00"]]
    commands: list[tuple] = [("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (3, 0))]
    background = [
        ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
        ("BACKGROUND", (0, 4), (-1, 4), GREY),
    ]
    if cell_fill:
        background.append(("BACKGROUND", (2, 3), (2, 3), GREY))
    widths = [60.0, 90.0, 70.0, 70.0]
    if fast:
        styles = {a: look.cell_style(a) for a in set(ALIGNS) | {"LEFT"}}
        matrix = [[styles["LEFT"]] * 4] * 2 + [[styles[a] for a in ALIGNS]] * (len(data) - 2)
        table = FastTable(
            data, colWidths=widths, cellStyles=matrix, normalizedData=1, repeatRows=repeat
        )
        table.setStyle(TableStyle(look.rules() + background + commands))
    else:  # reportlab styling every cell from the commands, drawing every string itself
        table = Table(data, colWidths=widths, repeatRows=repeat)
        aligns = [("ALIGN", (c, 2), (c, -1), a) for c, a in enumerate(ALIGNS)]
        table.setStyle(TableStyle(look.commands() + background + commands + aligns))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=landscape(A4), initialFontName=FONT)
    for page in range(3):  # later pages reuse the formatted texts and header of the first
        table.wrapOn(canvas, 500, 500)
        table.drawOn(canvas, 40, 300 - page * 10)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize(("repeat", "cell_fill"), [(0, False), (2, False), (2, True)])
@pytest.mark.parametrize("size", [8.0, 6.5])
def test_fast_table_writes_reportlabs_bytes(monkeypatch, size, repeat, cell_fill):
    monkeypatch.setattr(rl_config, "invariant", 1)  # no creation date or random id
    slow = _render(False, size, repeat, cell_fill)
    fast = _render(True, size, repeat, cell_fill)
    assert fast == slow
    with pdfplumber.open(io.BytesIO(fast)) as pdf:
        text = pdf.pages[1].extract_text()
    assert "2010101 行政运行 98,765,432.10" in text
    assert "（续）合计 Ab&(x)\\ 12.00 3.50" in text
    assert text.startswith("功能分类科目 本年预算")


def test_fast_table_split_by_reportlab_writes_its_bytes(tmp_path, monkeypatch):
    """A table too long for its frame is split by reportlab itself (the PDF cuts its pages
    before that happens, but a split must still print what reportlab prints)."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    register_font()
    look = _look(8.0)
    styles = {a: look.cell_style(a) for a in set(ALIGNS) | {"LEFT"}}

    def build(fast: bool) -> bytes:
        data: list[list] = [list(row) for row in HEADER]
        data += [[f"20{n:05d}", f"第{n}项", f"{n},000.00", ()] for n in range(60)]
        commands = [("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (3, 0))]
        if fast:
            matrix = [[styles["LEFT"]] * 4] * 2 + [[styles[a] for a in ALIGNS]] * 60
            table = FastTable(data, colWidths=[60.0] * 4, cellStyles=matrix, repeatRows=2)
            table.setStyle(TableStyle(look.rules() + commands))
        else:
            table = Table(data, colWidths=[60.0] * 4, repeatRows=2)
            aligns = [("ALIGN", (c, 2), (c, -1), a) for c, a in enumerate(ALIGNS)]
            table.setStyle(TableStyle(look.commands() + commands + aligns))
        out = tmp_path / f"{fast}.pdf"
        doc = SimpleDocTemplate(str(out), pagesize=A4)
        doc.build([table], canvasmaker=lambda *a, **k: Canvas(*a, **{**k, "initialFontName": FONT}))
        return out.read_bytes()

    fast, slow = build(True), build(False)
    assert fast == slow
    with pdfplumber.open(io.BytesIO(fast)) as pdf:
        assert len(pdf.pages) == 2
        assert "2000059 第59项 59,000.00" in pdf.pages[1].extract_text()


def test_repeated_paragraph_replays_its_drawing(monkeypatch):
    """The header drawn from its recording on later pages writes what drawing it writes."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    register_font()
    style = _style(8.0, leading=9.6)

    def pages(kind: type) -> bytes:
        para = kind("本年预算 & 上年（决算）数", style)
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4, initialFontName=FONT)
        for n in range(3):
            para.wrapOn(canvas, 40, 100)  # several lines at this width
            para.drawOn(canvas, 50 + n, 700)
            canvas.showPage()
        canvas.save()
        return out.getvalue()

    breaks = []
    plain_break = Paragraph.breakLinesCJK

    def counting_break(self, widths):  # noqa: ANN001, ANN202
        breaks.append(type(self))
        return plain_break(self, widths)

    monkeypatch.setattr(Paragraph, "breakLinesCJK", counting_break)
    assert pages(RepeatedParagraph) == pages(Paragraph)
    assert breaks == [RepeatedParagraph] + [Paragraph] * 3  # laid out once, not per page
    assert RepeatedParagraph("本年预算 & 上年（决算）数", style).wrap(40, 100)[1] > 2 * 9.6


def test_tables_are_laid_out_as_they_are_made(tmp_path, monkeypatch, demo_ledger):
    """The story is filled a table at a time while reportlab consumes it, so a large
    department's PDF never holds the flowables of every table at once."""
    from desktop.export import pdf
    from desktop.tables.engine import Rollup

    pages = [0]
    made_after: list[int] = []
    show = pdf._NumberedCanvas.showPage
    make = pdf.table_flowables

    def counting_show(self) -> None:
        pages[0] += 1
        show(self)

    def recording_make(result, department):  # noqa: ANN001, ANN202
        made_after.append(pages[0])
        return make(result, department)

    monkeypatch.setattr(pdf._NumberedCanvas, "showPage", counting_show)
    monkeypatch.setattr(pdf, "table_flowables", recording_make)
    rollup = Rollup(demo_ledger)
    results = [rollup.result(n) for n in (1, 2, 3, 7)]
    total = pdf.export_pdf(tmp_path / "t.pdf", demo_ledger.department, results)
    # Table 1 is made while the cover is laid out; each later table only once the pages of
    # the one before it are done (one page each here: 收支总表, 收入总表, 支出总表, 表7).
    assert made_after == [0, 1, 2, 3]
    assert total == 5


def test_pages_are_compressed_as_they_are_finished(tmp_path, monkeypatch, demo_ledger):
    """Each finished page is compressed at once, as reportlab compresses it when writing the
    file: the same bytes, without the document holding every page's text until the end."""
    from desktop.export import pdf
    from desktop.tables.engine import Rollup

    monkeypatch.setattr(rl_config, "invariant", 1)
    results = [Rollup(demo_ledger).result(n) for n in (1, 7)]
    compress = pdf._compress_now
    held: list[object] = []

    def recording(page) -> None:  # noqa: ANN001 - a reportlab PDFPage
        compress(page)
        held.append(page.stream)

    monkeypatch.setattr(pdf, "_compress_now", recording)
    pages = pdf.export_pdf(tmp_path / "now.pdf", demo_ledger.department, results, draft=True)
    assert pages == 3 and held == [None] * 3  # cover, 收支总表, 表7: no page text kept
    monkeypatch.setattr(pdf, "_compress_now", lambda page: None)  # left to reportlab
    pdf.export_pdf(tmp_path / "end.pdf", demo_ledger.department, results, draft=True)
    assert (tmp_path / "now.pdf").read_bytes() == (tmp_path / "end.pdf").read_bytes()
