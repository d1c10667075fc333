"""Performance forms: layout setting, which projects get a form, budget figures from the ledger,
the JSON and text dumps, the PDF (titles, values, 目录, long forms continued) and the workbook.

Also holds the helpers the seed comparisons share (fixture loading, reading a form row as
printed, comparing a published cell with ours).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from desktop.catalog import load_catalog
from desktop.cli import main
from desktop.demo import load_department_json
from desktop.errors import BudgetError
from desktop.export.pdf import export_pdf
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.money import DisplayUnit, parse_amount, rounded
from desktop.records import ExpenditureLine, Indicator, Project
from desktop.tables.forms import (
    PERFORMANCE_LAYOUTS,
    form_results,
    form_sections,
    form_specs,
    performance_layout,
    set_performance_layout,
)
from desktop.tables.forms_core import FormCell, FormResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = FIXTURES / "seeds"  # copies of the public seed documents (provenance there)
WAN = DisplayUnit.WAN_YUAN


# -- helpers shared by the seed comparisons ---------------------------------------------------------


def load_fixture(tmp_path: Path, name: str, year_catalog: int | None = None) -> Ledger:
    """A ledger on a fresh file built from tests/fixtures/`name`.

    `year_catalog` loads the file with another year's catalog: there is no 2023 catalog, so the
    seed-002 fixture (2023) is loaded with the 2025 one.
    """
    catalog = load_catalog(year_catalog) if year_catalog else None
    dfile = load_department_json(FIXTURES / name, tmp_path / f"{name}.budget", catalog)
    return Ledger(dfile, catalog)


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def grid_row(form: FormResult, row: int) -> list[FormCell | None]:
    """Row `row` as the tab-separated seeds print it: one entry per grid column, the cell
    starting there or None (covered by a merge, or empty)."""
    starts = {c.col: c for c in form.cells if c.row == row}
    return [starts.get(col) for col in range(form.columns)]


def visual_row(form: FormResult, row: int) -> list[FormCell | None]:
    """Row `row` as seed 002 prints it: one entry per printed cell, a merged cell once (None
    where a cell merged from above covers the row)."""
    out: list[FormCell | None] = []
    col = 0
    while col < form.columns:
        cell = form.cell_at(row, col)
        if cell is None:
            out.append(None)
            col += 1
            continue
        out.append(cell if cell.row == row else None)
        col = cell.col + cell.colspan
    return out


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def same(published: str, cell: FormCell | None) -> bool:
    """Does the published cell print what ours prints?

    Text compares without white space (the seeds break words across lines). A money cell
    compares as a number in 万元: "25万元" = 25.00, and a blank, "/" or "0" = 0; any text around
    the number (e.g. 资金总额：) must match too.
    """
    ours = cell.text if cell else ""
    if cell is None or cell.amount is None:
        return squash(published) == squash(ours)
    text = squash(published).removesuffix("万元")
    if text in ("", "/"):
        return cell.amount == 0
    match = _NUMBER.search(text)
    if not match:
        return False
    rest = text[: match.start()] + text[match.end() :]
    ours_rest = _NUMBER.sub("", squash(ours), count=1)
    return Decimal(match.group()) == rounded(cell.amount, WAN, 2) and rest == ours_rest


@dataclass(frozen=True)
class Known:
    """A published cell we print differently, and why.

    `published` / `ours` must occur in the published and our text (as published, and as we
    print). With `same_after`, the published text with that change applied must equal ours
    (e.g. markup removed); a row-level entry (column None) compares the row's non-empty cells
    in order, ignoring their positions.
    """

    published: str
    ours: str
    why: str
    same_after: object = None  # Callable[[str], str] | None


def compare_rows(
    form: FormResult,
    published_rows: list[list[str]],
    known: dict[tuple[int, int | None], Known],
    layout_row=grid_row,  # noqa: ANN001
) -> list[str]:
    """Every cell of every row of `form` against the published rows; returns the problems.

    `known` maps (row, column) — or (row, None) for a whole row — to the documented difference.
    A published row missing at the end must be listed as (row, None) with published "".
    """
    problems = []
    for r in range(max(form.rows, len(published_rows))):
        ours = layout_row(form, r) if r < form.rows else []
        pub = published_rows[r] if r < len(published_rows) else None
        row_known = known.get((r, None))
        if pub is None:
            if not (row_known and row_known.published == ""):
                problems.append(
                    f"row {r}: ours {[c.text if c else '' for c in ours]}, not published"
                )
            continue
        if row_known:
            pub_texts = [t for t in pub if squash(t)]
            our_cells = [c for c in ours if c and squash(c.text)]
            if row_known.published not in "".join(pub) or row_known.ours not in "".join(
                c.text for c in ours if c
            ):
                problems.append(f"row {r}: the documented difference no longer holds")
            elif len(pub_texts) != len(our_cells) or not all(
                same(t, c) or _same_after(row_known, t, c.text)
                for t, c in zip(pub_texts, our_cells, strict=False)
            ):
                problems.append(f"row {r}: {pub_texts} != {[c.text for c in our_cells]}")
            continue
        padded = pub + [""] * (len(ours) - len(pub))
        if len(padded) != len(ours):
            problems.append(f"row {r}: {len(pub)} published cells, we print {len(ours)}")
            continue
        for c, (text, cell) in enumerate(zip(padded, ours, strict=True)):
            entry = known.get((r, c))
            if entry:
                ours_text = cell.text if cell else ""
                if entry.published not in text or entry.ours not in ours_text:
                    problems.append(f"row {r} col {c}: the documented difference no longer holds")
                elif entry.same_after and squash(entry.same_after(text)) != squash(ours_text):
                    problems.append(f"row {r} col {c}: differs beyond the documented change")
                elif not entry.same_after and same(text, cell):
                    problems.append(f"row {r} col {c}: listed as different but equal now")
                continue
            if not same(text, cell):
                problems.append(
                    f"row {r} col {c}: published “{text}”, ours “{cell.text if cell else ''}”"
                )
    return problems


def _same_after(entry: Known, published: str, ours: str) -> bool:
    return bool(entry.same_after) and squash(entry.same_after(published)) == squash(ours)


# -- layout setting and which forms exist ----------------------------------------------------------


def test_layouts_and_the_file_setting(demo_ledger):
    assert list(PERFORMANCE_LAYOUTS) == ["hunan", "lukou2026", "shifeng2023", "national"]
    assert [s.number for s in form_specs()] == [22, 23]
    assert [s.key for s in form_specs("shifeng2023")] == [
        "shifeng2023-dept-target",
        "shifeng2023-fund-summary",
        "shifeng2023-direction-target",
    ]
    assert performance_layout(demo_ledger.file) == "hunan"
    set_performance_layout(demo_ledger.file, "lukou2026")
    assert performance_layout(demo_ledger.file) == "lukou2026"
    assert [s.key for s, _ in form_sections(demo_ledger)] == [
        "lukou2026-dept-target",
        "lukou2026-project-target",
    ]
    with pytest.raises(BudgetError, match="绩效目标表式“a4”不存在"):
        set_performance_layout(demo_ledger.file, "a4")
    assert performance_layout(demo_ledger.file) == "lukou2026"  # the bad choice changed nothing


def test_projects_with_a_target_or_lines_get_a_form(demo_ledger):
    unit = "030001"
    demo_ledger.add(
        Project(
            "030001-ZX03",
            unit,
            "只有目标的项目",
            goal="完成调研",
            budget_mode="bureau",
            sort_order=2,
        ),
        Project("030001-ZX04", unit, "空项目", sort_order=3),
    )
    codes = [f.subject for f in form_results(demo_ledger) if f.spec.number == 22]
    assert codes == ["030001-ZX01", "030001-ZX02", "030001-ZX03"]
    only_goal = next(f for f in form_results(demo_ledger) if f.subject == "030001-ZX03")
    assert only_goal.title == "只有目标的项目项目支出绩效目标表"
    budget = only_goal.cell_at(1, 6)
    assert (budget.text, budget.amount) == ("0.00", 0)


def test_budget_situation_comes_from_the_ledger(demo_ledger):
    def line(fund: str, amount: str) -> ExpenditureLine:
        return ExpenditureLine(
            None, "030001", "2060101", "30201", fund, "operating", amount=parse_amount(amount, WAN)
        )

    demo_ledger.add(
        line("gov_fund", "1.00"), line("special_account", "2.00"), line("business_income", "3.00")
    )
    dept = next(f for f in form_results(demo_ledger) if f.spec.number == 23)
    figures = [c.text if c else "" for c in grid_row(dept, 6)]
    # 资金总额, 一般公共预算, 政府性基金, 财政专户, 其他资金, 基本支出, 项目支出
    assert figures == ["", "295.79", "289.79", "1.00", "2.00", "3.00", "260.79", "35.00"]


def test_indicator_edits_show_in_the_form(demo_ledger):
    ind = demo_ledger.project_indicators("030001-ZX01")[0]
    demo_ledger.replace(ind, value="13次", value_content="13")
    form = form_results(demo_ledger)[0]
    cell = form.cell_at(5, 4)
    assert (cell.text, cell.source.value, cell.field) == ("13次", "13次", "value")
    demo_ledger.add(
        Indicator(None, "030001-ZX01", "产出指标", "数量指标", "新增指标", sort_order=0)
    )
    form = form_results(demo_ledger)[0]
    level1 = form.cell_at(5, 1)
    assert (level1.text, level1.rowspan) == ("产出指标", 9)  # the new row joins the merge


# -- JSON and text dumps ---------------------------------------------------------------------------


def test_json_dump_includes_the_forms(demo_path, capsys):
    assert main(["tables", str(demo_path), "--json", "--tables", "22,23"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["tables"] == []
    forms = payload["forms"]
    assert forms["layout"] == "hunan"
    assert [s["number"] for s in forms["specs"]] == [22, 23]
    first = forms["specs"][0]["forms"][0]
    assert first["title"] == "生态污染防治专项经费支出方向绩效目标表"
    assert first["subject"] == "030001-ZX01" and first["columns"] == 9
    budget = next(c for c in first["cells"] if c["row"] == 1 and c["col"] == 6)
    assert budget == {
        "row": 1,
        "col": 6,
        "rowspan": 1,
        "colspan": 3,
        "role": "value",
        "text": "25.00",
        "align": "right",
        "amount": "250000.00",
        "source": {"type": "Project", "key": "030001-ZX01"},
        "field": "",
    }
    value = next(c for c in first["cells"] if c["row"] == 5 and c["col"] == 4)
    assert value["text"] == "12次" and value["source"]["type"] == "Indicator"
    dept = forms["specs"][1]["forms"][0]
    assert dept["title"] == "2025年荷塘区部门整体支出绩效目标表"
    total = next(c for c in dept["cells"] if c["row"] == 6 and c["col"] == 1)
    assert total["amount"] == "2897855.86"


def test_text_dump_and_layout_option(demo_path, capsys):
    assert main(["tables", str(demo_path), "--tables", "23", "--layout", "shifeng2023"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2025年部门整体支出绩效目标表")
    assert "年度预算申请（万元） │ 资金总额：289.79" in out
    assert "成本指标 │ 经费控制数 │ 289.785586万元" in out
    assert main(["tables", str(demo_path), "--tables", "22", "--layout", "shifeng2023"]) == 0
    out = capsys.readouterr().out
    assert out.count("2025年区级专项资金支出方向绩效目标表") == 2
    # The demo has no special funds: the summary prints its note, as the seeds do.
    assert "区级专项资金绩效目标汇总表\n" in out and "注：如本表格为空" in out


# -- PDF ---------------------------------------------------------------------------------------------


def _pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_pdf_prints_the_seed001_forms(tmp_path):
    ledger = load_fixture(tmp_path, "seed001_lukou_2026.json")
    out = tmp_path / "forms.pdf"
    pages = export_pdf(out, ledger.department, [], forms=form_sections(ledger))
    ledger.file.close()
    texts = _pdf_pages(out)
    assert pages == len(texts) == 5  # cover, the department form, three project forms
    assert "部门整体支出绩效目标表" in texts[0] and "项目支出绩效目标表" in texts[0]  # 目录
    dept = texts[1]
    assert dept.splitlines()[0] == "2026年部门整体支出绩效目标表"
    assert "填报单位(盖章)：株洲市渌口区科技和工业信息化局" in dept and "单位：万元" in dept
    for value in ("478.07", "456.07", "22.00", "当年10月前", "严格执行年初预算", "单位负责人签字"):
        assert value in dept
    assert [t.splitlines()[0] for t in texts[2:]] == ["2026年项目支出绩效目标表"] * 3
    first = texts[2]
    for value in ("2026年规模工业企业培训会资金", "规工企业统计员人数", "129", "人次", "10.00"):
        assert value in first
    assert "7.00" in texts[3] and "维稳救助对象满意度" in texts[3] and "90%" in texts[3]


def test_long_form_continues_with_title_and_header(tmp_path, demo_ledger):
    extra = [
        Indicator(None, "030001-ZX01", "产出指标", "数量指标", f"补充指标{i}", "≥", str(i), "个")
        for i in range(60)
    ]
    demo_ledger.add(*extra)
    demo_ledger.replace(demo_ledger.projects["030001-ZX01"], goal="长期目标。" * 900)
    out = tmp_path / "long.pdf"
    sections = form_sections(demo_ledger, numbers={22})
    pages = export_pdf(out, demo_ledger.department, [], forms=sections)
    texts = _pdf_pages(out)
    first = [t for t in texts if t.startswith("生态污染防治专项经费支出方向绩效目标表")]
    assert len(first) >= 3 and pages == len(texts)
    continued = [t for t in first if t.splitlines()[0].endswith("（续）")]
    assert len(continued) == len(first) - 1
    # Every page after the goal text repeats the indicator header and the merged labels.
    with_header = [t for t in continued if "补充指标" in t]
    assert with_header and all("一级指标" in squash(t) for t in with_header)
    assert all("本年度绩效" in t for t in with_header)  # the merged label, wrapped
    printed = {int(n) for n in re.findall(r"补充指标(\d+)", "\n".join(first))}
    assert printed == set(range(60))  # every row printed once the pages are put together


# -- workbook ----------------------------------------------------------------------------------------


def test_workbook_has_one_sheet_per_form_spec(tmp_path, demo_ledger):
    out = tmp_path / "demo.xlsx"
    run_export(demo_ledger.file, demo_ledger, _rollup(demo_ledger), xlsx_path=out, draft=True)
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    assert names.index("22项目支出绩效目标表") == names.index("21专项资金汇总表") + 1
    assert names.index("23整体支出绩效目标表") == names.index("21专项资金汇总表") + 2
    ws = wb["22项目支出绩效目标表"]
    assert ws["A1"].value == "生态污染防治专项经费支出方向绩效目标表"
    assert ws["A2"].value == "填报单位：株洲市荷塘区科技和工业信息化局"
    assert ws["H2"].value == "金额单位：万元"
    assert [ws.cell(4, c).value for c in (1, 2, 6, 7)] == [
        "项目类别",
        "大事要事",
        "年度本级预算金额",
        25,
    ]
    assert ws["G4"].number_format == "#,##0.00"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 本年度绩效指标 over the header and 12 indicators; 产出指标 over 8; 金额 over two columns.
    assert {"A7:A19", "B8:B15", "B3:I3", "D20:E20", "F20:I20"} <= merged
    assert ws["D21"].value == 8 and ws["F21"].value == "会计服务、劳务费等"
    assert ws["B3"].alignment.wrap_text
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert [b.id for b in ws.row_breaks.brk] == [28]  # the second project starts a new page
    assert ws["A29"].value == "先进硬质材料产业链专项经费支出方向绩效目标表"
    dept = wb["23整体支出绩效目标表"]
    assert [dept.cell(9, c).value for c in range(2, 9)] == [289.79, 289.79, 0, 0, 0, 254.79, 35]


def test_export_selects_forms_by_table_number(tmp_path, demo_ledger):
    rollup = _rollup(demo_ledger)
    out = tmp_path / "one.xlsx"
    run_export(demo_ledger.file, demo_ledger, rollup, xlsx_path=out, tables=[23], draft=True)
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert "23整体支出绩效目标表" in names and "22项目支出绩效目标表" not in names
    assert not any(n[:2].isdigit() and n[:2] != "23" for n in names)
    pdf = tmp_path / "t1.pdf"
    run_export(demo_ledger.file, demo_ledger, rollup, pdf_path=pdf, tables=[1], draft=True)
    assert not any("绩效目标表" in t for t in _pdf_pages(pdf))


def _rollup(ledger: Ledger):  # noqa: ANN202
    from desktop.tables.engine import Rollup

    return Rollup(ledger)
