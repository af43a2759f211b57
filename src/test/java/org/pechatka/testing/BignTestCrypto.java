package org.pechatka.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A small, test-only implementation of belt-hash (STB 34.101.31) and bign signatures
 * (STB 34.101.45), independent of the C test module and of Pechatka's own code: plain
 * {@link BigInteger} and Bouncy Castle curve arithmetic with the STB byte-order rules (numbers
 * travel as little-endian octet strings). Slow and not constant-time: for checking results only.
 */
public final class BignTestCrypto {

    /** DER of the belt-hash OID 1.2.112.0.2.0.34.101.31.81. */
    public static final byte[] BELT_HASH_OID_DER = HexFormat.of().parseHex("06092A7000020022651F51");

    private static final byte[] H = Vectors.load("belt_H.txt").hex("beltH");

    private BignTestCrypto() {}

    // ------------------------------------------------------------------ belt

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void putLe32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** G_r: the S-box H on each octet of the little-endian word, then a rotation left by r. */
    private static int g(int x, int r) {
        int y = (H[x & 0xFF] & 0xFF) | (H[(x >>> 8) & 0xFF] & 0xFF) << 8 | (H[(x >>> 16) & 0xFF] & 0xFF) << 16
                | (H[x >>> 24] & 0xFF) << 24;
        return Integer.rotateLeft(y, r);
    }

    /** belt-block encryption of one 16-octet block under a 32-octet key. */
    public static byte[] beltBlock(byte[] block, byte[] key) {
        int[] k = new int[8];
        for (int j = 0; j < 8; j++) {
            k[j] = le32(key, 4 * j);
        }
        int a = le32(block, 0);
        int b = le32(block, 4);
        int c = le32(block, 8);
        int d = le32(block, 12);
        for (int i = 1; i <= 8; i++) {
            int base = 7 * (i - 1); // round keys K_{7i-6} .. K_{7i}
            b ^= g(a + k[base % 8], 5);
            c ^= g(d + k[(base + 1) % 8], 21);
            a -= g(b + k[(base + 2) % 8], 13);
            int e = g(b + c + k[(base + 3) % 8], 21) ^ i;
            b += e;
            c -= e;
            d += g(c + k[(base + 4) % 8], 13);
            b ^= g(a + k[(base + 5) % 8], 21);
            c ^= g(d + k[(base + 6) % 8], 5);
            int t = a;
            a = b;
            b = t;
            t = c;
            c = d;
            d = t;
            t = b;
            b = c;
            c = t;
        }
        byte[] out = new byte[16];
        putLe32(out, 0, b);
        putLe32(out, 4, d);
        putLe32(out, 8, a);
        putLe32(out, 12, c);
        return out;
    }

    private static byte[] xor(byte[] a, int aOff, byte[] b, int bOff, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (a[aOff + i] ^ b[bOff + i]);
        }
        return out;
    }

    /** belt-compress on x || h: h becomes sigma2; s (when not null) is XORed with sigma1. */
    private static void compress(byte[] h, byte[] s, byte[] x) {
        byte[] u34 = xor(h, 0, h, 16, 16);
        byte[] sigma1 = xor(beltBlock(u34, x), 0, u34, 0, 16);
        if (s != null) {
            System.arraycopy(xor(s, 0, sigma1, 0, 16), 0, s, 0, 16);
        }
        byte[] key1 = new byte[32];
        System.arraycopy(sigma1, 0, key1, 0, 16);
        System.arraycopy(h, 16, key1, 16, 16);
        byte[] key2 = new byte[32];
        for (int i = 0; i < 16; i++) {
            key2[i] = (byte) ~sigma1[i];
        }
        System.arraycopy(h, 0, key2, 16, 16);
        byte[] x0 = Arrays.copyOfRange(x, 0, 16);
        byte[] x1 = Arrays.copyOfRange(x, 16, 32);
        System.arraycopy(xor(beltBlock(x0, key1), 0, x0, 0, 16), 0, h, 0, 16);
        System.arraycopy(xor(beltBlock(x1, key2), 0, x1, 0, 16), 0, h, 16, 16);
    }

    /** belt-hash of the concatenation of the parts (32 octets). */
    public static byte[] beltHash(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        byte[] message = all.toByteArray();
        byte[] h = Arrays.copyOf(H, 32);
        byte[] s = new byte[16];
        for (int off = 0; off < message.length; off += 32) {
            byte[] block = new byte[32]; // the last one zero-padded
            System.arraycopy(message, off, block, 0, Math.min(32, message.length - off));
            compress(h, s, block);
        }
        byte[] last = new byte[32];
        System.arraycopy(toLe(BigInteger.valueOf(message.length).shiftLeft(3), 16), 0, last, 0, 16);
        System.arraycopy(s, 0, last, 16, 16);
        compress(h, null, last);
        return h;
    }

    // ------------------------------------------------------------------ byte order

    /** The octets in reverse order (a new array). */
    public static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }

    /** The non-negative integer whose little-endian encoding is {@code b[off .. off+len)}. */
    public static BigInteger le(byte[] b, int off, int len) {
        return new BigInteger(1, reverse(Arrays.copyOfRange(b, off, off + len)));
    }

    /** x as exactly {@code len} little-endian octets. */
    public static byte[] toLe(BigInteger x, int len) {
        return reverse(toBe(x, len));
    }

    /** x as exactly {@code len} big-endian octets. */
    public static byte[] toBe(BigInteger x, int len) {
        byte[] b = x.toByteArray();
        if (b.length > len + 1 || (b.length == len + 1 && b[0] != 0)) {
            throw new IllegalArgumentException("does not fit " + len + " octets");
        }
        byte[] out = new byte[len];
        int n = Math.min(b.length, len);
        System.arraycopy(b, b.length - n, out, len - n, n);
        return out;
    }

    // ------------------------------------------------------------------ bign

    /**
     * A bign signature with a given k (for known-answer tests): R = kG, S0 = the first l/8 octets
     * of belt-hash(oid || x(R) || H), S1 = (k - H - (S0 + 2^l) d) mod q; S0 || S1.
     */
    public static byte[] bignSign(P11Bign.Curve curve, BigInteger d, byte[] oidDer, byte[] hash, BigInteger k) {
        int no = curve.fieldBytes();
        int l = 4 * no;
        if (hash.length != no) {
            throw new IllegalArgumentException("a bign hash on this curve has " + no + " octets");
        }
        BigInteger q = curve.q();
        ECPoint r = curve.generator().multiply(k).normalize();
        byte[] s0 = Arrays.copyOf(beltHash(oidDer, toLe(r.getAffineXCoord().toBigInteger(), no), hash), no / 2);
        BigInteger t = le(s0, 0, s0.length).setBit(l).multiply(d);
        BigInteger s1 = k.subtract(le(hash, 0, no)).subtract(t).mod(q);
        byte[] sig = Arrays.copyOf(s0, no / 2 + no);
        System.arraycopy(toLe(s1, no), 0, sig, no / 2, no);
        return sig;
    }

    /**
     * bign verification (STB 34.101.45 alg. 7.2): S1 &lt; q, R = ((S1 + H) mod q) G + (S0 + 2^l) Q,
     * R not at infinity, and S0 = the first l/8 octets of belt-hash(oid || x(R) || H).
     */
    public static boolean bignVerify(P11Bign.Curve curve, ECPoint publicKey, byte[] oidDer, byte[] hash,
            byte[] signature) {
        int no = curve.fieldBytes();
        int l = 4 * no;
        if (hash.length != no || signature.length != no / 2 + no) {
            return false;
        }
        BigInteger q = curve.q();
        BigInteger s1 = le(signature, no / 2, no);
        if (s1.compareTo(q) >= 0) {
            return false;
        }
        BigInteger t = s1.add(le(hash, 0, no)).mod(q);
        BigInteger s0 = le(signature, 0, no / 2).setBit(l);
        ECPoint r = curve.generator().multiply(t).add(publicKey.multiply(s0)).normalize();
        if (r.isInfinity()) {
            return false;
        }
        byte[] check = beltHash(oidDer, toLe(r.getAffineXCoord().toBigInteger(), no), hash);
        return Arrays.equals(Arrays.copyOf(check, no / 2), Arrays.copyOf(signature, no / 2));
    }
}
