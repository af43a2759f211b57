package org.pechatka.crypto.stb;

/**
 * PBKDF2 (PKCS #5) with belt-hmac as the pseudo-random function, producing one 32-octet block:
 * the password-based key derivation that STB 34.101.45 (test Е.5) and the STB 34.101.78 private
 * key container use. T = U1 ⊕ … ⊕ Uc, U1 = HMAC(P, S ‖ 00000001), Ui = HMAC(P, U(i-1)).
 */
public final class BeltPbkdf2 {

    /** Output length in octets. */
    public static final int LENGTH = 32;

    private BeltPbkdf2() {}

    /**
     * @param password   the password octets (the encoding of a text password is the caller's choice;
     *                   STB 34.101.78 uses UTF-8)
     * @param salt       the salt
     * @param iterations the iteration count c, at least 1
     * @return the 32-octet key
     */
    public static byte[] derive(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("the iteration count must be positive, not " + iterations);
        }
        BeltHmac prf = new BeltHmac(password);
        try {
            prf.update(salt);
            prf.update(new byte[] {0, 0, 0, 1});
            byte[] u = prf.doFinal();
            byte[] t = u.clone();
            for (int i = 1; i < iterations; i++) {
                prf.update(u);
                byte[] next = prf.doFinal();
                Octets.wipe(u);
                u = next;
                Octets.xorInto(t, 0, u, 0, LENGTH);
            }
            Octets.wipe(u);
            return t;
        } finally {
            prf.destroy();
        }
    }
}
