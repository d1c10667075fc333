#!/usr/bin/env bash
# Build the one-folder bundle dist/budget-desk/ with PyInstaller, for glibc 2.28 and newer.
#   installer/build.sh            → dist/budget-desk/budget-desk, checked by check-glibc.sh
#
# 1. The interpreter: build/python-2.28/prefix (installer/build-python.sh, run here if missing):
#    CPython 3.11 and its libraries compiled against glibc 2.28's symbols.
# 2. The wheels: downloaded once by the host's pip for the manylinux_2_28 platform (so no wheel
#    built for a newer glibc slips in), into build/wheels-2.28/, then installed offline into
#    build/venv-2.28/ — PySide6-Essentials 6.9.3 is a manylinux_2_28 wheel as published.
# 3. PyInstaller; the spec leaves the build host's system libraries (libstdc++, libglib, libX11,
#    xcb, fontconfig …) out of the bundle: they come from the target system through the .deb's
#    Depends (build-deb.sh works them out), since the host's copies need glibc 2.34–2.36.
# 4. installer/check-glibc.sh dist/budget-desk must pass.
# PYTHON=... overrides the interpreter (it must have a shared libpython3.11.so).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PREFIX=$ROOT/build/python-2.28/prefix
PYTHON=${PYTHON:-$PREFIX/bin/python3.11}
VENV=build/venv-2.28
WHEELS=build/wheels-2.28
PYINSTALLER_VERSION=6.16.0
T0=$(date +%s)

if [ ! -x "$PYTHON" ]; then
  echo "== 先构建 glibc 2.28 的 Python（installer/build-python.sh）" >&2
  installer/build-python.sh
fi
# The built Python finds its libpython3.11.so through LD_LIBRARY_PATH — set only for it (the
# host's python3, used for pip download, must keep its own).
zpy() { LD_LIBRARY_PATH=$PREFIX/lib "$@"; }

# The project's dependencies as pyproject.toml pins them, plus PyInstaller.
REQUIREMENTS=build/requirements-bundle.txt
mkdir -p build
python3 - >"$REQUIREMENTS.new" <<PY
import tomllib
for dep in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]:
    print(dep)
print("pyinstaller==$PYINSTALLER_VERSION")
PY
# Replaced only when it changes, so an unchanged build reuses build/venv-2.28.
cmp -s "$REQUIREMENTS.new" "$REQUIREMENTS" && rm "$REQUIREMENTS.new" || mv "$REQUIREMENTS.new" "$REQUIREMENTS"
stamp="$VENV/.installed"
if [ ! -f "$stamp" ] || [ "$REQUIREMENTS" -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "== 下载 manylinux_2_28 的 wheel 到 $WHEELS" >&2
  # pip 23 does not widen --platform to older manylinux tags by itself: list them all.
  platforms=()
  for tag in manylinux_2_28 manylinux_2_27 manylinux_2_26 manylinux_2_24 manylinux_2_17 \
    manylinux2014 manylinux2010 manylinux_2_12 manylinux_2_5 manylinux1; do
    platforms+=(--platform "${tag}_x86_64")
  done
  python3 -m pip download -q --only-binary=:all: "${platforms[@]}" \
    --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none \
    -d "$WHEELS" -r "$REQUIREMENTS"
  rm -rf "$VENV"
  zpy "$PYTHON" -m venv "$VENV"
  zpy "$VENV/bin/python" -m pip install -q --no-index --find-links "$WHEELS" -r "$REQUIREMENTS"
  touch "$stamp"
fi
zpy "$VENV/bin/python" -c 'import sys, ssl, sqlite3; print("构建环境：Python", sys.version.split()[0], "sqlite", sqlite3.sqlite_version)'

# The manual and its screenshots are bundled; make sure they exist.
[ -f docs/MANUAL.md ] || { echo "缺少 docs/MANUAL.md" >&2; exit 1; }

rm -rf dist/budget-desk build/pyinstaller
zpy "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/budget-desk.spec

QT_QPA_PLATFORM=offscreen "$ROOT/dist/budget-desk/budget-desk" --version
installer/check-glibc.sh dist/budget-desk
echo "打包文件夹 $(du -sh dist/budget-desk | cut -f1)，$(find dist/budget-desk -type f | wc -l) 个文件；用时 $(( $(date +%s) - T0 )) 秒"
