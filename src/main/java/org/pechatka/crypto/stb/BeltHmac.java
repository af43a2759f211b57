package org.pechatka.crypto.stb;

import javax.security.auth.Destroyable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.pechatka.crypto.NationalOids;

/**
 * belt-hmac (hmac-hbelt), HMAC of STB 34.101.47 over belt-hash: block length 32 octets,
 * a key longer than 32 octets is first replaced by its belt-hash, shorter keys are padded with
 * zeros; then HMAC(K, X) = belt-hash((K ⊕ opad) ‖ belt-hash((K ⊕ ipad) ‖ X)) with ipad = 0x36…,
 * opad = 0x5C….
 *
 * <p>Incremental: {@link #update} any number of times, then {@link #doFinal()}, which also makes
 * the instance ready for a new message under the same key. Not thread-safe.
 */
public final class BeltHmac implements Destroyable {

    /** hmac-hbelt, 1.2.112.0.2.0.34.101.47.12. */
    public static final ASN1ObjectIdentifier OID = NationalOids.HMAC_HBELT;

    /** Output length in octets. */
    public static final int LENGTH = BeltHash.LENGTH;

    private static final int BLOCK = 32;

    private BeltHash innerStart;
    private BeltHash outerStart;
    private BeltHash inner;
    private boolean destroyed;

    /** @param key the HMAC key, any length */
    public BeltHmac(byte[] key) {
        byte[] k = new byte[BLOCK];
        if (key.length <= BLOCK) {
            System.arraycopy(key, 0, k, 0, key.length);
        } else {
            byte[] hashed = BeltHash.hash(key);
            System.arraycopy(hashed, 0, k, 0, BLOCK);
            Octets.wipe(hashed);
        }
        innerStart = keyed(k, (byte) 0x36);
        outerStart = keyed(k, (byte) 0x5C);
        Octets.wipe(k);
        inner = innerStart.clone();
    }

    /** HMAC-hbelt of {@code data} under {@code key}. */
    public static byte[] mac(byte[] key, byte[] data) {
        BeltHmac hmac = new BeltHmac(key);
        hmac.update(data, 0, data.length);
        byte[] out = hmac.doFinal();
        hmac.destroy();
        return out;
    }

    public void update(byte[] data) {
        update(data, 0, data.length);
    }

    public void update(byte[] data, int off, int len) {
        checkUsable();
        inner.update(data, off, len);
    }

    /** The MAC of everything passed to {@link #update} since construction or the last call. */
    public byte[] doFinal() {
        checkUsable();
        byte[] innerHash = inner.digest();
        BeltHash outer = outerStart.clone();
        outer.update(innerHash);
        Octets.wipe(innerHash);
        inner = innerStart.clone();
        return outer.digest();
    }

    /** Drops the keyed states; the instance is unusable afterwards. */
    @Override
    public void destroy() {
        innerStart.reset();
        outerStart.reset();
        inner.reset();
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkUsable() {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
    }

    private static BeltHash keyed(byte[] k, byte pad) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) (k[i] ^ pad);
        }
        BeltHash h = new BeltHash();
        h.update(block);
        Octets.wipe(block);
        return h;
    }
}
