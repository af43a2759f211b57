package org.pechatka.crypto.stb;

import javax.security.auth.Destroyable;

/**
 * belt-wblock, the wide-block encryption of STB 34.101.31: a length-preserving
 * permutation of any octet string of at least 32 octets, keyed by a belt key. It is the core of
 * belt-kwp (key wrap), of bign key transport and of bign's deterministic signatures.
 *
 * <p>The string r is split into 128-bit blocks r1‖…‖rn, the last one possibly shorter; r* denotes
 * its last 128 bits. Each of the 2n rounds i sets s = r1 ⊕ … ⊕ r(n-1), shifts r left by 128 bits
 * with s appended, and adds belt-block(s) ⊕ ⟨i⟩ to the block that was r* before the shift.
 */
public final class BeltWblock implements Destroyable {

    /** The shortest string belt-wblock accepts, in octets. */
    public static final int MIN_LENGTH = 32;

    private static final int B = BeltBlock.BLOCK_LENGTH;

    private final BeltBlock cipher;

    /** @param key a belt key of 16, 24 or 32 octets */
    public BeltWblock(byte[] key) {
        this.cipher = new BeltBlock(key);
    }

    /** The encryption of {@code x} (at least 32 octets); {@code x} is left unchanged. */
    public byte[] encrypt(byte[] x) {
        byte[] r = checked(x).clone();
        int len = r.length;
        int rounds = 2 * ((len + B - 1) / B);
        byte[] s = new byte[B];
        for (int i = 1; i <= rounds; i++) {
            sumOfLeadingBlocks(r, s);
            System.arraycopy(r, B, r, 0, len - B);
            System.arraycopy(s, 0, r, len - B, B);
            addRoundMask(s, i);
            Octets.xorInto(r, len - 2 * B, s, 0, B);
        }
        Octets.wipe(s);
        return r;
    }

    /** The decryption of {@code y} (at least 32 octets); {@code y} is left unchanged. */
    public byte[] decrypt(byte[] y) {
        byte[] r = checked(y).clone();
        int len = r.length;
        int rounds = 2 * ((len + B - 1) / B);
        byte[] s = new byte[B];
        for (int i = rounds; i >= 1; i--) {
            System.arraycopy(r, len - B, s, 0, B);
            System.arraycopy(r, 0, r, B, len - B);
            System.arraycopy(s, 0, r, 0, B);
            addRoundMask(s, i);
            Octets.xorInto(r, len - B, s, 0, B);
            for (int off = B; off + B < len; off += B) {
                Octets.xorInto(r, 0, r, off, B);
            }
        }
        Octets.wipe(s);
        return r;
    }

    /** Zeroes the key; the instance is unusable afterwards. */
    @Override
    public void destroy() {
        cipher.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return cipher.isDestroyed();
    }

    /** {@code s = r1 ⊕ … ⊕ r(n-1)}: every full block that starts before the last 16 octets. */
    private static void sumOfLeadingBlocks(byte[] r, byte[] s) {
        System.arraycopy(r, 0, s, 0, B);
        for (int off = B; off + B < r.length; off += B) {
            Octets.xorInto(s, 0, r, off, B);
        }
    }

    /** {@code s = belt-block(s) ⊕ ⟨i⟩₁₂₈} (the round number as a little-endian 128-bit word). */
    private void addRoundMask(byte[] s, int i) {
        cipher.encrypt(s, 0, s, 0);
        Octets.putIntLe(Octets.getIntLe(s, 0) ^ i, s, 0);
    }

    private static byte[] checked(byte[] data) {
        if (data.length < MIN_LENGTH) {
            throw new IllegalArgumentException("belt-wblock needs at least 32 octets, not " + data.length);
        }
        return data;
    }
}
