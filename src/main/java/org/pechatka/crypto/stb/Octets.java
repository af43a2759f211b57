package org.pechatka.crypto.stb;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Octet-string helpers for the STB conventions: words and numbers travel little-endian, the
 * opposite of {@link BigInteger#toByteArray()} and DER.
 */
final class Octets {

    private Octets() {}

    /** The 32-bit word stored little-endian at {@code b[off..off+4)}. */
    static int getIntLe(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** Stores {@code v} little-endian at {@code b[off..off+4)}. */
    static void putIntLe(int v, byte[] b, int off) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** The non-negative number whose little-endian octets are {@code b[off..off+len)}. */
    static BigInteger fromLe(byte[] b, int off, int len) {
        byte[] be = new byte[len];
        for (int i = 0; i < len; i++) {
            be[len - 1 - i] = b[off + i];
        }
        BigInteger v = new BigInteger(1, be);
        Arrays.fill(be, (byte) 0);
        return v;
    }

    /** The non-negative number whose little-endian octets are {@code b}. */
    static BigInteger fromLe(byte[] b) {
        return fromLe(b, 0, b.length);
    }

    /**
     * The {@code len} little-endian octets of {@code v}.
     *
     * @throws IllegalArgumentException if {@code v} is negative or does not fit
     */
    static byte[] toLe(BigInteger v, int len) {
        if (v.signum() < 0 || v.bitLength() > 8 * len) {
            throw new IllegalArgumentException("the number does not fit " + len + " octets");
        }
        byte[] be = v.toByteArray();
        byte[] le = new byte[len];
        // be may carry one leading 0x00 sign octet, which bitLength already excluded
        int n = Math.min(be.length, len);
        for (int i = 0; i < n; i++) {
            le[i] = be[be.length - 1 - i];
        }
        Arrays.fill(be, (byte) 0);
        return le;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** {@code a[aOff..aOff+len) ^= b[bOff..bOff+len)}. */
    static void xorInto(byte[] a, int aOff, byte[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) {
            a[aOff + i] ^= b[bOff + i];
        }
    }

    /** Constant-time equality of {@code a} and {@code b[bOff..bOff+a.length)}. */
    static boolean equalsAt(byte[] a, byte[] b, int bOff) {
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /** Whether {@code b} holds only zero octets, without an early exit. */
    static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    static void wipe(int[] w) {
        if (w != null) {
            Arrays.fill(w, 0);
        }
    }
}
