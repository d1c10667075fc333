"""Choose the Qt input-method plugin before the window opens, so Chinese can be typed.

UOS and Kylin desktops run fcitx (fcitx5 on current releases) and set QT_IM_MODULE=fcitx for
their Qt applications. The Qt that ships with Budget Desk (PySide6 6.9) has no fcitx plugin — an
fcitx plugin must be built against exactly this Qt's private API — but it has the IBus plugin,
and fcitx5 answers IBus clients through its IBus front end (enabled by default). So when the
session asks for fcitx and no fcitx plugin is present, Budget Desk uses the IBus plugin, talking to
fcitx5 over the session bus through the IBus portal interface (IBUS_USE_PORTAL=1): the front end
serves it, while Qt's other route, the address file ~/.config/ibus/bus/…, left keys unconverted in
the test (tests/ui/test_chinese_input.py types pinyin through a real fcitx5 daemon).
fcitx 4 has no IBus front end: such systems need fcitx5 or IBus installed (installer/README.md).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path


def input_context_plugins() -> set[str]:
    """Names of the platform input-context plugins of the Qt in use, e.g. {"ibus", "compose"}."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforminputcontexts"
    names = set()
    for plugin in folder.glob("*"):
        stem = plugin.name.split(".")[0].removeprefix("lib")
        for key in ("fcitx5", "fcitx", "ibus", "compose"):
            if key in stem:
                names.add(key)
    return names


def choose_input_method(
    environ: MutableMapping[str, str] | None = None, plugins: set[str] | None = None
) -> str | None:
    """Set QT_IM_MODULE=ibus (through the portal) where the session wants fcitx and only the
    IBus plugin is available.

    Returns the module now set (None when nothing was changed).
    """
    env = os.environ if environ is None else environ
    wanted = env.get("QT_IM_MODULE", "")
    if not wanted:
        modifiers = env.get("XMODIFIERS", "")  # "@im=fcitx" where only XIM is configured
        wanted = "fcitx" if "fcitx" in modifiers else ""
    if not wanted.startswith("fcitx"):
        return None
    available = input_context_plugins() if plugins is None else plugins
    if "fcitx" in available or "fcitx5" in available or "ibus" not in available:
        return None
    env["QT_IM_MODULE"] = "ibus"
    env["IBUS_USE_PORTAL"] = "1"
    return "ibus"
