"""Command line: `budget-desk demo OUT`, `budget-desk tables FILE --json`, and the window."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from desktop import __version__
from desktop.errors import BudgetError


def _open_ledger(path: str, readonly: bool = True):
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(path, readonly=readonly)
    return dfile, Ledger(dfile)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo import write_demo

    dfile = write_demo(args.out)
    dfile.close()
    print(f"已生成演示部门文件：{args.out}")
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from desktop.tables.engine import Rollup
    from desktop.tables.forms import sections_to_json
    from desktop.tables.forms_text import render_section_text
    from desktop.tables.text import render_text

    dfile, ledger = _open_ledger(args.file)
    try:
        rollup = Rollup(ledger)
        wanted = _table_numbers(args.tables)
        results = [r for r in rollup.results() if not wanted or r.number in wanted]
        layout, sections = _form_sections(ledger, wanted, args.layout)
        if args.json:
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
        else:
            for result in results:
                print(render_text(result, ledger.department))
            for spec, forms in sections:
                print(render_section_text(spec, forms, ledger.department))
    finally:
        dfile.close()
    return 0


def _form_sections(ledger, wanted: set[int], layout: str | None):  # noqa: ANN001, ANN202
    """The performance forms (tables 22 and 23) in the file's layout, or in `layout`."""
    from desktop.tables.forms import form_sections, performance_layout

    layout = layout or performance_layout(ledger.file)
    return layout, form_sections(ledger, layout, wanted)


def _table_numbers(text: str | None) -> set[int]:
    if not text:
        return set()
    try:
        return {int(part) for part in text.split(",") if part.strip()}
    except ValueError as exc:
        raise BudgetError(f"表号“{text}”无效，应为用逗号分隔的数字，例如 1,3,7。") from exc


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_app

    return run_app(file=args.file, demo=args.demo)


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "demo": (cmd_demo, "生成演示部门文件"),
    "tables": (cmd_tables, "计算并输出全部标准表"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budget-desk", description="部门预算编制")
    parser.add_argument("--version", action="version", version=f"budget-desk {__version__}")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("demo", help="生成演示部门文件")
    p.add_argument("out", help="要生成的 .budget 文件")
    p = sub.add_parser("tables", help="计算并输出全部标准表")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（金额为元，精确小数）")
    p.add_argument("--tables", help="只输出这些表，例如 1,3,7（22、23 为绩效目标表）")
    p.add_argument("--layout", help="绩效目标表式：hunan、lukou2026、shifeng2023（默认按文件设置）")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Without a sub-command the window opens: `budget-desk [FILE]` or `budget-desk --demo`.
    if not argv or argv[0] not in {"demo", "tables", "-h", "--help", "--version", *EXTRA_COMMANDS}:
        gui = argparse.ArgumentParser(prog="budget-desk")
        gui.add_argument("file", nargs="?")
        gui.add_argument("--demo", action="store_true", help="打开演示部门")
        return _run(cmd_gui, gui.parse_args(argv))
    parser = build_parser()
    for name, (_, _, configure) in EXTRA_COMMANDS.items():
        configure(parser._subparsers._group_actions[0].add_parser(name))  # noqa: SLF001
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, (None,))[0] or EXTRA_COMMANDS[args.command][0]
    return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except BudgetError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


# Commands contributed by other modules (checks, export, import): name -> (handler, help, configure)
EXTRA_COMMANDS: dict[str, tuple[Callable, str, Callable[[argparse.ArgumentParser], None]]] = {}


def register_command(
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help_text: str,
    configure: Callable[[argparse.ArgumentParser], None],
) -> None:
    EXTRA_COMMANDS[name] = (handler, help_text, configure)


def _load_extensions() -> None:
    """Import optional command modules; each registers itself with `register_command`."""
    import importlib

    for module in (
        "desktop.checks.cli",
        "desktop.export.cli",
        "desktop.catalog_cli",
        "desktop.document.cli",
        "desktop.next_year_cli",
    ):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise


_load_extensions()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
