#!/bin/sh
# Builds a PKCS#11 test module used by the tests:
#   sh src/test/c/build.sh OUTDIR p11shim   ->   OUTDIR/libpechatka-p11shim.so  (fault injection, forwards to SoftHSM2)
#   sh src/test/c/build.sh OUTDIR p11bign   ->   OUTDIR/libpechatka-p11bign.so  (a bign/GOST token; links libcrypto)
# Run by Maven in process-test-classes (see pom.xml). Rebuilds only when the module's source
# (or this script) is newer than the library.
set -eu

if [ $# -ne 2 ] || [ -z "$1" ]; then
    echo "usage: sh $0 OUTDIR p11shim|p11bign" >&2
    exit 2
fi

SRC_DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
OUT_DIR=$1
MODULE=$2
case "$MODULE" in
    p11shim) WHAT="the PKCS#11 fault-injection shim" ;;
    p11bign) WHAT="the bign/GOST PKCS#11 test module" ;;
    *) echo "usage: sh $0 OUTDIR p11shim|p11bign" >&2; exit 2 ;;
esac
SRC="$SRC_DIR/$MODULE.c"
OUT="$OUT_DIR/libpechatka-$MODULE.so"
CC=${CC:-gcc}

fail() {
    echo "$MODULE build: ERROR: $*" >&2
    exit 1
}

[ -f "$SRC" ] || fail "source $SRC not found"

if [ -f "$OUT" ] && [ ! "$SRC" -nt "$OUT" ] && [ ! "$SRC_DIR/build.sh" -nt "$OUT" ]; then
    exit 0 # up to date
fi

command -v "$CC" >/dev/null 2>&1 ||
    fail "C compiler '$CC' not found; the tests need it to build $WHAT (Debian/Ubuntu: apt-get install gcc)"

has_header() { # has_header FLAGS HEADER
    for flag in $1; do
        case "$flag" in
            -I*) [ -f "${flag#-I}/$2" ] && return 0 ;;
        esac
    done
    return 1
}

# Include path for <p11-kit/pkcs11.h>: pkg-config first, then the Debian location.
CFLAGS_P11=""
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists p11-kit-1 2>/dev/null; then
    CFLAGS_P11=$(pkg-config --cflags p11-kit-1)
fi
if ! has_header "$CFLAGS_P11" p11-kit/pkcs11.h; then
    CFLAGS_P11="-I/usr/include/p11-kit-1"
    has_header "$CFLAGS_P11" p11-kit/pkcs11.h ||
        fail "PKCS#11 header p11-kit/pkcs11.h not found (tried pkg-config p11-kit-1 and /usr/include/p11-kit-1); install the Debian/Ubuntu package 'libp11-kit-dev' (apt-get install libp11-kit-dev)"
fi

CFLAGS_EXTRA=""
LIBS="-ldl -lpthread"
if [ "$MODULE" = p11bign ]; then
    # OpenSSL's libcrypto (big numbers, prime-field curves, random numbers): pkg-config first, then the defaults.
    LIBS="-lcrypto -lpthread"
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcrypto 2>/dev/null; then
        CFLAGS_EXTRA=$(pkg-config --cflags libcrypto)
        LIBS="$(pkg-config --libs libcrypto) -lpthread"
    fi
    has_header "$CFLAGS_EXTRA -I/usr/include" openssl/ec.h ||
        fail "OpenSSL header openssl/ec.h not found; install the Debian/Ubuntu package 'libssl-dev' (apt-get install libssl-dev)"
fi

mkdir -p "$OUT_DIR" || fail "cannot create $OUT_DIR"
TMP="$OUT.tmp.$$"
# shellcheck disable=SC2086 # the FLAGS and LIBS are lists of flags
if ! "$CC" -std=c11 -shared -fPIC -O2 -g -Wall -Wextra -Werror $CFLAGS_P11 $CFLAGS_EXTRA \
        -o "$TMP" "$SRC" $LIBS; then
    rm -f "$TMP"
    fail "compiling $SRC failed"
fi
mv -f "$TMP" "$OUT"
echo "$MODULE build: built $OUT"
