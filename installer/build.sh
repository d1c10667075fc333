#!/usr/bin/env bash
# Build the one-folder bundle dist/budget-desk/ with PyInstaller in a private venv under build/.
#   installer/build.sh            → dist/budget-desk/budget-desk
# Needs Python 3.11 with a shared libpython (Debian's python3.11 or a pyenv build with
# --enable-shared) and, for the first run, access to PyPI. PYTHON=... picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
VENV=build/venv
PYINSTALLER_VERSION=6.16.0

if [ ! -x "$VENV/bin/python" ]; then
  echo "创建构建环境 $VENV" >&2
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.installed-$PYINSTALLER_VERSION"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # The project's pinned dependencies (PySide6-Essentials 6.9.3 …) and PyInstaller; the project
  # itself is analysed from the source tree (pathex in the spec), so no wheel of it is needed.
  "$VENV/bin/python" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION" .
  "$VENV/bin/python" -m pip uninstall -q -y budget-desk
  touch "$stamp"
fi

# The manual and its screenshots are bundled; make sure they exist.
[ -f docs/MANUAL.md ] || { echo "缺少 docs/MANUAL.md" >&2; exit 1; }

rm -rf dist/budget-desk build/pyinstaller
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/budget-desk.spec

"$ROOT/dist/budget-desk/budget-desk" --version
du -sh dist/budget-desk
