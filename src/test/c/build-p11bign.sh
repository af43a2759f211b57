#!/bin/sh
# Builds the bign/GOST PKCS#11 test module used by the tests:
#   sh src/test/c/build-p11bign.sh OUTDIR   ->   OUTDIR/libpechatka-p11bign.so
# Run by Maven in process-test-classes (see pom.xml). Rebuilds only when
# p11bign.c (or this script) is newer than the library.
set -eu

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: sh $0 OUTDIR" >&2
    exit 2
fi

SRC_DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
SRC="$SRC_DIR/p11bign.c"
OUT_DIR=$1
OUT="$OUT_DIR/libpechatka-p11bign.so"
CC=${CC:-gcc}

fail() {
    echo "p11bign build: ERROR: $*" >&2
    exit 1
}

[ -f "$SRC" ] || fail "source $SRC not found"

if [ -f "$OUT" ] && [ ! "$SRC" -nt "$OUT" ] && [ ! "$SRC_DIR/build-p11bign.sh" -nt "$OUT" ]; then
    exit 0 # up to date
fi

command -v "$CC" >/dev/null 2>&1 ||
    fail "C compiler '$CC' not found; the tests need it to build the bign/GOST PKCS#11 test module (Debian/Ubuntu: apt-get install gcc)"

# Include path for <p11-kit/pkcs11.h>: pkg-config first, then the Debian location.
has_header() { # has_header FLAGS HEADER
    for flag in $1; do
        case "$flag" in
            -I*) [ -f "${flag#-I}/$2" ] && return 0 ;;
        esac
    done
    return 1
}
CFLAGS_P11=""
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists p11-kit-1 2>/dev/null; then
    CFLAGS_P11=$(pkg-config --cflags p11-kit-1)
fi
if ! has_header "$CFLAGS_P11" p11-kit/pkcs11.h; then
    CFLAGS_P11="-I/usr/include/p11-kit-1"
    has_header "$CFLAGS_P11" p11-kit/pkcs11.h ||
        fail "PKCS#11 header p11-kit/pkcs11.h not found (tried pkg-config p11-kit-1 and /usr/include/p11-kit-1); install the Debian/Ubuntu package 'libp11-kit-dev' (apt-get install libp11-kit-dev)"
fi

# OpenSSL's libcrypto (big numbers, prime-field curves, random numbers): pkg-config first, then the defaults.
CFLAGS_CRYPTO=""
LIBS_CRYPTO="-lcrypto"
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcrypto 2>/dev/null; then
    CFLAGS_CRYPTO=$(pkg-config --cflags libcrypto)
    LIBS_CRYPTO=$(pkg-config --libs libcrypto)
fi
if ! has_header "$CFLAGS_CRYPTO -I/usr/include" openssl/ec.h; then
    fail "OpenSSL header openssl/ec.h not found; install the Debian/Ubuntu package 'libssl-dev' (apt-get install libssl-dev)"
fi

mkdir -p "$OUT_DIR" || fail "cannot create $OUT_DIR"
TMP="$OUT.tmp.$$"
# shellcheck disable=SC2086 # the *FLAGS and LIBS are lists of flags
if ! "$CC" -std=c11 -shared -fPIC -O2 -g -Wall -Wextra -Werror $CFLAGS_P11 $CFLAGS_CRYPTO \
        -o "$TMP" "$SRC" $LIBS_CRYPTO -lpthread; then
    rm -f "$TMP"
    fail "compiling $SRC failed"
fi
mv -f "$TMP" "$OUT"
echo "p11bign build: built $OUT"
