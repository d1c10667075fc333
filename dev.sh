#!/usr/bin/env bash
# Set up a private environment on first use, then run the application or the tests.
#   ./dev.sh demo   launch Budget Desk on the bundled demo department
#   ./dev.sh test   run the whole test suite
#   ./dev.sh setup  only install what is needed
#   ./dev.sh run …  the command line (python -m desktop …)
# PYTHON=/path/to/python3.11 picks the interpreter (default: the newest python3.1x ≥ 3.11 on PATH,
# else python3). The .venv remembers which interpreter made it and is rebuilt when that changes.
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
# System libraries Qt needs on a bare Debian/UOS/Kylin machine, poppler for PDF page tests,
# LibreOffice Calc for the workbook test, and an X server, D-Bus, fcitx5 with pinyin and xdotool
# for the Chinese input test (tests/ui/test_chinese_input.py). No test is skipped for want of one.
SYSTEM_PACKAGES=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 poppler-utils
  libreoffice-calc-nogui xvfb xauth dbus-x11 fcitx5 fcitx5-chinese-addons xdotool)
LOCK_WAIT_SECONDS=900

fail() {
  echo "错误：$*" >&2
  exit 1
}

pick_python() {
  if [ -n "${PYTHON:-}" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || fail "找不到 PYTHON 指定的解释器“$PYTHON”。"
    echo "$PYTHON"
    return
  fi
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo python3
}

check_python() {  # the interpreter must be 3.11 or newer, with venv
  local py=$1 version
  version=$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null) ||
    fail "无法运行 Python 解释器“$py”。请安装 Python 3.11，或用 PYTHON=/路径/python3.11 ./dev.sh … 指定。"
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    fail "需要 Python 3.11 或更新的版本，“$py”是 Python $version。请安装 python3.11（统信 UOS、麒麟可用应用商店或 pyenv），再用 PYTHON=/路径/python3.11 ./dev.sh $CMD 运行。"
  fi
  "$py" -c 'import ensurepip, venv' 2>/dev/null ||
    fail "Python $version（$py）缺少 venv 模块。Debian/UOS/麒麟上请安装 python${version%.*}-venv 软件包。"
}

# Run apt-get, waiting while another program (unattended upgrades, the software centre) holds
# the dpkg lock instead of failing with apt's English message.
apt_wait() {
  local sudo=$1 log waited=0
  shift
  log=$(mktemp)
  while true; do
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=60 "$@" >"$log" 2>&1; then
      rm -f "$log"
      return 0
    fi
    if grep -qiE 'could not get lock|unable to acquire|无法获得锁|无法获取|lock-frontend|dpkg/lock' "$log" &&
      [ "$waited" -lt "$LOCK_WAIT_SECONDS" ]; then
      echo "系统正在安装或更新软件（软件包数据库被占用），等待后重试……（已等待 ${waited} 秒，最多 ${LOCK_WAIT_SECONDS} 秒）" >&2
      sleep 20
      waited=$((waited + 80))  # 60 s inside apt-get + 20 s here
      continue
    fi
    cat "$log" >&2
    rm -f "$log"
    return 1
  done
}

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=() p
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "安装系统依赖: ${missing[*]}" >&2
  apt_wait "$sudo" update -qq || echo "注意：更新软件源失败（没有网络？），用已有的软件源信息继续。" >&2
  apt_wait "$sudo" install -y -qq "${missing[@]}" ||
    fail "安装系统依赖失败（见上面 apt-get 的输出）。请检查网络或软件源后重新运行 ./dev.sh setup。"
}

setup() {
  local py identity stamp="$VENV/.installed"
  py=$(pick_python)
  check_python "$py"
  identity=$("$py" -c 'import sys; print(sys.executable, "%d.%d.%d" % sys.version_info[:3])')
  if [ -d "$VENV" ] && { [ "$(cat "$VENV/.interpreter" 2>/dev/null)" != "$identity" ] ||
    ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; }; then
    echo "重建 $VENV：它不是由 $identity 创建的（或已损坏）。" >&2
    rm -rf "$VENV"
  fi
  if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then return 0; fi
  install_system_packages
  if [ ! -x "$VENV/bin/python" ]; then
    "$py" -m venv "$VENV" || fail "无法用 $py 创建 $VENV。"
    echo "$identity" >"$VENV/.interpreter"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2 ||
    fail "升级 pip 失败（见上面的输出；没有网络时需要能访问 PyPI 或内部镜像）。"
  "$VENV/bin/python" -m pip install -q -e ".[test]" >&2 ||
    fail "安装 Python 依赖失败（见上面 pip 的输出）。修正后重新运行 ./dev.sh setup。"
  touch "$stamp"
}

CMD="${1:-demo}"
shift || true
case "$CMD" in
  setup) setup ;;
  demo) setup; exec "$VENV/bin/python" -m desktop --demo "$@" ;;
  test) setup; exec "$VENV/bin/python" -m pytest "$@" ;;
  run) setup; exec "$VENV/bin/python" -m desktop "$@" ;;
  *) echo "用法: ./dev.sh demo | test | setup | run [参数]" >&2; exit 2 ;;
esac
