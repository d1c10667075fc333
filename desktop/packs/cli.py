"""`budget-desk packs` lists the installed table sets; `pack-import FILE` installs one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.packs.registry import available_packs, broken_packs, install_pack, user_pack_dir


def cmd_packs(args: argparse.Namespace) -> int:
    for pack in available_packs(args.year):
        print(pack.line())
    for pack_id, message in broken_packs():
        print(f"注意：已安装的表套“{pack_id}”无法使用：{message}", file=sys.stderr)
    return 0


def configure_packs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="只列出适用于该预算年度的表套")


def cmd_pack_import(args: argparse.Namespace) -> int:
    pack = install_pack(Path(args.source))
    print(
        f"已安装表套 {pack.id}（{pack.name}，{len(pack.tables)} 张表）到 {user_pack_dir() / pack.id}。"
    )
    return 0


def configure_pack_import(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "source", help="表套文件夹、其中的 pack.json 或 .zip 文件（格式见 docs/PACKS.md）"
    )
