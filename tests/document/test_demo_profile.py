"""The demo's 第一部分 (部门职责, 机构设置) comes from seed 000's publication.

Seed 000 (tests/fixtures/seeds/000_*.txt, a byte-for-byte copy of the published tables) has no
“部门职责” or “机构设置” section: it is the 23 tables only. Its one description of the bureau's
work is the 年履职目标 of table 23 (部门整体支出绩效目标表), so the demo's 部门职责 is that text;
it names no 内设机构, so the demo has none and its document says they are not yet filled in.
"""

from __future__ import annotations

from pathlib import Path

import docx

from desktop.cli import main

SEED = next((Path(__file__).parents[1] / "fixtures" / "seeds").glob("000_*.txt"))


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_duty_goal() -> str:
    """The 年履职目标 cell of table 23, as printed."""
    (line,) = [ln for ln in _seed().splitlines() if ln.startswith("年履职目标\t")]
    return line.split("\t")[1].strip()


def seed_offices() -> list[str]:
    """The 内设机构 the publication names: none (asserted below, not assumed)."""
    return []


def test_the_seed_has_neither_section_only_the_duty_goal():
    text = _seed()
    assert "部门职责" not in text and "机构设置" not in text and "内设机构" not in text
    assert "科室" not in text
    assert seed_duty_goal().startswith("把发展经济的着力点放在实体经济上")
    assert seed_duty_goal().endswith("鼓励各梯度工业企业强化科技战略。")


def _section(paragraphs: list, heading: str) -> str:
    """The paragraph that follows a heading of the document."""
    texts = [p.text for p in paragraphs]
    return texts[texts.index(heading) + 1]


def test_the_demo_document_prints_the_seed_duties_and_offices(demo_path, demo_ledger, tmp_path):
    assert demo_ledger.department_profile.duties == seed_duty_goal()
    offices = sorted(demo_ledger.internal_offices.values(), key=lambda o: o.sort_order)
    assert [o.name for o in offices] == seed_offices()
    out = tmp_path / "demo.docx"
    # --draft: the demo has no 上年数, so its 主要原因 are not written (see test_reason_page)
    assert main(["document", str(demo_path), "--docx", str(out), "--draft"]) == 0
    paragraphs = docx.Document(str(out)).paragraphs
    assert _section(paragraphs, "一、部门职责") == seed_duty_goal()
    assert _section(paragraphs, "二、机构设置") == "（内设机构尚未填写。）"
    assert _section(paragraphs, "三、单位构成") == (
        "纳入2025年部门预算编制范围的单位共1个：株洲市荷塘区科技和工业信息化局（行政单位）。"
    )
