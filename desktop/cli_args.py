"""Argument parsing in Chinese for the command line, and the helpers the commands share.

argparse writes its usage lines, help headings and error messages in English through the module's
`_` / `ngettext` functions. `chinese_argparse()` swaps those for Chinese while the command line is
built and parsed (and restores them afterwards, so nothing else in the process is affected), and
`ChineseParser` prints errors as "错误：…" after a Chinese usage line.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Iterable, Iterator
from typing import NoReturn

from desktop.errors import BudgetError

# Every message of Python 3.11's argparse a user can meet, in Chinese. Messages not listed (only
# raised for programming mistakes in a parser's definition) stay as they are.
_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少参数：%s",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "expected one argument": "后面应跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是 %(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "选项不接受值 %r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "unexpected option string: %s": "意外的选项 %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可用的命令：%(choices)s）"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _translate(message: str | None) -> str | None:
    return _MESSAGES.get(message, message) if message is not None else None


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "后面应跟 %s 个值"
    return singular if n == 1 else plural


@contextlib.contextmanager
def chinese_argparse() -> Iterator[None]:
    """argparse speaks Chinese inside the block (building parsers and parsing)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _translate, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help option and error output are Chinese."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - argparse's signature
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出"
        )

    def format_help(self) -> str:
        # Section headings end in argparse's ASCII colon ("选项:"); a Chinese heading takes "：".
        return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.MULTILINE)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n（查看帮助：{self.prog} -h）\n")


def parse_table_numbers(text: str | None, known: Iterable[int] | None = None) -> set[int]:
    """ "1,3,7" or "1-5,22" → {1, 3, 7}; an unknown number is an error when `known` is given."""
    if not text:
        return set()
    numbers: set[int] = set()
    try:
        for part in (p.strip() for p in text.replace("，", ",").split(",")):
            if not part:
                continue
            first, _, last = part.partition("-")
            low, high = int(first), int(last or first)
            if low > high:
                raise ValueError(part)
            numbers.update(range(low, high + 1))
    except ValueError as exc:
        raise BudgetError(
            f"表号“{text}”无效，应为用逗号分隔的数字或范围，例如 1,3,7 或 1-5。"
        ) from exc
    if known is not None:
        known = set(known)
        unknown = sorted(numbers - known)
        if unknown:
            raise BudgetError(
                f"没有表号为 {'、'.join(map(str, unknown))} 的标准表"
                f"（可用 {min(known)}–{max(known)}）。"
            )
    return numbers


def positive_width(text: str) -> int:
    """argparse type of --width: a line width of at least 40 columns."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"宽度“{text}”不是整数") from None
    if value < 40:
        raise argparse.ArgumentTypeError(f"宽度 {value} 太小（至少 40 列）")
    return value


def fiscal_year(text: str) -> int:
    """argparse type of a fiscal year such as 2027."""
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"“{text}”不是年度，应为四位数字，例如 2027")
    return int(text)
