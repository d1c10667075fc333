"""`budget-desk export` and `budget-desk import`, and the submission gate."""

from __future__ import annotations

import pdfplumber
import pytest

from desktop.cli import main
from desktop.export import service


def test_draft_export_and_import(tmp_path, demo_path, capsys):
    pdf, xlsx = tmp_path / "o.pdf", tmp_path / "o.xlsx"
    argv = ["export", str(demo_path), "--pdf", str(pdf), "--xlsx", str(xlsx), "--draft"]
    assert main(argv + ["--tables", "1,3,7"]) == 0
    out = capsys.readouterr().out
    assert "已导出 PDF（草稿）" in out and "共 4 页" in out
    with pdfplumber.open(pdf) as doc:
        assert [p.extract_text().splitlines()[0] for p in doc.pages[1:]] == [
            "收支总表",
            "支出总表",
            "一般公共预算支出表",
        ]
    target = tmp_path / "back.budget"
    assert main(["import", str(target), str(xlsx)]) == 0
    assert "支出明细 33 行" in capsys.readouterr().out
    assert main(["import", str(target), str(xlsx)]) == 3  # refuses to overwrite
    assert "不会覆盖" in capsys.readouterr().err


def test_submission_refused_while_checks_fail(tmp_path, demo_path, capsys, monkeypatch):
    monkeypatch.setattr(service, "submission_blockers", lambda ledger, rollup: ["错误：收支不平衡"])
    pdf = tmp_path / "o.pdf"
    assert main(["export", str(demo_path), "--pdf", str(pdf)]) == 3
    err = capsys.readouterr().err
    assert "审核未通过，不能导出报送版本" in err and "收支不平衡" in err
    assert not pdf.exists()
    monkeypatch.setattr(service, "submission_blockers", lambda ledger, rollup: [])
    assert main(["export", str(demo_path), "--pdf", str(pdf)]) == 0
    with pdfplumber.open(pdf) as doc:
        assert not any("草稿" in (p.extract_text() or "") for p in doc.pages)


def test_demo_passes_the_submission_gate(tmp_path, demo_path, capsys):
    """The demo carries the 出错说明 a real submission would: the README's export succeeds."""
    pdf, xlsx = tmp_path / "o.pdf", tmp_path / "o.xlsx"
    assert main(["export", str(demo_path), "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert "已导出 PDF：" in out and "已导出 Excel 工作簿：" in out
    with pdfplumber.open(pdf) as doc:
        assert not any("草稿" in (p.extract_text() or "") for p in doc.pages)


def test_bad_arguments(tmp_path, demo_path, capsys):
    assert main(["export", str(demo_path), "--draft"]) == 3
    assert "请至少指定一个导出文件" in capsys.readouterr().err
    args = ["export", str(demo_path), "--pdf", str(tmp_path / "x.pdf"), "--draft"]
    assert main(args + ["--tables", "1,99"]) == 3
    assert "没有表号为 99 的标准表" in capsys.readouterr().err
    assert main(args + ["--profile", "nope", "--xlsx", str(tmp_path / "x.xlsx")]) == 3
    assert "没有名为“nope”的工作簿格式" in capsys.readouterr().err


@pytest.mark.parametrize("profile", ["bureau-flat-first"])
def test_other_profile_round_trip_by_cli(tmp_path, demo_path, profile, capsys):
    xlsx = tmp_path / "b.xlsx"
    assert (
        main(["export", str(demo_path), "--xlsx", str(xlsx), "--draft", "--profile", profile]) == 0
    )
    assert main(["import", str(tmp_path / "b.budget"), str(xlsx)]) == 0
    assert "收入明细 12 行" in capsys.readouterr().out
