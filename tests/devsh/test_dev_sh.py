"""dev.sh on a newcomer's machine: too old a Python, a stale .venv, a busy dpkg lock.

dev.sh runs from a copy in a temporary folder with stand-ins for python, apt-get, dpkg-query and
sleep on PATH (shell scripts that answer as the real programs would), so nothing is installed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = r"""#!/bin/sh
# Answers dev.sh's questions as Python $FAKE_VERSION would; pip install of the project fails.
v=${FAKE_VERSION:-3.11.9}
case "$*" in
  *"print(sys.executable"*) echo "$0 $v" ;;
  *'print("%d.%d.%d"'*) echo "$v" ;;
  *"sys.version_info < (3, 11)"*) case "$v" in 3.1[1-9]*) exit 0 ;; *) exit 1 ;; esac ;;
  *"import ensurepip, venv"*) exit 0 ;;
  "-m venv "*) mkdir -p "$3/bin" && cp "$0" "$3/bin/python" ;;
  *"import sys"*) exit 0 ;;
  "-m pip install -q --upgrade pip") exit 0 ;;
  "-m pip"*) echo "ERROR: Could not find a version that satisfies the requirement" >&2; exit 1 ;;
esac
"""
FAKE_APT = r"""#!/bin/sh
# Holds the dpkg lock for the first two install attempts, like unattended-upgrades would.
echo "$*" >> "$FAKE_LOG"
case "$*" in *update*) exit 0 ;; esac
n=$(grep -c install "$FAKE_LOG")
if [ "$n" -le 2 ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)" >&2
  exit 100
fi
exit 0
"""


def _setup(tmp_path: Path, packages: str = "()") -> tuple[Path, dict[str, str]]:
    work = tmp_path / "checkout"
    work.mkdir()
    script = (ROOT / "dev.sh").read_text(encoding="utf-8")
    start = script.index("SYSTEM_PACKAGES=(")
    end = script.index(")", start) + 1
    (work / "dev.sh").write_text(script[:start] + f"SYSTEM_PACKAGES={packages}" + script[end:])
    (work / "dev.sh").chmod(0o755)
    (work / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fakes = {
        "python-fake": FAKE_PYTHON,
        "apt-get": FAKE_APT,
        "dpkg-query": "#!/bin/sh\nexit 1\n",  # every package is missing
        "sleep": "#!/bin/sh\nexit 0\n",
        "sudo": '#!/bin/sh\nexec "$@"\n',
    }
    for name, text in fakes.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHON": str(bin_dir / "python-fake"),
        "FAKE_LOG": str(tmp_path / "apt.log"),
    }
    return work, env


def _run(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(work / "dev.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_old_python_gets_a_chinese_message_and_no_venv(tmp_path):
    work, env = _setup(tmp_path)
    done = _run(work, env | {"FAKE_VERSION": "3.7.3"}, "test")
    assert done.returncode == 1
    assert done.stderr.startswith("错误：需要 Python 3.11 或更新的版本，")
    assert "是 Python 3.7.3。请安装 python3.11" in done.stderr
    assert "PYTHON=/路径/python3.11 ./dev.sh test" in done.stderr
    assert not (work / ".venv").exists()


def test_a_missing_interpreter_is_named(tmp_path):
    work, env = _setup(tmp_path)
    done = _run(work, env | {"PYTHON": "python3.99"}, "setup")
    assert (done.returncode, done.stderr) == (1, "错误：找不到 PYTHON 指定的解释器“python3.99”。\n")


def test_a_venv_from_another_interpreter_is_rebuilt_and_a_failed_install_is_not_reused(tmp_path):
    work, env = _setup(tmp_path)
    venv = work / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\nexit 0\n")
    (venv / "bin" / "python").chmod(0o755)
    (venv / ".interpreter").write_text("/usr/bin/python3 3.7.3\n")
    (venv / ".installed").touch()
    done = _run(work, env, "setup")
    assert done.returncode == 1
    identity = f"{env['PYTHON']} 3.11.9"
    assert f"重建 .venv：它不是由 {identity} 创建的（或已损坏）。" in done.stderr
    assert "错误：安装 Python 依赖失败（见上面 pip 的输出）。" in done.stderr
    assert (venv / ".interpreter").read_text().strip() == identity
    assert not (venv / ".installed").exists()  # the next run installs again


def test_a_busy_dpkg_lock_is_waited_for(tmp_path):
    work, env = _setup(tmp_path, packages="(libegl1 poppler-utils)")
    done = _run(work, env, "setup")
    waits = done.stderr.count("系统正在安装或更新软件（软件包数据库被占用），等待后重试")
    assert waits == 2, done.stderr
    assert "Could not get lock" not in done.stderr  # apt's English stays in its log
    log = (tmp_path / "apt.log").read_text().splitlines()
    assert log[0] == "-o DPkg::Lock::Timeout=60 update -qq"
    assert log[1:] == ["-o DPkg::Lock::Timeout=60 install -y -qq libegl1 poppler-utils"] * 3
    # Then setup goes on (the stand-in pip fails the project install, in Chinese).
    assert "错误：安装 Python 依赖失败" in done.stderr
