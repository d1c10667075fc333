"""Every line of the README's 命令行 section, run in order as a newcomer would, exits 0."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[list[str]]:
    """The `./dev.sh run …` lines of the first sh block under "## 命令行", as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## 命令行\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def test_dev_sh_run_is_python_m_desktop():
    """The test runs `./dev.sh run ARGS` as `python -m desktop ARGS`, which is what dev.sh does."""
    assert 'run) setup; exec "$VENV/bin/python" -m desktop "$@" ;;' in (ROOT / "dev.sh").read_text()


def test_the_readme_command_lines_run_in_order(tmp_path):
    commands = readme_commands()
    assert [c[:2] for c in commands][:3] == [
        ["./dev.sh", "run"],
        ["./dev.sh", "run"],
        ["./dev.sh", "run"],
    ]
    assert {c[2] for c in commands} >= {
        "demo", "tables", "check", "explain", "export", "import", "catalog-import",
    }  # fmt: skip
    for folder in ("resources", "docs"):  # the README runs in the checkout
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path / "home"),
        "BUDGET_DESK_DATA": str(tmp_path / "data"),  # catalog-import writes the user's folder
        "QT_QPA_PLATFORM": "offscreen",
        "BUDGET_DESK_QUIT_AFTER_LOAD": "1",  # the window line opens, draws once and quits
    }
    for command in commands:
        assert command[:2] == ["./dev.sh", "run"], command
        done = subprocess.run(
            [sys.executable, "-m", "desktop", *command[2:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    assert (tmp_path / "荷塘.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "新.budget").is_file()
    assert (tmp_path / "data" / "catalogs" / "2027" / "function.csv").is_file()
