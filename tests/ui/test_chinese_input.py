"""Chinese input as on UOS/Kylin: pinyin typed through a real fcitx5 daemon lands in a grid cell.

The session asks for fcitx (QT_IM_MODULE=fcitx, as UOS and Kylin set it); the bundled Qt has
only the IBus plugin, so the program switches to it (desktop/input_method.py) and fcitx5's IBus
front end serves it. Xvfb is the X server, a private D-Bus session bus connects the two, and
xdotool presses the keys n i h a o Space Return, as a user would. Needs the system packages xvfb,
dbus-x11, fcitx5, fcitx5-chinese-addons, xdotool (./dev.sh installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.input_method import choose_input_method
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "dbus-daemon", "fcitx5", "xdotool")
PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""


def test_the_launcher_picks_the_ibus_plugin_for_fcitx_sessions():
    env = {"QT_IM_MODULE": "fcitx"}
    assert choose_input_method(env, {"ibus", "compose"}) == "ibus"
    assert env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
    env = {"XMODIFIERS": "@im=fcitx"}  # only XIM configured: the same
    assert choose_input_method(env, {"ibus"}) == "ibus" and env["QT_IM_MODULE"] == "ibus"
    env = {"QT_IM_MODULE": "fcitx"}  # a Qt with its own fcitx plugin keeps it
    assert choose_input_method(env, {"fcitx5", "ibus"}) is None and env == {"QT_IM_MODULE": "fcitx"}
    env = {"QT_IM_MODULE": "ibus"}  # an IBus desktop is left alone
    assert choose_input_method(env, {"ibus"}) is None and env == {"QT_IM_MODULE": "ibus"}


def _wait_for(predicate, what: str, seconds: float = 20) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_pinyin_typed_through_fcitx5_is_committed_into_a_project_name(tmp_path):
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert missing == [], f"install the system packages of dev.sh (missing {missing})"
    budget = tmp_path / "荷塘.budget"
    assert main(["demo", str(budget)]) == 0
    home = tmp_path / "home"
    config = home / ".config"
    (config / "fcitx5").mkdir(parents=True)
    (config / "fcitx5" / "profile").write_text(PROFILE)
    # Active by default: the test need not press the trigger key (Ctrl+Space) first.
    (config / "fcitx5" / "config").write_text("[Behavior]\nActiveByDefault=True\n")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(config),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    processes: list[subprocess.Popen] = []

    def start(*argv: str, **kwargs) -> subprocess.Popen:  # noqa: ANN003
        process = subprocess.Popen(argv, **({"env": env} | kwargs))
        processes.append(process)
        return process

    try:
        read_fd, write_fd = os.pipe()
        start("Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
              "-nolisten", "tcp", pass_fds=(write_fd,), stderr=subprocess.DEVNULL)  # fmt: skip
        os.close(write_fd)
        with os.fdopen(read_fd) as displayfd:
            env["DISPLAY"] = f":{displayfd.readline().strip()}"
        bus = start("dbus-daemon", "--session", "--nofork", "--print-address=1",
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        fcitx_log = (tmp_path / "fcitx5.log").open("w")
        start("fcitx5", "--disable=classicui,kimpanel,notificationitem,wayland,waylandim",
              stdout=fcitx_log, stderr=subprocess.STDOUT)  # fmt: skip
        bus_files = config / "ibus" / "bus"
        _wait_for(lambda: any(bus_files.glob("*")), "fcitx5's IBus front end")
        driver = start(
            sys.executable, str(ROOT / "tests" / "ui" / "ime_driver.py"), str(budget),
            env=env | {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "xcb", "QT_IM_MODULE": "fcitx"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert driver.stdout.readline().strip() == "INPUT ibus ibus"
        ready = driver.stdout.readline().strip()
        assert ready == "READY 生态污染防治专项经费", driver.stderr.read()
        time.sleep(1)  # let the editor's input context reach fcitx5
        subprocess.run(["xdotool", "key", "--delay", "80", "n", "i", "h", "a", "o", "space"],
                       env=env, check=True)  # fmt: skip
        time.sleep(0.5)
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        out, err = driver.communicate(timeout=60)
        assert out.strip() == "COMMITTED 你好", (out, err[-3000:])
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    # The name was written to the department file, like any edit.
    with DepartmentFile.open(budget, readonly=True) as dfile:
        names = [p.name for p in Ledger(dfile).projects.values()]
    assert "你好" in names
