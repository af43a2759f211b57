package org.pechatka.crypto.stb;

import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * belt-kwp, key wrap with integrity of STB 34.101.31: the wrapped form of a key X
 * (at least 16 octets) under a header I (16 octets, zeros by default) is belt-wblock(X‖I). Unwrap
 * decrypts and accepts only when the last 16 octets equal the expected header.
 */
public final class BeltKwp {

    /** Length of the header I in octets. */
    public static final int HEADER_LENGTH = 16;

    private BeltKwp() {}

    /**
     * @param key    the belt key protecting {@code x} (16, 24 or 32 octets)
     * @param x      the key to wrap, at least 16 octets
     * @param header 16 octets, or null for zeros
     * @return the wrapped key, 16 octets longer than {@code x}
     */
    public static byte[] wrap(byte[] key, byte[] x, byte[] header) {
        if (x.length < 16) {
            throw new IllegalArgumentException("belt-kwp wraps at least 16 octets, not " + x.length);
        }
        byte[] plain = Octets.concat(x, header(header));
        BeltWblock wblock = new BeltWblock(key);
        try {
            return wblock.encrypt(plain);
        } finally {
            Octets.wipe(plain);
            wblock.destroy();
        }
    }

    /**
     * @param key    the belt key that protected the wrapped key
     * @param y      the wrapped key, at least 32 octets
     * @param header the expected header, 16 octets, or null for zeros
     * @return the unwrapped key, 16 octets shorter than {@code y}
     * @throws AEADBadTagException if the header after decryption is not the expected one
     *         (wrong key, altered data or another header)
     */
    public static byte[] unwrap(byte[] key, byte[] y, byte[] header) throws AEADBadTagException {
        if (y.length < 32) {
            throw new AEADBadTagException("a belt-kwp wrapped key has at least 32 octets, not " + y.length);
        }
        BeltWblock wblock = new BeltWblock(key);
        byte[] plain = wblock.decrypt(y);
        wblock.destroy();
        int keyLength = plain.length - HEADER_LENGTH;
        boolean ok = Octets.equalsAt(header(header), plain, keyLength);
        byte[] x = ok ? Arrays.copyOf(plain, keyLength) : null;
        Octets.wipe(plain);
        if (x == null) {
            throw new AEADBadTagException("belt-kwp: the integrity check failed");
        }
        return x;
    }

    private static byte[] header(byte[] header) {
        if (header == null) {
            return new byte[HEADER_LENGTH];
        }
        if (header.length != HEADER_LENGTH) {
            throw new IllegalArgumentException("a belt-kwp header is 16 octets, not " + header.length);
        }
        return header;
    }
}
