"""Build the public document from its template (data, per table set and kind) and the ledger.

Every figure in the text is read from the table cell it describes (or, for 机关运行经费, summed
from the lines by the table set's definition) and printed as the table prints it. Comparisons
with last year use the file's 上年数 (`PriorYearLine`) under the same definition; each comparison
has a 主要原因 slot the accountant fills (`ReasonText`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from desktop.document.wording import Comparison, wan
from desktop.errors import BudgetError
from desktop.ledger import Ledger
from desktop.records import ASSET_KINDS, PURCHASE_KINDS, UNIT_KIND_NAMES
from desktop.resources import resource
from desktop.tables.engine import Rollup
from desktop.tables.result import TableResult

DEFAULT_PACK = "hunan-2025"
KINDS = ("预算", "决算")
_SLOT = re.compile(r"\{([^{}]+)\}")
COMPARE = "比较:"  # a slot "{比较:名称}" compares a figure with last year; its id is "比较:名称"
# 机关运行经费: 行政单位 and 参公单位, 一般公共预算 basic spending on 302 and 310.
RUNNING_UNIT_KINDS = ("agency", "civil_service_like")
RUNNING_ECON = ("302", "310")


@dataclass(frozen=True)
class Figure:
    """A number in the text and the table cell it came from (None: computed from lines)."""

    name: str
    value: Decimal
    table: int | None = None
    cell: str = ""  # row label / column, for the reader


@dataclass
class Block:
    kind: str  # title / heading1 / heading2 / text / table / glossary
    text: str = ""
    figures: list[Figure] = field(default_factory=list)
    table: TableResult | None = None


@dataclass
class PublicDocument:
    title: str
    department: str
    year: int
    kind: str
    blocks: list[Block]
    missing_reasons: list[str]  # slot ids whose 主要原因 is required but empty
    slots: dict[str, Comparison]  # every comparison the text makes, by slot id


def load_template(pack: str = DEFAULT_PACK) -> dict:
    path = Path(resource("packs", pack, "document.json"))
    if not path.exists():
        raise BudgetError(f"表式“{pack}”没有公开文本模板（document.json）。")
    return json.loads(path.read_text(encoding="utf-8"))


def file_template(rollup: Rollup) -> dict:
    """The template of the table set the tables come from (its own or its parent's), else the
    default set's. Read once per file version: the check of empty 主要原因 asks after edits."""
    pack = getattr(rollup, "pack", None)
    path = pack.document_path if pack is not None else None
    if path is None:
        path = Path(resource("packs", DEFAULT_PACK, "document.json"))
    return _read_template(str(path), Path(path).stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_template(path: str, _version: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_cell(result: TableResult, spec: dict) -> tuple[int, str]:
    """(分, description) of the cell a figure is bound to."""
    if "label" in spec:  # a listing table: label cell followed by its amount
        want = _norm(spec["label"])
        columns = [spec["column"]] if "column" in spec else range(0, len(result.rows[0].values), 2)
        offset = int(spec.get("offset", 1))  # 2 where a 行次 column stands between
        for row in result.rows:
            for b in columns:
                if _norm(str(row.values[b] or "")) == want:
                    return row.values[b + offset] or 0, spec["label"]
        raise BudgetError(f"表{result.number}中没有“{spec['label']}”一项。")
    row = result.find_row(name=spec["row"], level="total")
    column = result.column_index(spec["column"], int(spec.get("occurrence", 0)))
    return row.values[column] or 0, f"{spec['row']}/{spec['column']}"


class DocumentBuilder:
    def __init__(
        self,
        ledger: Ledger,
        rollup: Rollup,
        template: dict,
        kind: str,
        basic_groups: dict[tuple[str, str, str, str], int] | None = None,
    ) -> None:
        """`basic_groups`: this year's 人员经费 and 公用经费 as `_groups` makes them, when the
        caller keeps them up to date (only the 机关运行经费 reads this year's lines)."""
        if kind not in template["kinds"]:
            raise BudgetError(
                f"公开文本模板没有“{kind}”一类（可用：{'、'.join(template['kinds'])}）。"
            )
        self.ledger, self.rollup, self.template, self.kind = ledger, rollup, template, kind
        self.spec = template["kinds"][kind]
        self.threshold = int(self.spec.get("reason_threshold_percent", 10))
        self.slots: dict[str, Comparison] = {}
        self.missing: list[str] = []
        self._grouped: dict[bool, dict[tuple[str, str, str, str], int]] = {}
        if basic_groups is not None:  # this year's basic lines, grouped already (the checks)
            self._grouped[False] = basic_groups
        self._facts: list[tuple[str, str, str | None, bool, int]] | None = None
        dept = ledger.department
        self.words = {"年度": str(dept.fiscal_year), "部门": dept.name}

    # -- figures -------------------------------------------------------------------------
    def figure(self, name: str) -> Figure:
        if name == "机关运行经费":
            return Figure(name, wan(self._running_cost()))
        spec = self.template["figures"].get(name)
        if spec is None:
            raise BudgetError(f"公开文本模板引用了未定义的数字“{name}”。")
        fen, cell = table_cell(self.rollup.result(spec["table"]), spec)
        return Figure(name, wan(fen), spec["table"], cell)

    def prior(self, name: str) -> Decimal:
        if name == "机关运行经费":
            return wan(self._running_cost(prior=True))
        wanted = self.template["figures"][name].get("prior", {})
        return wan(sum(g[-1] for g in self._prior_facts() if _fits(g, wanted)))

    def _groups(self, prior: bool) -> dict[tuple[str, str, str, str], int]:
        """Amounts by (unit, kind, economic code, fund), of last year's or this year's lines:
        a figure then tests a few hundred groups, not every line."""
        cached = self._grouped.get(prior)
        if cached is None:
            cached = defaultdict(int)
            lines = self.ledger.prior_year_lines if prior else self.ledger.expenditure_lines
            for ln in lines.values():
                cached[(ln.unit_code, ln.kind, ln.econ_code, ln.fund_source)] += ln.amount
            self._grouped[prior] = cached
        return cached

    def _prior_facts(self) -> list[tuple[str, str, str | None, bool, int]]:
        """Last year's groups as (kind, economic code, budget type, fiscal, amount)."""
        if self._facts is None:
            funds = self.ledger.catalog.fund_sources
            facts: dict[tuple[str, str, str | None, bool], int] = defaultdict(int)
            for (_unit, kind, econ, code), amount in self._groups(prior=True).items():
                fund = funds.get(code)
                budget_type = fund.budget_type if fund is not None else None
                facts[(kind, econ, budget_type, bool(fund and fund.fiscal))] += amount
            self._facts = [(*key, amount) for key, amount in facts.items()]
        return self._facts

    def _running_cost(self, prior: bool = False) -> int:
        units = {c for c, u in self.ledger.units.items() if u.kind in RUNNING_UNIT_KINDS}
        funds = self.ledger.catalog.fund_sources
        return sum(
            amount
            for (unit, kind, econ_code, fund), amount in self._groups(prior).items()
            if unit in units
            and kind in ("personnel", "operating")
            and econ_code.startswith(RUNNING_ECON)
            and getattr(funds.get(fund), "budget_type", "") == "gp"
        )

    # -- slots ---------------------------------------------------------------------------
    def fill(self, text: str) -> tuple[str, list[Figure]]:
        figures: list[Figure] = []

        def one(match: re.Match) -> str:
            slot = match.group(1)
            if slot in self.words:
                return self.words[slot]
            if slot.startswith(COMPARE):
                return self.compare(slot[len(COMPARE) :], figures)
            kind, _, rest = slot.partition(":")
            if (
                rest and kind in SLOT_KINDS
            ):  # 占:A/B, 预算比较:A/B … (desktop/document/final_text.py)
                return SLOT_KINDS[kind](self, rest, figures)
            fact = FACTS.get(slot)
            if fact is not None:
                text, found = fact(self)
                figures.extend(found)
                return text
            fig = self.figure(slot)
            figures.append(fig)
            return f"{fig.value}"

        return _SLOT.sub(one, text), figures

    def comparison(self, name: str) -> Comparison:
        """This year's figure against last year's, both as printed."""
        return Comparison(self.figure(name).value, self.prior(name))

    def compare(self, name: str, figures: list[Figure]) -> str:
        comparison = self.comparison(name)
        slot = f"{COMPARE}{name}"
        self.slots[slot] = comparison
        text = comparison.sentence()
        if not comparison.needs_reason(self.threshold):
            return text
        reason = self.ledger.reason_texts.get(slot)
        if reason is None or not reason.text.strip():
            self.missing.append(slot)
            return text[:-1] + "，主要原因是：【请填写主要原因】。"
        return text[:-1] + f"，主要原因是：{reason.text.strip().rstrip('。')}。"

    # -- the document --------------------------------------------------------------------
    def build(self) -> PublicDocument:
        title, _ = self.fill(self.spec["title"])
        blocks = [Block("title", title)]
        for part in self.spec["parts"]:
            heading, _ = self.fill(part["heading"])
            blocks.append(Block("heading1", heading))
            if part.get("tables"):
                blocks += [Block("table", r.title, table=r) for r in self.rollup.results()]
            if part.get("glossary"):
                for i, (term, meaning) in enumerate(self.template.get("glossary", []), 1):
                    blocks.append(Block("text", f"{_chinese_number(i)}、{term}：{meaning}"))
            for section in part.get("sections", []):
                blocks.append(Block("heading2", self.fill(section["heading"])[0]))
                for paragraph in section["text"]:
                    text, figures = self.fill(paragraph)
                    # a slot that lists (the 项 of the 决算 text) yields one paragraph per line
                    first, *more = text.split("\n")
                    blocks.append(Block("text", first, figures))
                    blocks += [Block("text", piece) for piece in more]
        dept = self.ledger.department
        return PublicDocument(
            title, dept.name, dept.fiscal_year, self.kind, blocks, self.missing, self.slots
        )


def _fits(group: tuple[str, str, str | None, bool, int], wanted: dict) -> bool:
    """Whether last year's group counts for a figure (its template's "prior" selection)."""
    kind, econ_code, budget_type, fiscal, _amount = group
    if "kind" in wanted and kind not in wanted["kind"]:
        return False
    if "econ_prefix" in wanted and not econ_code.startswith(tuple(wanted["econ_prefix"])):
        return False
    if "budget_type" in wanted and budget_type != wanted["budget_type"]:
        return False
    return not (wanted.get("fiscal") and not fiscal)


# -- facts: text slots filled from records ----------------------------------------------------


def _duties(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    text = b.ledger.department_profile.duties.strip() or b.ledger.department_target.duty_overview
    return (text.strip() or "（部门职责尚未填写。）"), []


def _offices(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    offices = sorted(b.ledger.internal_offices.values(), key=lambda o: (o.sort_order, o.id or 0))
    if not offices:
        return "（内设机构尚未填写。）", []
    return f"{b.ledger.department.name}内设机构包括：{'、'.join(o.name for o in offices)}。", []


def _units(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    units = sorted(b.ledger.units.values(), key=lambda u: (u.sort_order, u.code))
    parts = []
    for u in units:
        staff = b.ledger.unit_staff.get(u.code)
        desc = f"{u.name}（{UNIT_KIND_NAMES.get(u.kind, u.kind)}"
        if staff is not None:
            if staff.funding_form:
                desc += f"，{staff.funding_form}"
            desc += f"，编制数{staff.authorized}人，实有在职人员{staff.active}人、离退休人员{staff.retired}人"
        parts.append(desc + "）")
    what = "部门预算" if b.kind == "预算" else "部门决算"
    return (
        f"纳入{b.ledger.department.fiscal_year}年{what}编制范围的单位共{len(units)}个：{'；'.join(parts)}。",
        [],
    )


def _functions(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    result = b.rollup.result(1)
    figures, parts = [], []
    for row in result.rows:
        label, fen = row.values[2], row.values[3]
        if fen and str(label).startswith("（"):
            name = str(label).split("）", 1)[1]
            fig = Figure(name, wan(fen), 1, str(label))
            figures.append(fig)
            parts.append(f"{name}{fig.value}万元")
    return ("、".join(parts) or "无此项支出"), figures


def _purchases(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    lines = list(b.ledger.purchase_lines.values())
    year = b.ledger.department.fiscal_year
    if not lines:
        return f"{year}年本部门无政府采购预算。", []
    by_kind = {k: sum(p.amount for p in lines if p.kind == k) for k in PURCHASE_KINDS}
    sme = sum(p.amount * p.sme_percent // 100 for p in lines)
    total = sum(by_kind.values())
    kinds = "、".join(
        f"政府采购{name}预算{wan(by_kind[k])}万元" for k, name in PURCHASE_KINDS.items()
    )
    share = (Decimal(sme) / Decimal(total) * 100).quantize(Decimal("0.1")) if total else 0
    return (
        f"{year}年政府采购预算总额{wan(total)}万元，其中：{kinds}。"
        f"面向中小企业预留{wan(sme)}万元，占政府采购预算总额的{share}%。"
    ), []


def _assets(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    assets = list(b.ledger.asset_holdings.values())
    if not assets:
        return "（国有资产占用情况尚未填写。）", []
    as_of = max(a.as_of for a in assets)
    y, m, d = as_of.split("-")
    vehicles = [a for a in assets if a.kind == "vehicle"]
    count = sum(a.quantity for a in vehicles)
    text = f"截至{int(y)}年{int(m)}月{int(d)}日，共有车辆{count}辆"
    if vehicles:
        text += "，其中：" + "、".join(f"{a.name}{a.quantity}辆" for a in vehicles)
    equipment = sum(a.quantity for a in assets if a.kind == "equipment")
    text += f"；单位价值50万元以上设备{equipment}台（套）"
    area = sum(a.area_m2 for a in assets if a.kind == "building")
    text += f"；房屋面积{area}平方米。"
    return text, []


def _targets(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    ledger = b.ledger
    projects = [p for p in ledger.projects.values() if ledger.project_indicators(p.code)]
    amount = wan(sum(ledger.project_total(p.code) for p in projects))
    whole = "，并编制了部门整体支出绩效目标" if ledger.project_indicators("") else ""
    return (
        f"{ledger.department.fiscal_year}年本部门实行绩效目标管理的项目{len(projects)}个，"
        f"涉及预算{amount}万元{whole}。绩效目标见第二部分的项目支出绩效目标表和整体支出绩效目标表。"
    ), []


FACTS = {
    "部门职责": _duties,
    "机构设置": _offices,
    "单位构成": _units,
    "功能分类": _functions,
    "政府采购": _purchases,
    "国有资产占用": _assets,
    "绩效目标": _targets,
}
_ = ASSET_KINDS  # the asset kinds named in the text are those of the records


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def build_document(
    ledger: Ledger, rollup: Rollup, kind: str | None = None, pack: str | None = None
) -> PublicDocument:
    """The whole public document of the file, from its table set's template (or `pack`'s).

    By default a 决算 file gets the 决算 text and a budget file the 预算 text.
    """
    if kind is None:
        kind = "决算" if ledger.is_final else "预算"
    template = load_template(pack) if pack else file_template(rollup)
    return DocumentBuilder(ledger, rollup, template, kind).build()


# The 决算 text's own slots (imported last: they use the names above).
from desktop.document.final_text import FINAL_FACTS, SLOT_KINDS  # noqa: E402

FACTS.update(FINAL_FACTS)
