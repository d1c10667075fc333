"""The command line speaks Chinese: usage, help, every error case, and no English system text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.cli import COMMANDS, display_problem, main, resolve
from desktop.tables.text import display_width

# English that argparse, the C library or Python would print if a message slipped through.
ENGLISH = (
    "usage:",
    "error:",
    "the following arguments",
    "unrecognized arguments",
    "invalid choice",
    "expected one argument",
    "positional arguments",
    "options:",
    "show this help",
    "No such file",
    "Permission denied",
    "Errno",
    "Traceback",
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "荷塘.budget"
    assert main(["demo", str(path)]) == 0
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_chinese(text: str) -> None:
    assert CHINESE.search(text), text
    for english in ENGLISH:
        assert english not in text, (english, text)


@pytest.mark.parametrize(
    ("argv", "code", "expected"),
    [
        (["expor", "{demo}"], 2, "没有“expor”这个命令。您是不是要用 export？"),
        (["check"], 2, "错误：缺少参数：文件"),
        (["check", "{demo}", "--jsn"], 2, "错误：无法识别的参数：--jsn"),
        (["tables", "{demo}", "--tables", "99"], 3, "错误：没有表号为 99 的标准表（可用 1–23）。"),
        (["tables", "{demo}", "--tables", "1,x"], 3, "错误：表号“1,x”无效"),
        (
            ["tables", "{demo}", "--width", "10"],
            2,
            "错误：参数 --width：宽度 10 太小（至少 40 列）",
        ),
        (["tables", "{demo}", "--tables"], 2, "错误：参数 --tables：后面应跟一个值"),
        (
            ["export", "{demo}", "--pdf", "/nonexistent/x.pdf", "--draft"],
            3,
            "错误：无法导出PDF：文件夹“/nonexistent”不存在。",
        ),
        (
            ["export", "{demo}", "--pdf", "{demo}.pdf", "--tables", "0", "--draft"],
            3,
            "没有表号为 0 的标准表",
        ),
        (["catalog-import", "20x7", "科目表.xlsx"], 2, "错误：参数 年度：“20x7”不是年度"),
        (
            ["explain", "{demo}", "no-such-rule", "说明"],
            3,
            "文件当前的审核结果中没有规则 no-such-rule",
        ),
        (["explain", "{demo}"], 2, "错误：缺少参数：规则, 说明"),
        (["tables", "{missing}"], 3, "错误：找不到文件"),
        (["--demo", "--verbose"], 2, "错误：无法识别的参数：--verbose"),
    ],
)
def test_each_error_is_a_chinese_message(capsys, demo, tmp_path, argv, code, expected):
    argv = [a.format(demo=demo, missing=tmp_path / "无.budget") for a in argv]
    got, out, err = run(capsys, *argv)
    assert got == code
    assert expected in err
    assert_chinese(err)
    assert out == ""


def test_an_unknown_command_lists_the_real_ones(capsys):
    code, _, err = run(capsys, "rport")
    assert code == 2
    names = "、".join(c.name for c in COMMANDS)
    assert f"可用的命令：{names}" in err
    assert "demo、tables、check、explain、export、import、catalog-import" in names
    assert_chinese(err)


def test_help_is_chinese_and_describes_every_command(capsys):
    code, out, _ = run(capsys, "-h")
    assert code == 0
    assert out.startswith("用法：budget-desk [-h] [--version] 命令 ...")
    assert "选项：" in out and "显示本帮助并退出" in out
    for command in COMMANDS:
        assert re.search(rf"^\s+{re.escape(command.name)}\s", out, re.MULTILINE), command.name
        assert command.help in out
    assert_chinese(out)
    for command in COMMANDS:
        code, sub, _ = run(capsys, command.name, "-h")
        assert code == 0 and sub.startswith(f"用法：budget-desk {command.name} ")
        assert command.help in sub
        assert_chinese(sub)


def test_no_display_gives_a_chinese_message_instead_of_opening_qt(capsys, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    code, _, err = run(capsys)
    assert code == 2
    assert "没有图形显示（环境变量 DISPLAY 未设置），无法打开窗口" in err
    assert_chinese(err)
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) == ""
    assert display_problem({"DISPLAY": ":0"}) == ""


def test_the_command_table_resolves_and_no_command_module_imports_the_table():
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)
    for command in COMMANDS:
        assert callable(resolve(command.handler)) and callable(resolve(command.configure))
    package = Path(__file__).resolve().parents[1] / "desktop"
    importers = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p != package / "cli.py"
        and re.search(
            r"from desktop\.cli import|import desktop\.cli\b|register_command", p.read_text()
        )
    ]
    assert importers == ["__main__.py"]  # the entry point only


def test_explain_writes_the_explanation_and_export_then_succeeds(capsys, demo, tmp_path):
    path = tmp_path / "d.budget"
    path.write_bytes(demo.read_bytes())
    text = "本局机关服务中心为事业单位，其医疗缴费按事业单位医疗科目列支。"
    code, out, _ = run(capsys, "explain", path, "unit-kind-function", text)
    assert (code, out) == (
        0,
        "已保存出错说明：[提示] unit-kind-function  表2 2101102 事业单位医疗 / 合计\n",
    )
    code, out, _ = run(capsys, "check", path, "--json")
    assert code == 0  # the one 提示 is explained: the file may be submitted
    finding = json.loads(out)["findings"][0]
    assert (finding["rule_id"], finding["explanation"]) == ("unit-kind-function", text)
    pdf = tmp_path / "d.pdf"
    code, out, err = run(capsys, "export", path, "--pdf", pdf)
    assert (code, err) == (0, "")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    # An empty text removes it again; export for submission is refused once more.
    assert run(capsys, "explain", path, "unit-kind-function", "")[0] == 0
    code, _, err = run(capsys, "export", path, "--pdf", pdf)
    assert code == 3 and "提示未填写出错说明" in err


def test_json_labels_say_the_unit_of_the_json(capsys, demo):
    code, out, _ = run(capsys, "tables", demo, "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["amount_unit"] == "元"
    first = payload["tables"][0]
    assert first["title"] == "收支总表"
    assert (first["unit_label"], first["printed_unit_label"]) == ("金额单位：元", "金额单位：万元")
    assert {t["unit_label"].split("：")[1] for t in payload["tables"]} == {"元"}
    total = next(r for r in payload["tables"][2]["rows"] if r["name"] == "合计")
    assert (
        total["cells"][
            payload["tables"][2]["columns"].index(
                next(c for c in payload["tables"][2]["columns"] if c["kind"] == "amount")
            )
        ]
        == "2897855.86"
    )  # printed 289.79 万元 = 2 897 855.86 元


def test_tables_lists_the_tables_and_prints_one_at_a_readable_width(capsys, demo):
    code, out, _ = run(capsys, "tables", demo)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "030 株洲市荷塘区科技和工业信息化局 2025 年 标准表："
    assert lines[1].split() == ["1", "收支总表"] and len(lines) == 1 + 23 + 1
    assert lines[-1].startswith("显示某张表：budget-desk tables ")
    code, out, _ = run(capsys, "tables", demo, "--tables", "5", "--width", "100")
    lines = out.splitlines()
    assert lines[:3] == [
        "支出预算分类汇总表（按部门预算经济分类）",
        "单位：030_株洲市荷塘区科技和工业信息化局    金额单位：万元",
        "（分 5 部分显示）",
    ]
    assert max(display_width(line) for line in lines) <= 100
    # Every part repeats the row labels; the 合计 row shows 总计 289.79 and 工资福利支出 195.30.
    assert out.count("行政运行") == 5
    total = next(line for line in lines if line.split()[:1] == ["合计"])
    assert total.split()[1:4] == ["289.79", "254.79", "195.30"]
    # CJK alignment: the amounts end in the same display column as their header.
    header = lines[3]
    rows = [line for line in lines[5:20] if "289.79" in line]
    ends = {display_width(line[: line.index("289.79") + 6]) for line in rows}
    assert ends == {display_width(header[: header.index("总 计") + 3])}
