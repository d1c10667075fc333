#!/usr/bin/env bash
# Check that every ELF file under DIR runs on glibc 2.28 (统信 UOS 20, 麒麟 V10, Debian 10):
# the symbol versions it imports (objdump -T) must be at most GLIBC_2.28, and — because the C++
# runtime comes from the system — at most GLIBCXX_3.4.25 / CXXABI_1.3.11 (GCC 8's libstdc++).
#   installer/check-glibc.sh dist/budget-desk        exit 0: all files pass; 1: some need more
#   MAX_GLIBC=2.31 installer/check-glibc.sh DIR      another limit
set -euo pipefail
DIR=${1:?用法：installer/check-glibc.sh 目录}
MAX_GLIBC=${MAX_GLIBC:-2.28}
MAX_GLIBCXX=${MAX_GLIBCXX:-3.4.25}
MAX_CXXABI=${MAX_CXXABI:-1.3.11}
command -v objdump >/dev/null || { echo "需要 objdump（binutils 软件包）" >&2; exit 2; }
[ -d "$DIR" ] || { echo "没有目录 $DIR" >&2; exit 2; }

newer() {  # newer A B: is version A greater than B?
  [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$1" ]
}

files=0
bad=0
declare -A highest=([GLIBC]=0 [GLIBCXX]=0 [CXXABI]=0)
while IFS= read -r -d '' f; do
  [ "$(head -c4 "$f" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  files=$((files + 1))
  # objdump -T prints a version column like "(GLIBC_2.34)" or "GLIBC_2.2.5".
  versions=$(objdump -T "$f" 2>/dev/null | grep -oE '\b(GLIBC|GLIBCXX|CXXABI)_[0-9]+(\.[0-9]+)*\b' | LC_ALL=C sort -u || true)
  problems=()
  for v in $versions; do
    kind=${v%%_*}
    num=${v#*_}
    newer "$num" "${highest[$kind]}" && highest[$kind]=$num
    case $kind in
      GLIBC) limit=$MAX_GLIBC ;;
      GLIBCXX) limit=$MAX_GLIBCXX ;;
      CXXABI) limit=$MAX_CXXABI ;;
    esac
    if newer "$num" "$limit"; then problems+=("$v"); fi
  done
  if [ ${#problems[@]} -gt 0 ]; then
    bad=$((bad + 1))
    echo "太新：${f#"$DIR"/}  需要 ${problems[*]}"
  fi
done < <(find "$DIR" -type f -print0)

echo "检查了 $files 个 ELF 文件：最高需要 GLIBC_${highest[GLIBC]}、GLIBCXX_${highest[GLIBCXX]}、CXXABI_${highest[CXXABI]}（上限 GLIBC_$MAX_GLIBC、GLIBCXX_$MAX_GLIBCXX、CXXABI_$MAX_CXXABI）"
if [ "$bad" -gt 0 ]; then
  echo "不通过：$bad 个文件需要更新的 C 库或 C++ 运行库" >&2
  exit 1
fi
[ "$files" -gt 0 ] || { echo "目录中没有 ELF 文件" >&2; exit 2; }
echo "通过：可在 glibc $MAX_GLIBC 的系统上运行"
