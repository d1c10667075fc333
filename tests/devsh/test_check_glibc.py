"""installer/check-glibc.sh: the highest symbol versions of each ELF file against the limits.

A stand-in objdump prints the dynamic symbol table the real one would for each file, so the test
does not depend on the libraries of the machine it runs on.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OBJDUMP = r"""#!/bin/sh
# objdump -T FILE: the symbol table recorded in FILE after its first line.
tail -n +2 "$2"
"""
OLD = """\x7fELF
0000000000000000      DF *UND*	0000000000000000  GLIBC_2.2.5 malloc
0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.28) fcntl64
0000000000000000      DF *UND*	0000000000000000 (GLIBCXX_3.4.21) _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE
"""
NEW = """\x7fELF
0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.34) pthread_create
0000000000000000      DF *UND*	0000000000000000 (GLIBCXX_3.4.30) _ZSt21ios_base_library_initv
0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.3) __ctype_b_loc
"""


def _check(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    for name, text in files.items():
        (bundle / name).write_text(text, encoding="latin-1")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "objdump").write_text(OBJDUMP)
    (fake / "objdump").chmod(0o755)
    return subprocess.run(
        ["bash", str(ROOT / "installer" / "check-glibc.sh"), str(bundle)],
        env={"PATH": f"{fake}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bundle_within_glibc_2_28_passes(tmp_path):
    done = _check(tmp_path, {"_internal/libold.so": OLD, "README.txt": "not an ELF file\n"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "检查了 1 个 ELF 文件：最高需要 GLIBC_2.28、GLIBCXX_3.4.21、CXXABI_0"
        "（上限 GLIBC_2.28、GLIBCXX_3.4.25、CXXABI_1.3.11）",
        "通过：可在 glibc 2.28 的系统上运行",
    ]


def test_a_file_needing_a_newer_glibc_or_libstdcxx_fails_and_is_named(tmp_path):
    done = _check(tmp_path, {"_internal/libold.so": OLD, "_internal/libnew.so": NEW})
    assert done.returncode == 1
    assert "太新：_internal/libnew.so  需要 GLIBCXX_3.4.30 GLIBC_2.34" in done.stdout
    assert "libold.so" not in done.stdout
    assert "最高需要 GLIBC_2.34、GLIBCXX_3.4.30" in done.stdout
    assert done.stderr == "不通过：1 个文件需要更新的 C 库或 C++ 运行库\n"
