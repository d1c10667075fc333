#!/usr/bin/env bash
# Turn the PyInstaller folder dist/budget-desk/ into dist/budget-desk_<version>_amd64.deb:
# the program in /opt/budget-desk/, /usr/bin/budget-desk, a menu entry, icons, and the MIME type
# application/x-budget-desk for department files (*.budget).
#   installer/build.sh && installer/build-deb.sh
# The bundle carries its own Qt, Python and the X/xcb/font libraries it needs; it uses only the
# system's C library and graphics stack (libGL/libEGL/libxcb), which every desktop has — those
# are the Depends, checked against the bundle below.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/budget-desk
[ -x "$BUNDLE/budget-desk" ] || { echo "先运行 installer/build.sh 生成 $BUNDLE" >&2; exit 1; }
VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
STAGE=build/deb/budget-desk
DEB=dist/budget-desk_${VERSION}_${ARCH}.deb

# System libraries the bundle may load, and the package that provides each on Debian/UOS/Kylin.
declare -A PROVIDER=(
  [libc.so.6]="libc6 (>= 2.36)" [libm.so.6]="libc6 (>= 2.36)" [libdl.so.2]="libc6 (>= 2.36)"
  [libpthread.so.0]="libc6 (>= 2.36)" [librt.so.1]="libc6 (>= 2.36)" [libutil.so.1]="libc6 (>= 2.36)"
  [ld-linux-x86-64.so.2]="libc6 (>= 2.36)" [libresolv.so.2]="libc6 (>= 2.36)"
  [libcrypt.so.1]="libcrypt1" [libGL.so.1]="libgl1" [libEGL.so.1]="libegl1"
  [libGLX.so.0]="libglx0" [libOpenGL.so.0]="libopengl0" [libxcb.so.1]="libxcb1"
  [libdrm.so.2]="libdrm2"
)

echo "== 检查打包文件夹依赖的系统库"
bundled=$(find "$BUNDLE" -type f -name '*.so*' -printf '%f\n' | sort -u)
declare -A depends=()
unknown=()
while IFS= read -r lib; do
  [ -z "$lib" ] && continue
  grep -qxF "$lib" <<<"$bundled" && continue
  if [ -n "${PROVIDER[$lib]:-}" ]; then
    depends["${PROVIDER[$lib]}"]=1
  else
    unknown+=("$lib")
  fi
done < <(find "$BUNDLE" -type f \( -name '*.so*' -o -name 'budget-desk' \) -exec sh -c \
  'readelf -d "$1" 2>/dev/null | sed -n "s/.*(NEEDED).*\[\(.*\)\]/\1/p"' _ {} \; | sort -u)
if [ ${#unknown[@]} -gt 0 ]; then
  echo "打包文件夹需要未登记的系统库：${unknown[*]}（请在 PROVIDER 中登记其软件包）" >&2
  exit 1
fi
# fontconfig-config: /etc/fonts/fonts.conf for the bundled libfontconfig (the CJK font is bundled).
DEPENDS=$(printf '%s\n' "${!depends[@]}" "fontconfig-config" | sort -u | paste -sd, | sed 's/,/, /g')
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
