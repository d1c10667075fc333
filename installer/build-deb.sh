#!/usr/bin/env bash
# Turn the PyInstaller folder dist/budget-desk/ into dist/budget-desk_<version>_amd64.deb:
# the program in /opt/budget-desk/, /usr/bin/budget-desk, a menu entry, icons, and the MIME type
# application/x-budget-desk for department files (*.budget).
#   installer/build.sh && installer/build-deb.sh
# The bundle carries its own Python (built for glibc 2.28) and Qt; the system libraries Qt loads
# (C/C++ runtime, GLib, X11/xcb, fontconfig/freetype, GL) come from the target system: they are
# the Depends, derived from the bundle below. installer/check-glibc.sh runs first.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/budget-desk
[ -x "$BUNDLE/budget-desk" ] || { echo "先运行 installer/build.sh 生成 $BUNDLE" >&2; exit 1; }
installer/check-glibc.sh "$BUNDLE"
VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
STAGE=build/deb/budget-desk
DEB=dist/budget-desk_${VERSION}_${ARCH}.deb

# The system libraries the bundle loads but does not carry (build.sh leaves the host's system
# libraries out: Debian 12's copies need glibc 2.34+), and the package that provides each, found
# with dpkg -S on the build host. Package names are those of Debian 10–12 and of UOS/Kylin,
# which follow Debian; where they differ, an alternative is given.
declare -A SPECIAL=(
  [libc6]="libc6 (>= 2.28)"
  [libgcc-s1]="libgcc-s1 | libgcc1"
  [libcrypt1]="libcrypt1 | libc6 (<< 2.29)"
  [libstdc++6]="libstdc++6 (>= 8)"
)
package_of() {  # library file name → Debian package on this host
  local path
  path=$(/sbin/ldconfig -p | awk -v lib="$1" '$1 == lib && /x86-64/ {print $NF; exit}')
  [ -n "$path" ] || return 1
  dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n1 | cut -d: -f1 ||
    dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1
}

echo "== 检查打包文件夹依赖的系统库"
bundled=$(find "$BUNDLE" -name '*.so*' -printf '%f\n' | sort -u)
declare -A depends=()
unknown=()
while IFS= read -r lib; do
  [ -z "$lib" ] && continue
  grep -qxF "$lib" <<<"$bundled" && continue
  pkg=$(package_of "$lib") || pkg=""
  if [ -z "$pkg" ]; then
    unknown+=("$lib")
    continue
  fi
  depends["${SPECIAL[$pkg]:-$pkg}"]=1
  printf '  %-32s %s\n' "$lib" "$pkg"
done < <(find "$BUNDLE" -type f \( -name '*.so*' -o -name 'budget-desk' \) -exec sh -c \
  'readelf -d "$1" 2>/dev/null | sed -n "s/.*(NEEDED).*\[\(.*\)\]/\1/p"' _ {} \; | sort -u)
if [ ${#unknown[@]} -gt 0 ]; then
  echo "打包文件夹需要构建机上没有的系统库：${unknown[*]}" >&2
  exit 1
fi
# fontconfig-config: /etc/fonts/fonts.conf for libfontconfig (the CJK font is bundled).
# libegl1/libgl1: Qt's xcb plugin loads the GL stack at run time (dlopen, not NEEDED).
DEPENDS=$(printf '%s\n' "${!depends[@]}" "fontconfig-config" "libegl1" "libgl1" | sort -u |
  paste -sd, | sed 's/,/, /g')
echo "Depends: $DEPENDS"

echo "== 组装 $STAGE"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/budget-desk" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$STAGE/opt/budget-desk"
ln -s /opt/budget-desk/budget-desk "$STAGE/usr/bin/budget-desk"
install -m 644 installer/linux/budget-desk.desktop "$STAGE/usr/share/applications/"
install -m 644 installer/linux/budget-desk-mime.xml "$STAGE/usr/share/mime/packages/budget-desk.xml"
install -m 644 resources/icons/budget-desk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/"
for size in 16 24 32 48 64 128 256; do
  dir="$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  install -m 644 "resources/icons/budget-desk-$size.png" "$dir/budget-desk.png"
done
{
  echo "Budget Desk 部门预算编制 $VERSION"
  echo
  echo "Bundled font: WenQuanYi Micro Hei (resources/fonts/wqy-microhei.ttc)"
  cat resources/fonts/wqy-microhei.LICENSE.txt
  echo
  echo "Bundled Qt (PySide6-Essentials 6.9.3) is used under the LGPL-3.0; Python under the PSF licence."
} > "$STAGE/usr/share/doc/budget-desk/copyright"
chmod -R u=rwX,go=rX "$STAGE/opt" "$STAGE/usr"
install -m 755 installer/linux/postinst installer/linux/postrm "$STAGE/DEBIAN/"

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: budget-desk
Version: $VERSION
Architecture: $ARCH
Maintainer: Budget Desk <budget-desk@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: misc
Priority: optional
Description: 部门预算编制 — prepare a department's annual budget offline
 Budget Desk lets the accountants of a government department prepare the
 annual department budget on an office PC without internet: income, basic
 and project expenditure, control figures; the published standard tables are
 derived live, checked, printed to PDF and exported as the finance bureau's
 Excel workbook. One SQLite file (*.budget) per department and year.
CONTROL

echo "== dpkg-deb"
mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '1,20p'
echo "软件包: $DEB  $(du -h "$DEB" | cut -f1)（$(stat -c %s "$DEB") 字节），安装后 $((INSTALLED_KB / 1024)) MiB"
