#!/usr/bin/env bash
# Set up a private environment on first use, then run the application or the tests.
#   ./dev.sh demo   launch Budget Desk on the bundled demo department
#   ./dev.sh test   run the whole test suite
#   ./dev.sh setup  only install what is needed
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
# System libraries Qt needs on a bare Debian/UOS/Kylin machine, plus poppler for PDF page tests.
SYSTEM_PACKAGES=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 poppler-utils)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "安装系统依赖: ${missing[*]}" >&2
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

setup() {
  local stamp="$VENV/.installed"
  if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then return 0; fi
  install_system_packages
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q -e ".[test]" >&2
  touch "$stamp"
}

cmd="${1:-demo}"
shift || true
case "$cmd" in
  setup) setup ;;
  demo) setup; exec "$VENV/bin/python" -m desktop --demo "$@" ;;
  test) setup; exec "$VENV/bin/python" -m pytest "$@" ;;
  run) setup; exec "$VENV/bin/python" -m desktop "$@" ;;
  *) echo "用法: ./dev.sh demo | test | setup | run [参数]" >&2; exit 2 ;;
esac
