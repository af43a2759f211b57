package org.pechatka.crypto.stb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.pechatka.crypto.NationalOids;

/**
 * belt-hash, the 256-bit hash function of STB 34.101.31.
 *
 * <p>The message is cut into 256-bit blocks, the last one padded with zeros; each block is
 * compressed into the chaining value h (initially the first 32 octets of H) with
 * {@link BeltCompress belt-compress}, whose first outputs are XORed into a 128-bit sum s.
 * The hash is the chaining part of belt-compress(⟨|X|⟩₁₂₈ ‖ s ‖ h), |X| being the length
 * in bits. The empty message has no block.
 *
 * <p>This is a {@link MessageDigest} (without a provider) so that code written against the JCA can
 * use it: {@code update}, {@code digest}, {@code reset} and {@code clone} behave as usual.
 * An instance is not thread-safe.
 */
public final class BeltHash extends MessageDigest implements Cloneable {

    /** Output length in octets. */
    public static final int LENGTH = 32;

    /** belt-hash, 1.2.112.0.2.0.34.101.31.81. */
    public static final ASN1ObjectIdentifier OID = NationalOids.BELT_HASH;

    private static final byte[] OID_DER = der(OID);
    private static final int BLOCK = 32;

    private int[] h = new int[8];
    private int[] s = new int[4];
    private byte[] buffer = new byte[BLOCK];
    private int buffered;
    private long length;
    private int[] words = new int[8];
    private BeltCompress compress = new BeltCompress();

    public BeltHash() {
        super("belt-hash");
        init();
    }

    /**
     * The DER of the belt-hash OID, {@code 06092A7000020022651F51}: the hash identifier that bign
     * signs together with the hash value (a new copy on each call).
     */
    public static byte[] oidDer() {
        return OID_DER.clone();
    }

    /** belt-hash of {@code data}. */
    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** belt-hash of {@code data[off..off+len)}. */
    public static byte[] hash(byte[] data, int off, int len) {
        BeltHash h = new BeltHash();
        h.update(data, off, len);
        return h.digest();
    }

    @Override
    protected int engineGetDigestLength() {
        return LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        buffer[buffered++] = input;
        length++;
        if (buffered == BLOCK) {
            compressBlock(buffer, 0, h, s);
            buffered = 0;
        }
    }

    @Override
    protected void engineUpdate(byte[] input, int off, int len) {
        Objects.checkFromIndexSize(off, len, input.length);
        length += len;
        if (buffered > 0) {
            int n = Math.min(len, BLOCK - buffered);
            System.arraycopy(input, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            if (buffered < BLOCK) {
                return;
            }
            compressBlock(buffer, 0, h, s);
            buffered = 0;
        }
        while (len >= BLOCK) {
            compressBlock(input, off, h, s);
            off += BLOCK;
            len -= BLOCK;
        }
        System.arraycopy(input, off, buffer, 0, len);
        buffered = len;
    }

    @Override
    protected byte[] engineDigest() {
        int[] hh = h.clone();
        int[] ss = s.clone();
        if (buffered > 0) {
            Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
            compressBlock(buffer, 0, hh, ss);
        }
        long bits = length << 3;
        long bitsHigh = length >>> 61;
        words[0] = (int) bits;
        words[1] = (int) (bits >>> 32);
        words[2] = (int) bitsHigh;
        words[3] = (int) (bitsHigh >>> 32);
        System.arraycopy(ss, 0, words, 4, 4);
        compress.compress(words, 0, hh, null);
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            Octets.putIntLe(hh[i], out, 4 * i);
        }
        Octets.wipe(hh);
        Octets.wipe(ss);
        init();
        return out;
    }

    @Override
    protected void engineReset() {
        init();
    }

    /** An independent copy of this digest's state. */
    @Override
    public BeltHash clone() {
        try {
            BeltHash copy = (BeltHash) super.clone();
            copy.h = h.clone();
            copy.s = s.clone();
            copy.buffer = buffer.clone();
            copy.words = new int[8];
            copy.compress = new BeltCompress();
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("BeltHash is Cloneable", e);
        }
    }

    private void init() {
        byte[] iv = BeltH.slice(0, 32);
        for (int i = 0; i < 8; i++) {
            h[i] = Octets.getIntLe(iv, 4 * i);
        }
        Arrays.fill(s, 0);
        Arrays.fill(buffer, (byte) 0);
        Arrays.fill(words, 0);
        buffered = 0;
        length = 0;
    }

    private void compressBlock(byte[] in, int off, int[] hh, int[] ss) {
        for (int i = 0; i < 8; i++) {
            words[i] = Octets.getIntLe(in, off + 4 * i);
        }
        compress.compress(words, 0, hh, ss);
    }

    private static byte[] der(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
