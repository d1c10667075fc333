"""Installed table sets: the bundled ones under resources/packs and the user's own.

User-installed sets live in the user's data folder (`<data>/packs/<id>/`), because the installed
program's folder is read-only; `install_pack` validates a set completely before copying anything.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from desktop.packs.pack import (
    CONTENT_FILES,
    PACK_FILE,
    Pack,
    PackError,
    load_pack,
    read_json,
    safe_id,
)
from desktop.resources import resource

DEFAULT_PACK = "hunan-2025"


def builtin_pack_dir() -> Path:
    return resource("packs")


def user_pack_dir() -> Path:
    """Where `pack-import` installs sets: the user's data folder."""
    from desktop.models.backup import data_dir

    return data_dir() / "packs"


def _folders() -> dict[str, tuple[Path, bool]]:
    """Set id → (folder, built in). Bundled sets win: an installed file cannot replace them."""
    found: dict[str, tuple[Path, bool]] = {}
    for base, builtin in ((builtin_pack_dir(), True), (user_pack_dir(), False)):
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            if folder.name.startswith("."):
                continue  # a set being installed or replaced
            if (folder / PACK_FILE).is_file() and folder.name not in found:
                found[folder.name] = (folder, builtin)
    return found


@lru_cache(maxsize=32)
def _load(folder: Path, builtin: bool, stamp: tuple) -> Pack:  # noqa: ARG001 - stamp keys the cache
    return load_pack(folder, resolve=get_pack, builtin=builtin)


def _stamp(folder: Path) -> tuple:
    return tuple(
        (name, (folder / name).stat().st_mtime_ns, (folder / name).stat().st_size)
        for name in CONTENT_FILES
        if (folder / name).is_file()
    )


def get_pack(pack_id: str) -> Pack:
    """The installed set `pack_id`; raises PackError naming the sets that are installed."""
    folders = _folders()
    if pack_id not in folders:
        known = "、".join(folders) or "无"
        raise PackError(f"表套“{pack_id}”未安装（已安装：{known}）。")
    folder, builtin = folders[pack_id]
    return _load(folder, builtin, _stamp(folder))


def available_packs(year: int | None = None, kind: str | None = None) -> list[Pack]:
    """Every installed set that loads (for `year` and of `kind` only, if given), built-in first."""
    out = []
    for pack_id in _folders():
        try:
            pack = get_pack(pack_id)
        except PackError:
            continue  # a broken user file must not hide the others; `packs` reports it
        if (year is None or year in pack.years) and (kind is None or pack.kind == kind):
            out.append(pack)
    return out


def default_pack_id(kind: str = "budget", year: int | None = None, region: str = "") -> str:
    """The set a file of `kind` prints with when it records none: for a budget file
    DEFAULT_PACK; for a 决算 file a final set of the year (of `region`, else of DEFAULT_PACK's
    region, else any), built-in sets first."""
    if kind != "final":
        return DEFAULT_PACK
    finals = available_packs(kind="final")
    if not finals:
        raise PackError("没有安装部门决算表套（kind 为 final 的表套），无法打印部门决算文件。")
    if not region:
        try:
            region = get_pack(DEFAULT_PACK).region
        except PackError:
            region = ""
    for wanted in (
        lambda p: year in p.years and p.region == region,
        lambda p: year in p.years,
        lambda p: p.region == region,
        lambda p: True,
    ):
        found = [p for p in finals if wanted(p)]
        if found:
            return found[0].id
    return finals[0].id  # pragma: no cover - the last test takes any


def broken_packs() -> list[tuple[str, str]]:
    """(id, message) of installed sets that no longer load (e.g. after a catalog change)."""
    out = []
    for pack_id in _folders():
        try:
            get_pack(pack_id)
        except PackError as exc:
            out.append((pack_id, str(exc)))
    return out


def install_pack(source: Path) -> Pack:
    """Validate the set in `source` (a folder, its pack.json or a .zip) and install it.

    Nothing is installed unless the whole set loads; re-importing a user set replaces it.
    """
    source = Path(source)
    if not source.exists():
        raise PackError(f"找不到表套文件：{source}")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            return _install(source, Path(tmp))
        except PackError as exc:
            # Messages must name the user's file, not the scratch copy being checked.
            text = str(exc).replace(str(Path(tmp) / "staged"), str(_origin(source)))
            named = re.escape(str(Path(tmp) / "named")) + r"[/\\][^/\\]+"
            text = re.sub(named, str(_origin(source)).replace("\\", "\\\\"), text)
            raise PackError(text) from exc


def _origin(source: Path) -> Path:
    return source if source.is_dir() or source.suffix.lower() == ".zip" else source.parent


def _install(source: Path, tmp: Path) -> Pack:
    """Stage, validate and copy the set; raises PackError before copying anything."""
    staged = _stage(source, tmp)
    data = read_json(staged / PACK_FILE)
    pack_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(pack_id, str) or not safe_id(pack_id):
        raise PackError(
            f"表套文件 {staged / PACK_FILE} 的 id 应为由小写字母、数字和“-”组成的标识，如 hunan-2025。"
        )
    folders = _folders()
    if pack_id in folders and folders[pack_id][1]:
        raise PackError(
            f"表套“{pack_id}”是程序自带的表套，不能覆盖；请给新表套另取一个标识（id）。"
        )
    named = tmp / "named" / pack_id
    named.parent.mkdir()
    staged.rename(named)
    load_pack(named, resolve=get_pack)  # raises with the problems; nothing copied yet
    target = user_pack_dir() / pack_id
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=f".{pack_id}-", dir=target.parent))
    for name in CONTENT_FILES:
        if (named / name).is_file():
            shutil.copy2(named / name, incoming / name)
    if target.exists():
        old = target.with_name(f".{pack_id}-old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(incoming, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(incoming, target)
    return get_pack(pack_id)


def _stage(source: Path, tmp: Path) -> Path:
    """Copy the set's content files into a scratch folder."""
    staged = tmp / "staged"
    staged.mkdir()
    if source.is_dir():
        folder = source
    elif source.suffix.lower() == ".zip":
        return _unzip(source, staged)
    else:
        folder = source.parent
        if source.name != PACK_FILE:
            shutil.copy2(source, staged / PACK_FILE)
    for name in CONTENT_FILES:
        if (folder / name).is_file() and not (staged / name).exists():
            shutil.copy2(folder / name, staged / name)
    if not (staged / PACK_FILE).is_file():
        raise PackError(f"{source} 中没有 {PACK_FILE}。")
    return staged


def _unzip(source: Path, staged: Path) -> Path:
    try:
        with zipfile.ZipFile(source) as zf:
            for info in zf.infolist():
                name = Path(info.filename).name
                if name in CONTENT_FILES and not info.is_dir():
                    (staged / name).write_bytes(zf.read(info))
    except zipfile.BadZipFile as exc:
        raise PackError(f"{source} 不是有效的 zip 文件。") from exc
    if not (staged / PACK_FILE).is_file():
        raise PackError(f"{source} 中没有 {PACK_FILE}。")
    return staged
