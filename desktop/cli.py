"""Command line of Budget Desk: `budget-desk 命令 …`, or the window when no command is given.

Adding a command is one line in COMMANDS below:

    Command("名字", "模块:处理函数", "一句中文说明（出现在 budget-desk -h 中）", "模块:配置函数"),

The handler takes the parsed `argparse.Namespace` and returns the exit code; the configure
function adds the command's arguments (with Chinese help and Chinese `metavar`s) to the parser it
is given. Modules are named by string and imported only when the command line is built, so a
command module never imports this one (no import cycle, no registry filled as a side effect of
imports) and `budget-desk --version` stays fast. The arguments are in the order of the old
`register_command(name, handler, help, configure)`.

Exit codes: 0 success; 1/2 are the results of `check` (提示 / 错误); 2 also a usage error (from
argparse); 3 a refused operation (the message says why, in Chinese); 130 interrupted.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.cli_args import ChineseParser, chinese_argparse, parse_table_numbers, positive_width
from desktop.errors import BudgetError
from desktop.system_errors import reason

PROG = "budget-desk"
DEFAULT_WIDTH = 100  # `tables` text width when the output is not a terminal


@dataclass(frozen=True)
class Command:
    name: str
    handler: str  # "module:function", called with the parsed arguments, returns the exit code
    help: str  # one Chinese sentence
    configure: str  # "module:function", adds the command's arguments to its parser


# fmt: off
COMMANDS: tuple[Command, ...] = (
    Command("demo", "desktop.cli:cmd_demo", "生成演示部门文件", "desktop.cli:configure_demo"),
    Command("tables", "desktop.cli:cmd_tables", "在终端显示标准表，或输出全部标准表的 JSON", "desktop.cli:configure_tables"),
    Command("check", "desktop.checks.cli:cmd_check", "审核部门预算文件", "desktop.checks.cli:configure"),
    Command("explain", "desktop.checks.cli:cmd_explain", "为审核提示写出错说明（报送时每条提示都要有说明）", "desktop.checks.cli:configure_explain"),
    Command("export", "desktop.export.cli:cmd_export", "导出 PDF 和/或 Excel 工作簿", "desktop.export.cli:configure_export"),
    Command("import", "desktop.export.cli:cmd_import", "从导出的 Excel 工作簿新建部门文件", "desktop.export.cli:configure_import"),
    Command("catalog-import", "desktop.catalog_cli:cmd_catalog_import", "导入某一年度的科目表", "desktop.catalog_cli:configure"),
    Command("document", "desktop.document.cli:cmd_document", "导出部门预算公开文本（Word / PDF）", "desktop.document.cli:configure_document"),
    Command("next-year", "desktop.next_year_cli:cmd_next_year", "由本年度文件新建下一年度文件", "desktop.next_year_cli:configure_next_year"),
    Command("final-from-budget", "desktop.final_from_budget_cli:cmd_final_from_budget", "由本年度部门预算文件生成部门决算文件", "desktop.final_from_budget_cli:configure_final_from_budget"),
    Command("import-accounts", "desktop.accounts_import_cli:cmd_import_accounts", "把会计系统导出的科目余额表导入部门决算文件", "desktop.accounts_import_cli:configure_import_accounts"),
    Command("packs", "desktop.packs.cli:cmd_packs", "列出已安装的表套（标识、名称、地区、年度）", "desktop.packs.cli:configure_packs"),
    Command("pack-import", "desktop.packs.cli:cmd_pack_import", "校验并安装一个表套", "desktop.packs.cli:configure_pack_import"),
)
# fmt: on


def resolve(reference: str) -> Callable:
    """ "package.module:function" → the function."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


def command_names() -> list[str]:
    return [c.name for c in COMMANDS]


# -- demo and tables --------------------------------------------------------------------------------


def configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="文件", help="要生成的部门预算文件（.budget）")
    p.add_argument(
        "--final",
        action="store_true",
        help="生成部门决算演示文件（株洲市工业和信息化局 2021 年度）",
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo import write_demo
    from desktop.demo_final import write_final_demo

    dfile = (write_final_demo if args.final else write_demo)(args.out)
    dfile.close()
    print(f"已生成{'部门决算演示' if args.final else '演示部门'}文件：{args.out}")
    return 0


def configure_tables(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="文件", help="部门预算文件（.budget）")
    p.add_argument(
        "--tables",
        metavar="表号",
        help="显示这些表，例如 1 或 1,3,7 或 1-5（22、23 为绩效目标表）；不给出时列出全部表",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出（金额单位为元，精确小数）")
    p.add_argument(
        "--width",
        metavar="列数",
        type=positive_width,
        help=f"每行最多的字符列数（汉字占两列；默认终端宽度，输出到文件时 {DEFAULT_WIDTH}）",
    )
    p.add_argument(
        "--layout",
        metavar="表式",
        help="绩效目标表式：hunan、lukou2026、shifeng2023、national（默认为表套的表式，或文件中选定的表式）",
    )
    p.add_argument(
        "--pack", metavar="表套", help="本次使用的表套标识（见 budget-desk packs；默认按文件设置）"
    )


def cmd_tables(args: argparse.Namespace) -> int:
    from desktop.packs.choice import file_pack, pack_changed_notice
    from desktop.tables.engine import Rollup
    from desktop.tables.forms import (
        form_sections,
        form_specs,
        printed_layout,
        sections_to_json,
    )
    from desktop.tables.text import render_section_text, render_text

    dfile, ledger = _open_ledger(args.file)
    try:
        pack = file_pack(dfile, args.pack)
        notice = pack_changed_notice(dfile, pack)
        if notice:  # never blocks; on stderr so the printed tables and JSON stay clean
            print(f"注意：{notice}", file=sys.stderr)
        rollup = Rollup(ledger, pack=pack)
        # The set's forms, unless the file (or --layout) explicitly chose another layout.
        layout = printed_layout(dfile, pack if args.pack else None, args.layout)
        forms = {s.selection_number for s in form_specs(layout)}  # 22, 23
        known = {s.number for s in rollup.specs} | forms
        wanted = parse_table_numbers(args.tables, known)
        if args.json:
            results = [r for r in rollup.results() if not wanted or r.number in wanted]
            sections = form_sections(ledger, layout, wanted)
            payload = {
                "department": {
                    "code": ledger.department.code,
                    "name": ledger.department.name,
                    "fiscal_year": ledger.department.fiscal_year,
                },
                "amount_unit": "元",
                "tables": [r.to_json() for r in results],
                "forms": sections_to_json(layout, sections),
            }
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return 0
        if not wanted:
            _print_table_list(rollup, ledger, layout, args.file)
            return 0
        width = args.width or _terminal_width()
        for number in sorted(wanted - forms):
            print(render_text(rollup.result(number), ledger.department, width=width))
        if wanted & forms:
            for spec, forms_of in form_sections(ledger, layout, wanted):
                print(render_section_text(spec, forms_of, ledger.department))
    finally:
        dfile.close()
    return 0


def _print_table_list(rollup, ledger, layout: str, path: str) -> None:  # noqa: ANN001
    """`tables FILE` without --tables: the list of tables, then how to show one."""
    from desktop.tables.forms import form_specs

    department = ledger.department
    print(f"{department.code} {department.name} {department.fiscal_year} 年 标准表：")
    for spec in rollup.specs:
        print(f"{spec.number:>4}  {rollup.result(spec.number).title}")
    numbers: dict[int, str] = {}
    for spec in form_specs(layout):
        numbers.setdefault(spec.selection_number, spec.title)
    for number, title in sorted(numbers.items()):
        print(f"{number:>4}  {title}")
    print(f"显示某张表：{PROG} tables {path} --tables 表号（例如 --tables 1）")


def _terminal_width() -> int:
    if sys.stdout.isatty():
        return max(40, os.get_terminal_size(sys.stdout.fileno()).columns)
    return DEFAULT_WIDTH


def _open_ledger(path: str, readonly: bool = True):  # noqa: ANN202
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(path, readonly=readonly)
    return dfile, Ledger(dfile)


# -- the window -----------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 2
    from desktop.input_method import choose_input_method
    from desktop.ui.app import run_app

    choose_input_method()  # before Qt starts: fcitx sessions get the IBus plugin
    return run_app(file=args.file, demo=args.demo, force_unlock=args.force_unlock)


def display_problem(environ: dict[str, str] | None = None) -> str:
    """Why no window can be opened here (empty when one can): Qt would abort in English."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return ""
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform and platform not in ("xcb", "wayland"):
        return ""  # offscreen, vnc, …: Qt needs no display server
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "没有图形显示（环境变量 DISPLAY 未设置），无法打开窗口。请在桌面中运行；"
        f"远程登录时用 ssh -X。不需要窗口的操作请用命令，查看命令：{PROG} -h"
    )


# -- parsing --------------------------------------------------------------------------------------


def build_parser() -> ChineseParser:
    """The parser of `budget-desk 命令 …` (call inside `chinese_argparse()`)."""
    parser = ChineseParser(
        prog=PROG,
        description=(
            "部门预算编制。不带命令时打开窗口：budget-desk [文件.budget]，"
            "或 budget-desk --demo 打开演示部门。"
        ),
        epilog=f"每个命令的参数：{PROG} 命令 -h，例如 {PROG} export -h",
    )
    parser.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令")
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        resolve(command.configure)(p)
        p.set_defaults(handler=command.handler)
    return parser


def _gui_parser() -> ChineseParser:
    parser = ChineseParser(prog=PROG, description="打开部门预算编制的窗口。")
    parser.add_argument("file", nargs="?", metavar="文件", help="要打开的部门预算文件（.budget）")
    parser.add_argument("--demo", action="store_true", help="打开演示部门")
    parser.add_argument(
        "--force-unlock",
        action="store_true",
        help="清除另一台计算机（或已退出的程序）留下的打开记录后以编辑方式打开；"
        "只在确认那个程序已经关闭时使用",
    )
    return parser


def unknown_command(word: str) -> str | None:
    """The message for a first word that is neither a command nor a department file."""
    if word.startswith("-") or word in command_names():
        return None
    if Path(word).exists() or word.lower().endswith(".budget") or os.sep in word:
        return None  # a file to open in the window (a missing one is reported there)
    close = difflib.get_close_matches(word, command_names(), n=1)
    hint = f"您是不是要用 {close[0]}？" if close else ""
    return (
        f"没有“{word}”这个命令。{hint}\n"
        f"可用的命令：{'、'.join(command_names())}\n"
        f"打开部门文件：{PROG} 文件.budget；查看帮助：{PROG} -h"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with chinese_argparse():
            if argv and (argv[0] in command_names() or argv[0] in ("-h", "--help", "--version")):
                args = build_parser().parse_args(argv)
                handler = resolve(args.handler)
            else:
                problem = unknown_command(argv[0]) if argv else None
                if problem:
                    print(f"错误：{problem}", file=sys.stderr)
                    return 2
                args = _gui_parser().parse_args(argv)
                handler = cmd_gui
    except SystemExit as exc:  # -h, --version, or a usage error already printed in Chinese
        return exc.code if isinstance(exc.code, int) else 0
    return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except BudgetError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 3
    except OSError as exc:  # a file operation no module put into words
        name = exc.filename or ""
        where = f"“{name}”" if name else ""
        print(f"错误：无法访问{where}：{reason(exc)}。", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a user sees a sentence, never a traceback
        print(f"错误：程序内部出错（{type(exc).__name__}：{exc}），操作未完成。", file=sys.stderr)
        return 4


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
