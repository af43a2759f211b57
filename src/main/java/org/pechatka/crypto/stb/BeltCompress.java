package org.pechatka.crypto.stb;

/**
 * belt-compress of STB 34.101.31, the compression function of belt-hash: for a 256-bit data
 * block X = X1‖X2 and a 256-bit chaining value h = h1‖h2 it computes
 * <pre>
 *   S  = belt-block(h1 ⊕ h2, X) ⊕ h1 ⊕ h2
 *   Y1 = belt-block(X1, S‖h2) ⊕ X1
 *   Y2 = belt-block(X2, ¬S‖h1) ⊕ X2
 * </pre>
 * and returns (S, Y1‖Y2). Values are arrays of little-endian 32-bit words. An instance holds
 * scratch space only and is not thread-safe.
 */
final class BeltCompress {

    private final int[] key = new int[8];
    private final int[] sum = new int[4];
    private final int[] y = new int[8];

    /**
     * Replaces {@code h} (8 words) by Y and, unless {@code s} is null, adds S to {@code s}
     * (4 words), for the data block {@code x[xOff..xOff+8)}.
     */
    void compress(int[] x, int xOff, int[] h, int[] s) {
        // S = belt-block(h1 ⊕ h2, X) ⊕ h1 ⊕ h2
        for (int i = 0; i < 4; i++) {
            sum[i] = h[i] ^ h[4 + i];
            y[i] = sum[i];
        }
        System.arraycopy(x, xOff, key, 0, 8);
        BeltBlock.encrypt(key, sum, 0);
        for (int i = 0; i < 4; i++) {
            sum[i] ^= y[i];
        }
        if (s != null) {
            for (int i = 0; i < 4; i++) {
                s[i] ^= sum[i];
            }
        }
        // Y1 = belt-block(X1, S‖h2) ⊕ X1
        System.arraycopy(sum, 0, key, 0, 4);
        System.arraycopy(h, 4, key, 4, 4);
        System.arraycopy(x, xOff, y, 0, 4);
        BeltBlock.encrypt(key, y, 0);
        // Y2 = belt-block(X2, ¬S‖h1) ⊕ X2
        for (int i = 0; i < 4; i++) {
            key[i] = ~sum[i];
        }
        System.arraycopy(h, 0, key, 4, 4);
        System.arraycopy(x, xOff + 4, y, 4, 4);
        BeltBlock.encrypt(key, y, 4);
        for (int i = 0; i < 8; i++) {
            h[i] = y[i] ^ x[xOff + i];
        }
        wipe();
    }

    private void wipe() {
        Octets.wipe(key);
        Octets.wipe(sum);
        Octets.wipe(y);
    }
}
