#!/bin/bash
# Runs inside the clean root, in a network namespace of its own (see test-install.sh).
set -euo pipefail
step() { printf '\n==== %s\n' "$*"; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

step "网络：本命名空间的网络接口（只有未启用的 lo）"
tail -n +3 /proc/net/dev | cut -d: -f1 | xargs echo "接口："
if timeout 5 bash -c 'exec 3<>/dev/tcp/151.101.2.132/80' 2>/dev/null; then
  echo "能连上外网——测试无效" >&2
  exit 1
fi
echo "连接 151.101.2.132:80（deb.debian.org）失败：没有网络，符合预期"

step "系统：$(. /etc/os-release; echo "$PRETTY_NAME")，$(dpkg-query -W -f='${Version}' libc6 | sed 's/^/glibc /')，已装软件包 $(dpkg-query -W | wc -l) 个"

step "dpkg -i 预先下载的依赖（$(ls /tmp/offline/deps | wc -l) 个 .deb）"
if ls /tmp/offline/deps/*.deb >/dev/null 2>&1; then
  dpkg -i /tmp/offline/deps/*.deb >/tmp/deps.log 2>&1 || { cat /tmp/deps.log; exit 1; }
  grep -c '^Setting up' /tmp/deps.log | xargs echo "已配置软件包："
fi
# fontconfig (the system's, since the bundle uses it) marks font folders with a .uuid file the
# first time it scans them as root: a side effect of running any font-using program, not a file
# of the package, so it is left out of the comparison.
snapshot() {
  find / -xdev \( -path /proc -o -path /tmp -o -path /root -o -path /var/lib/dpkg \
    -o -path /var/log -o -path /var/cache \) -prune -o ! -name .uuid -print | sort
}
snapshot >/tmp/before.txt

step "dpkg -i $(basename /tmp/offline/budget-desk_*.deb)"
t0=$(date +%s%N)
dpkg -i /tmp/offline/budget-desk_*.deb
echo "安装用时 $(ms_since "$t0") ms"
dpkg-query -W -f='状态 ${Status}；版本 ${Version}；Installed-Size ${Installed-Size} KiB\n' budget-desk
echo "/opt/budget-desk 实际占用 $(du -sh /opt/budget-desk | cut -f1)，$(find /opt/budget-desk -type f | wc -l) 个文件"
ls -l /usr/bin/budget-desk
dpkg -L budget-desk | grep -E '^/usr/share/(applications|mime|icons/hicolor/(48x48|scalable))' | grep -E '\.(desktop|xml|png|svg)$'
grep -E '^(Exec|MimeType|Icon)=' /usr/share/applications/budget-desk.desktop

step "每个打包的库和 Qt 插件（含 xcb 平台插件）所需的库都能找到"
missing=$(find /opt/budget-desk -name '*.so*' -type f -print0 |
  LD_LIBRARY_PATH=/opt/budget-desk/_internal xargs -0 -n1 ldd 2>/dev/null | grep 'not found' | sort -u || true)
if [ -n "$missing" ]; then
  echo "缺少的库：$missing" >&2
  exit 1
fi
echo "$(find /opt/budget-desk -name '*.so*' -type f | wc -l) 个共享库与插件，没有缺少的依赖（ldd）"

export QT_QPA_PLATFORM=offscreen
step "budget-desk --version"
budget-desk --version

step "budget-desk demo /tmp/d.budget"
budget-desk demo /tmp/d.budget
ls -l /tmp/d.budget
head -c 16 /tmp/d.budget | tr -d '\0'; echo

step "budget-desk tables /tmp/d.budget --tables 1（收支总表，万元）"
budget-desk tables /tmp/d.budget --tables 1 | head -n 14
budget-desk tables /tmp/d.budget --json >/tmp/tables.json

step "budget-desk check /tmp/d.budget"
set +e
budget-desk check /tmp/d.budget | tail -n 3
echo "check 退出码 ${PIPESTATUS[0]}（0 可报送，1 有未说明的提示，2 有错误）"
set -e

step "budget-desk export /tmp/d.budget --pdf /tmp/d.pdf --xlsx /tmp/d.xlsx --draft"
t0=$(date +%s%N)
budget-desk export /tmp/d.budget --pdf /tmp/d.pdf --xlsx /tmp/d.xlsx --draft
echo "导出用时 $(ms_since "$t0") ms"
ls -l /tmp/d.pdf /tmp/d.xlsx
head -c 8 /tmp/d.pdf; echo

step "启动时间（已安装程序，offscreen）"
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  budget-desk --version >/dev/null
  echo "第 $i 次 budget-desk --version：$(ms_since "$t0") ms"
done
t0=$(date +%s%N)
HOME=/tmp/first-run budget-desk --quit-after-load 2>/tmp/gui.txt
echo "第一次启动（新用户，欢迎页）：$(ms_since "$t0") ms（$(tail -n1 /tmp/gui.txt)）"
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  budget-desk /tmp/d.budget --quit-after-load 2>/tmp/gui.txt
  echo "第 $i 次 打开演示部门窗口到可用并退出：$(ms_since "$t0") ms（$(tail -n1 /tmp/gui.txt)）"
done

step "dpkg -r budget-desk"
dpkg -r budget-desk
for p in /opt/budget-desk /usr/bin/budget-desk /usr/share/applications/budget-desk.desktop \
  /usr/share/mime/packages/budget-desk.xml /usr/share/icons/hicolor/scalable/apps/budget-desk.svg; do
  if [ -e "$p" ] || [ -L "$p" ]; then echo "卸载后仍存在：$p" >&2; exit 1; fi
done
echo "卸载后 /opt/budget-desk、/usr/bin/budget-desk、菜单项、MIME 类型和图标均已删除"
step "dpkg -P budget-desk"
dpkg -P budget-desk
dpkg-query -W -f='${Status}\n' budget-desk 2>&1 | sed 's/^/dpkg-query：/' || true
snapshot >/tmp/after.txt
if ! diff /tmp/before.txt /tmp/after.txt; then
  echo "清除后文件系统与安装前不同（见上）" >&2
  exit 1
fi
echo "清除后文件系统与安装前完全相同（$(wc -l </tmp/before.txt) 个路径，不含 /tmp、/root、dpkg 数据库与日志）"
kept=$(find /root/.config/BudgetDesk /root/.local/share/BudgetDesk -type f 2>/dev/null)
echo "用户数据保留（卸载不删除用户文件）：$(echo "$kept" | grep -c .) 个文件"
echo "$kept" | sed 's/^/  /'
