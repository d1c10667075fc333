#!/usr/bin/env bash
# Prove the .deb on a clean Debian root with no network — by default Debian 11 bullseye (glibc
# 2.31), the oldest Debian release deb.debian.org still serves (buster, glibc 2.28, has moved to
# archive.debian.org, which the build machine cannot reach); SUITE=bookworm for Debian 12:
#   1. a minimal root made by debootstrap (cached as build/test-install/<suite>-minbase.tar);
#   2. the package's Depends downloaded once *with* network into build/test-install/deps-*/
#      (on an offline office PC they come from the OS install media or are already installed);
#   3. in a fresh copy of the root, inside a new network namespace with no interface but lo:
#      dpkg -i the Depends and the package, run the installed program offscreen on the demo,
#      export a PDF, time the start-up, then dpkg -r / dpkg -P and check nothing is left.
# Needs root, debootstrap, unshare (util-linux); poppler-utils outside for the PDF text check; the
# project's own Python environment for the comparison with the source tree (./dev.sh setup makes
# .venv/; sudo resets PATH, so it is named by path — PYTHON=... overrides it).
#   sudo installer/test-install.sh [dist/budget-desk_X_amd64.deb]
# The log goes to installer/logs/install-test-<date>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
DEB=${1:-$(ls -t dist/budget-desk_*_amd64.deb 2>/dev/null | head -n1)}
[ -f "$DEB" ] || { echo "没有 .deb：先运行 installer/build.sh 和 installer/build-deb.sh" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "需要 root（debootstrap、chroot、unshare）" >&2; exit 1; }
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=${SUITE:-bullseye}
PY=${PYTHON:-$REPO/.venv/bin/python}
"$PY" -c 'import desktop, openpyxl' 2>/dev/null || {
  echo "需要项目的 Python 环境（$PY 不能导入 desktop 和 openpyxl）：先运行 ./dev.sh setup，或用 PYTHON=/路径/python 指定" >&2
  exit 1
}
CACHE=build/test-install
BASE_TAR=$CACHE/$SUITE-minbase.tar
ROOT=$CACHE/root
mkdir -p "$CACHE" installer/logs
LOG=installer/logs/install-test-$(date +%F).log
exec > >(tee "$LOG") 2>&1

step() { printf '\n==== %s\n' "$*"; }
in_root() { chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "${@:2}"; }

step "安装测试 $(date -Iseconds)：$(basename "$DEB")"
echo "主机：$(uname -srm)；$(. /etc/os-release; echo "$PRETTY_NAME")"
echo "软件包：$(stat -c %s "$DEB") 字节；sha256 $(sha256sum "$DEB" | cut -c1-16)…"
dpkg-deb --field "$DEB" Package Version Installed-Size Depends

# -- 1. the clean root ------------------------------------------------------------------------
if [ ! -f "$BASE_TAR" ]; then
  step "debootstrap --variant=minbase $SUITE（只做一次，缓存为 $BASE_TAR）"
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  rm -rf "$CACHE/base"
  debootstrap --variant=minbase "$SUITE" "$CACHE/base" "$MIRROR" >"$CACHE/debootstrap.log"
  chroot "$CACHE/base" apt-get clean  # debootstrap leaves its .debs in /var/cache/apt/archives
  tar -C "$CACHE/base" -cf "$BASE_TAR" .
  rm -rf "$CACHE/base"
fi
fresh_root() {
  rm -rf "$1"
  mkdir -p "$1"
  tar -C "$1" -xf "$BASE_TAR"
}

# -- 2. the Depends, downloaded beforehand (the only step with network) --------------------------
DEPENDS=$(dpkg-deb --field "$DEB" Depends)
NAMES=$(echo "$DEPENDS" | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | grep -v '^$' | sort -u | xargs)
DEPS=$CACHE/deps-$SUITE-$(echo "$NAMES" | sha256sum | cut -c1-12)
if [ ! -d "$DEPS" ]; then
  step "有网络时预先下载依赖：$NAMES"
  DL=$CACHE/dl-root
  fresh_root "$DL"
  cp /etc/resolv.conf "$DL/etc/resolv.conf"
  in_root "$DL" apt-get clean
  in_root "$DL" apt-get update -qq
  in_root "$DL" apt-get install -y -qq --no-install-recommends --download-only $NAMES >/dev/null
  mkdir -p "$DEPS.tmp"
  cp "$DL"/var/cache/apt/archives/*.deb "$DEPS.tmp/" 2>/dev/null || true
  mv "$DEPS.tmp" "$DEPS"
  rm -rf "$DL"
fi
echo "依赖软件包 $(ls "$DEPS" | wc -l) 个，共 $(du -sh "$DEPS" | cut -f1)：$(ls "$DEPS" | sed 's/_.*//' | xargs)"

# -- 3. the offline test ----------------------------------------------------------------------------
step "新的干净根目录 $ROOT（从缓存解包）"
fresh_root "$ROOT"
mkdir -p "$ROOT/tmp/offline/deps"
cp "$DEB" "$ROOT/tmp/offline/"
cp "$DEPS"/*.deb "$ROOT/tmp/offline/deps/" 2>/dev/null || true
cp installer/test-install-inside.sh "$ROOT/tmp/offline/inside.sh"
mount -t proc proc "$ROOT/proc"
trap 'umount "$REPO/$ROOT/proc" 2>/dev/null || true' EXIT

step "unshare --net：以下步骤在没有网络的命名空间中运行"
unshare --net -- chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 /bin/bash /tmp/offline/inside.sh

# -- 4. checks from outside ----------------------------------------------------------------------
step "在根目录外检查已安装程序导出的 PDF 与标准表"
OUT=$CACHE/out
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$ROOT/tmp/d.pdf" "$ROOT/tmp/d.xlsx" "$ROOT/tmp/tables.json" "$OUT/"
if command -v pdfinfo >/dev/null; then
  pdfinfo "$OUT/d.pdf" | grep -E '^(Pages|Page size|Producer)'
  pdffonts "$OUT/d.pdf" | sed -n '3,4p'
  pdftotext -layout "$OUT/d.pdf" "$OUT/d.txt"
  for word in 收支总表 草稿 株洲市荷塘区科技和工业信息化局; do
    grep -q "$word" "$OUT/d.txt" || { echo "PDF 文本中没有“$word”" >&2; exit 1; }
    echo "PDF 文本含“$word”：是"
  done
  grep -m1 -E "收 *入 *总 *计" "$OUT/d.txt" | sed 's/  */ /g' || true
fi
"$PY" - "$OUT/d.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(f"工作簿 {len(wb.sheetnames)} 个工作表：{'、'.join(wb.sheetnames[:4])} …")
PY
# The installed copy must compute exactly what the source tree computes.
(cd "$REPO" && "$PY" -m desktop demo "$OUT/source.budget" >/dev/null)
(cd "$REPO" && "$PY" -m desktop tables "$OUT/source.budget" --json >"$OUT/source.json")
if cmp -s "$OUT/tables.json" "$OUT/source.json"; then
  count=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["tables"]))' "$OUT/source.json")
  echo "已安装程序与源码计算的全部 $count 张标准表 JSON 完全相同（$(stat -c %s "$OUT/source.json") 字节）"
else
  echo "已安装程序与源码计算的标准表不同！" >&2
  diff <(head -c 2000 "$OUT/tables.json") <(head -c 2000 "$OUT/source.json") || true
  exit 1
fi
umount "$ROOT/proc"
trap - EXIT
step "通过：安装、运行、导出、卸载均成功（日志 $LOG）"
