"""Start-up benchmark: the whole process, interpreter start included, until the window is usable.

    python -m benchmarks.bench_start [--lines 20000] [--runs 5] [--imports 15]

Each run starts `python -m desktop FILE --quit-after-load` (the demo with `--demo`) offscreen with
a private settings folder and stops the clock when the program reports its window usable (on
stderr: the window has been drawn and the event loop has answered an event posted right after
that first paint, see `desktop/ui/app.py`); the process then closes the window and exits, which is
not counted. The first run is a warm-up that also fills the bytecode cache (`with_bytecode`). `import_times` lists the slowest top-level imports of one start (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "窗口可用"  # what `--quit-after-load` prints once the window is usable
# Compiled modules are kept here between runs, as an installed copy has them (PyInstaller bundles
# bytecode, pip compiles on install): a start measured with PYTHONDONTWRITEBYTECODE set in the
# shell would otherwise compile every module of the program from source, every time.
PYCACHE = ROOT / "benchmarks" / "data" / "pycache"


def with_bytecode(env: dict[str, str]) -> dict[str, str]:
    """`env` with Python's bytecode cache written and read (in PYCACHE)."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),  # no last file, no settings of the user's own
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    return with_bytecode(env)


def _arguments(path: Path | None) -> list[str]:
    return [str(path)] if path is not None else ["--demo"]


def start_once(path: Path | None = None) -> float:
    """Seconds from starting the process to its window drawn, on `path` (the demo when None)."""
    with tempfile.TemporaryDirectory(prefix="bench-start-") as home:
        command = [sys.executable, "-m", "desktop", *_arguments(path), "--quit-after-load"]
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_environment(Path(home)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready = None
        lines = []
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if ready is None and READY in line:
                ready = time.perf_counter() - start
        code = proc.wait()
        if ready is None or code != 0:
            raise RuntimeError(f"start-up failed (exit {code}): {''.join(lines)[-2000:]}")
        return ready


def start_seconds(path: Path | None = None, runs: int = 5) -> float:
    """Median whole-process start to usable window in seconds (the demo when `path` is None).

    The first start is a warm-up (it fills the operating system's file cache) and not counted.
    """
    start_once(path)
    return statistics.median(start_once(path) for _ in range(runs))


def import_times(path: Path | None = None, top: int = 15) -> list[tuple[str, float]]:
    """(module, cumulative ms) of the slowest top-level imports of one start."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as home:
        command = [sys.executable, "-X", "importtime", "-m", "desktop", *_arguments(path)]
        proc = subprocess.run(
            [*command, "--quit-after-load"],
            cwd=ROOT,
            env=_environment(Path(home)),
            capture_output=True,
            text=True,
            check=True,
        )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if name.startswith("  ") or not cumulative.strip().isdigit():
            continue  # nested imports are inside their parent's figure
        rows.append((name.strip(), int(cumulative) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000, help="0: the demo only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--imports", type=int, default=15)
    args = parser.parse_args(argv)
    print(
        f"演示部门：启动到窗口可用 {start_seconds(None, args.runs):.2f} s（中位数，含解释器启动）"
    )
    for name, ms in import_times(None, args.imports):
        print(f"  import {name:<40} {ms:8.1f} ms")
    if args.lines:
        from benchmarks.generate import generate

        with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
            path = generate(Path(tmp) / "large.budget", lines=args.lines)
            seconds = start_seconds(path, args.runs)
        print(f"{args.lines} 条明细：启动到窗口可用 {seconds:.2f} s（中位数，含解释器启动）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
