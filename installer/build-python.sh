#!/usr/bin/env bash
# Build the Python 3.11 that the bundle is frozen from, so that the bundle runs on glibc 2.28
# (统信 UOS 20, 麒麟 V10 and every newer system) although it is built on Debian 12 (glibc 2.36).
#
#   installer/build-python.sh        → build/python-2.28/prefix/bin/python3.11 (+ libpython3.11.so)
#
# How: every C file is compiled with `zig cc -target x86_64-linux-gnu.2.28` (ziglang from PyPI,
# pinned below), which links against glibc 2.28's symbol versions whatever glibc the build host
# has. The libraries Python's extension modules load (zlib, bzip2, xz, libffi, sqlite, OpenSSL;
# expat is CPython's own copy, the same 2.5.0 as Debian's) are built the same way as static PIC archives and linked into the modules, so the
# bundle needs no system library from the build host. Sources are Debian bookworm's source
# packages (the point release, which carries the security fixes; the debian-security pool was not
# reachable from the build machine) (`apt-get source --download-only`, checked against their signed .dsc), fetched through a
# private apt configuration under build/ — the system's apt setup is not touched. We build the
# upstream ("orig") tarballs as released; Debian's packaging patches are not applied.
#
# Needs: network to deb.debian.org and PyPI on the first run, tclsh (to generate sqlite3.c),
# make, perl (OpenSSL's Configure). Later runs reuse build/python-2.28/ (delete it to rebuild).
# Takes about 20 min of one core; installer/check-glibc.sh then proves the result.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GLIBC=2.28
ZIG_VERSION=0.17.1
W=$ROOT/build/python-$GLIBC
SRC=$W/src
DEPS=$W/deps          # static libraries and headers
PREFIX=$W/prefix      # the finished Python
JOBS=${JOBS:-2}
mkdir -p "$W/bin" "$SRC" "$DEPS"
log() { printf '== %s  %s\n' "$(date +%T)" "$*"; }
T0=$(date +%s)

# -- the compiler ---------------------------------------------------------------------------------
if [ ! -x "$W/zig/ziglang/zig" ]; then
  log "ziglang $ZIG_VERSION（PyPI）"
  python3 -m pip install -q --target "$W/zig" "ziglang==$ZIG_VERSION"
fi
ZIG=$W/zig/ziglang/zig
export ZIG_GLOBAL_CACHE_DIR=$W/zig-cache ZIG_LOCAL_CACHE_DIR=$W/zig-cache
# Wrappers, because configure scripts want CC to be one word. -fno-sanitize: zig cc would
# otherwise add UBSan traps to unoptimised configure probes.
# zig's linker knows -soname but not its short form -h, which CPython's Makefile uses.
cat >"$W/bin/cc" <<EOF
#!/bin/sh
prev=
for arg in "\$@"; do
  shift
  case "\$prev:\$arg" in
    *:-Wl,-h*) set -- "\$@" "-Wl,-soname,\${arg#-Wl,-h}" ;;
    -o:*) set -- "\$@" "\$arg" ;;
    *) set -- "\$@" "\$arg" ;;
  esac
  prev=\$arg
done
exec "$ZIG" cc -target x86_64-linux-gnu.$GLIBC -fno-sanitize=all "\$@"
EOF
for tool in ar ranlib; do
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$ZIG" "$tool" >"$W/bin/$tool"
done
chmod +x "$W/bin/"*
export CC=$W/bin/cc AR=$W/bin/ar RANLIB=$W/bin/ranlib
# -w: the old K&R C in zlib/bzip2 floods the log; implicit declarations are an error in clang 16
# but libffi 3.4.4's tramp.c relies on one (the function is defined in closures.c).
export CFLAGS="-O2 -fPIC -w -Wno-error=implicit-function-declaration" PKG_CONFIG_LIBDIR=$DEPS/lib/pkgconfig PKG_CONFIG_PATH=

# -- the sources (Debian bookworm source packages) -----------------------------------------------
APT=$W/apt
APT_OPTS=(-o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "APT::Sandbox::User=root")
PACKAGES=(zlib bzip2 xz-utils libffi sqlite3 openssl python3.11)
if [ ! -f "$SRC/.fetched" ]; then
  log "Debian 源码包：${PACKAGES[*]}"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
  cat >"$APT/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
EOF
  apt-get "${APT_OPTS[@]}" update -qq
  (cd "$SRC" && apt-get "${APT_OPTS[@]}" source --download-only -qq "${PACKAGES[@]}")
  touch "$SRC/.fetched"
fi
ls "$SRC"/*.dsc | xargs -n1 basename | sed 's/^/  /'
# unpack PKG → prints the directory of the upstream source tree
unpack() {
  local orig dir
  orig=$(ls "$SRC/$1"_*.orig.tar.* | grep -v '\.asc$' | head -n1)
  dir=$SRC/$1-upstream
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    tar -C "$dir" --strip-components=1 -xf "$orig"
  fi
  echo "$dir"
}
built() { [ -f "$DEPS/.built-$1" ]; }
done_() { touch "$DEPS/.built-$1"; log "$1 完成"; }

# -- static libraries ------------------------------------------------------------------------------
if ! built zlib; then
  log zlib
  cd "$(unpack zlib)"
  ./configure --static --prefix="$DEPS" >/dev/null
  make -j"$JOBS" libz.a >/dev/null
  make install >/dev/null
  cd "$ROOT" && done_ zlib
fi
if ! built bzip2; then
  log bzip2
  cd "$(unpack bzip2)"
  make -j"$JOBS" CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="$CFLAGS -D_FILE_OFFSET_BITS=64" \
    libbz2.a >/dev/null
  install -D -m644 libbz2.a "$DEPS/lib/libbz2.a"
  install -D -m644 bzlib.h "$DEPS/include/bzlib.h"
  cd "$ROOT" && done_ bzip2
fi
autotools_static() {  # PKG [configure options...]
  local pkg=$1
  shift
  log "$pkg"
  cd "$(unpack "$pkg")"
  ./configure --prefix="$DEPS" --libdir="$DEPS/lib" --disable-shared --enable-static --with-pic \
    "$@" >"$W/$pkg-configure.log"
  make -j"$JOBS" >"$W/$pkg-make.log" 2>&1
  make install >/dev/null
  cd "$ROOT"
  done_ "$pkg"
}
if ! built xz-utils; then
  autotools_static xz-utils --disable-xz --disable-xzdec --disable-lzmadec \
    --disable-lzmainfo --disable-scripts --disable-doc --disable-nls
fi
if ! built libffi; then
  autotools_static libffi --disable-docs --disable-multi-os-directory
fi
if ! built sqlite3; then
  log sqlite3
  cd "$(unpack sqlite3)"
  [ -f sqlite3.c ] || { ./configure --disable-tcl --disable-readline >/dev/null && make sqlite3.c >/dev/null; }
  # The compile-time options of Debian's libsqlite3 that matter to Python's sqlite3 module.
  "$CC" $CFLAGS -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE \
    -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_UNLOCK_NOTIFY \
    -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_THREADSAFE=1 \
    -c sqlite3.c -o sqlite3.o
  "$AR" rcs "$DEPS/lib/libsqlite3.a" sqlite3.o
  install -D -m644 sqlite3.h "$DEPS/include/sqlite3.h"
  install -D -m644 sqlite3ext.h "$DEPS/include/sqlite3ext.h"
  cd "$ROOT" && done_ sqlite3
fi
if ! built openssl; then
  log "openssl（约 10 分钟）"
  cd "$(unpack openssl)"
  # no-asm: the portable C code; the program does no bulk cryptography.
  ./Configure linux-x86_64 no-shared no-tests no-asm no-engine no-module \
    --prefix="$DEPS" --libdir=lib --openssldir=/etc/ssl >/dev/null
  make -j"$JOBS" build_libs >"$W/openssl-make.log" 2>&1
  make install_dev >/dev/null
  cd "$ROOT" && done_ openssl
fi

# -- CPython ------------------------------------------------------------------------------------------
if [ ! -x "$PREFIX/bin/python3.11" ]; then
  log "CPython 3.11（--enable-shared：PyInstaller 需要 libpython3.11.so）"
  cd "$(unpack python3.11)"
  # setup.py adds the host's /usr/include/<multiarch> (found with dpkg-architecture); its
  # glibc 2.36 headers do not mix with zig's glibc 2.28 ones, so that step is switched off.
  sed -i 's/^\( *\)self\.add_multiarch_paths()$/\1pass  # no host multiarch paths (zig build)/' setup.py
  I="-I$DEPS/include" L="-L$DEPS/lib"
  [ -f Makefile ] || ./configure --prefix="$PREFIX" --enable-shared --with-openssl="$DEPS" \
    --with-ensurepip=install --disable-test-modules --without-static-libpython \
    CPPFLAGS="$I" LDFLAGS="$L" LIBS="-lpthread -ldl" \
    ZLIB_CFLAGS="$I" ZLIB_LIBS="$L -lz" BZIP2_CFLAGS="$I" BZIP2_LIBS="$L -lbz2" \
    LIBLZMA_CFLAGS="$I" LIBLZMA_LIBS="$L -llzma" LIBFFI_CFLAGS="$I" LIBFFI_LIBS="$L -lffi" \
    LIBSQLITE3_CFLAGS="$I" LIBSQLITE3_LIBS="$L -lsqlite3 -lm" >"$W/python-configure.log"
  # PY3LIBRARY= : no libpython3.so (the stable-ABI forwarder; nothing here needs it, and zig
  # cannot link a library made of no object files).
  # _PYTHON_HOST_PLATFORM: setup.py (which builds the extension modules) then treats the build
  # as a cross build and searches only the compiler's own include paths — not /usr/include,
  # whose glibc 2.36 headers do not mix with zig's glibc 2.28 ones.
  # (A make variable: the Makefile passes its own, empty, value to setup.py otherwise.)
  host=(_PYTHON_HOST_PLATFORM=linux-x86_64 PY3LIBRARY=)
  make -j"$JOBS" "${host[@]}" >"$W/python-make.log" 2>&1
  if grep -A12 'Failed to build these modules' "$W/python-make.log"; then exit 1; fi
  make install "${host[@]}" >"$W/python-install.log" 2>&1
  cd "$ROOT"
fi
export LD_LIBRARY_PATH=$PREFIX/lib
"$PREFIX/bin/python3.11" - <<'PY'
import bz2, ctypes, hashlib, lzma, pyexpat, sqlite3, ssl, sys, zlib
print(f"Python {sys.version.split()[0]}：sqlite {sqlite3.sqlite_version}，{ssl.OPENSSL_VERSION}，"
      f"{pyexpat.EXPAT_VERSION}，zlib {zlib.ZLIB_RUNTIME_VERSION}")
PY
log "完成，用时 $(( ($(date +%s) - T0) / 60 )) 分钟：$PREFIX"
