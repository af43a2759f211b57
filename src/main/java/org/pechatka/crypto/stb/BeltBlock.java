package org.pechatka.crypto.stb;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * belt-block, the 128-bit block cipher of STB 34.101.31, with a 256-bit key.
 *
 * <p>A block is read as four 32-bit words a‖b‖c‖d, each little-endian; the key as eight such words
 * θ1…θ8. Eight rounds of additions, subtractions and XORs with the key words and the substitution
 * G<sub>r</sub>(u) = RotHi(H(u₁)‖H(u₂)‖H(u₃)‖H(u₄), r) for r ∈ {5, 13, 21}.
 *
 * <p>Keys of 128 and 192 bits are expanded as the standard prescribes
 * (θ1‖θ2‖θ3‖θ4‖θ1‖θ2‖θ3‖θ4 and θ1‖…‖θ6‖θ1⊕θ2⊕θ3‖θ4⊕θ5⊕θ6).
 *
 * <p>The substitution is a table lookup indexed by key-dependent values, as in the reference
 * implementation: there are no key-dependent branches, but cache timing is not addressed.
 * An instance holds only its key words; it may be shared between threads until it is destroyed.
 */
public final class BeltBlock implements Destroyable {

    /** Block length in octets. */
    public static final int BLOCK_LENGTH = 16;

    private final int[] key;
    private boolean destroyed;

    /**
     * @param key 16, 24 or 32 octets
     * @throws IllegalArgumentException for any other length
     */
    public BeltBlock(byte[] key) {
        this.key = expandKey(key);
    }

    /** Encrypts {@code in[inOff..inOff+16)} into {@code out[outOff..outOff+16)} (the ranges may coincide). */
    public void encrypt(byte[] in, int inOff, byte[] out, int outOff) {
        process(in, inOff, out, outOff, true);
    }

    /** Decrypts {@code in[inOff..inOff+16)} into {@code out[outOff..outOff+16)} (the ranges may coincide). */
    public void decrypt(byte[] in, int inOff, byte[] out, int outOff) {
        process(in, inOff, out, outOff, false);
    }

    /** The encryption of one 16-octet block. */
    public byte[] encrypt(byte[] block) {
        checkBlock(block);
        byte[] out = new byte[BLOCK_LENGTH];
        encrypt(block, 0, out, 0);
        return out;
    }

    /** The decryption of one 16-octet block. */
    public byte[] decrypt(byte[] block) {
        checkBlock(block);
        byte[] out = new byte[BLOCK_LENGTH];
        decrypt(block, 0, out, 0);
        return out;
    }

    /** Zeroes the key words; the instance is unusable afterwards. */
    @Override
    public void destroy() {
        Octets.wipe(key);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void process(byte[] in, int inOff, byte[] out, int outOff, boolean encrypt) {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
        Objects.checkFromIndexSize(inOff, BLOCK_LENGTH, in.length);
        Objects.checkFromIndexSize(outOff, BLOCK_LENGTH, out.length);
        int[] x = {Octets.getIntLe(in, inOff), Octets.getIntLe(in, inOff + 4), Octets.getIntLe(in, inOff + 8),
                Octets.getIntLe(in, inOff + 12)};
        if (encrypt) {
            encrypt(key, x, 0);
        } else {
            decrypt(key, x, 0);
        }
        for (int i = 0; i < 4; i++) {
            Octets.putIntLe(x[i], out, outOff + 4 * i);
        }
    }

    private static void checkBlock(byte[] block) {
        if (block.length != BLOCK_LENGTH) {
            throw new IllegalArgumentException("a belt block is 16 octets, not " + block.length);
        }
    }

    /** The eight key words θ1…θ8 of a 16-, 24- or 32-octet key (STB 34.101.31 key expansion). */
    static int[] expandKey(byte[] key) {
        int n = key.length;
        if (n != 16 && n != 24 && n != 32) {
            throw new IllegalArgumentException("a belt key is 16, 24 or 32 octets, not " + n);
        }
        int[] k = new int[8];
        for (int i = 0; i < n / 4; i++) {
            k[i] = Octets.getIntLe(key, 4 * i);
        }
        if (n == 16) {
            System.arraycopy(k, 0, k, 4, 4);
        } else if (n == 24) {
            k[6] = k[0] ^ k[1] ^ k[2];
            k[7] = k[3] ^ k[4] ^ k[5];
        }
        return k;
    }

    /** G<sub>r</sub>: H on each octet of {@code u}, then a left rotation by {@code r} bits. */
    private static int g(int u, int r) {
        int h = BeltH.sub(u) | BeltH.sub(u >>> 8) << 8 | BeltH.sub(u >>> 16) << 16 | BeltH.sub(u >>> 24) << 24;
        return Integer.rotateLeft(h, r);
    }

    /** Encrypts the four words {@code x[off..off+4)} in place under the key words {@code k}. */
    static void encrypt(int[] k, int[] x, int off) {
        int a = x[off];
        int b = x[off + 1];
        int c = x[off + 2];
        int d = x[off + 3];
        for (int i = 1; i <= 8; i++) {
            // round i uses θ(7i-6) … θ(7i), the key words taken cyclically: θj = k[(j - 1) mod 8]
            int j = 7 * i - 7;
            b ^= g(a + k[j & 7], 5);
            c ^= g(d + k[(j + 1) & 7], 21);
            a -= g(b + k[(j + 2) & 7], 13);
            int e = g(b + c + k[(j + 3) & 7], 21) ^ i;
            b += e;
            c -= e;
            d += g(c + k[(j + 4) & 7], 13);
            b ^= g(a + k[(j + 5) & 7], 21);
            c ^= g(d + k[(j + 6) & 7], 5);
            // a <-> b, c <-> d, b <-> c
            int t = a;
            a = b;
            b = d;
            d = c;
            c = t;
        }
        x[off] = b;
        x[off + 1] = d;
        x[off + 2] = a;
        x[off + 3] = c;
    }

    /** Decrypts the four words {@code x[off..off+4)} in place under the key words {@code k}. */
    static void decrypt(int[] k, int[] x, int off) {
        int a = x[off];
        int b = x[off + 1];
        int c = x[off + 2];
        int d = x[off + 3];
        for (int i = 8; i >= 1; i--) {
            // round i uses θ(7i) … θ(7i-6), in that order
            int j = 7 * i - 1;
            b ^= g(a + k[j & 7], 5);
            c ^= g(d + k[(j - 1) & 7], 21);
            a -= g(b + k[(j - 2) & 7], 13);
            int e = g(b + c + k[(j - 3) & 7], 21) ^ i;
            b += e;
            c -= e;
            d += g(c + k[(j - 4) & 7], 13);
            b ^= g(a + k[(j - 5) & 7], 21);
            c ^= g(d + k[(j - 6) & 7], 5);
            // a <-> b, c <-> d, a <-> d
            int t = a;
            a = c;
            c = d;
            d = b;
            b = t;
        }
        x[off] = c;
        x[off + 1] = a;
        x[off + 2] = d;
        x[off + 3] = b;
    }
}
