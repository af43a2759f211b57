package org.pechatka.crypto.stb;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A bign private key d, 0 &lt; d &lt; q, held as its l/4 little-endian octets.
 *
 * <p>{@link #destroy()} zeroes those octets. The arithmetic goes through {@link BigInteger}, whose
 * immutable temporaries cannot be wiped; that, and the variable-time big-number arithmetic, is the
 * limit of what pure Java offers here. Safe to share between threads until destroyed.
 */
public final class BignPrivateKey implements Destroyable {

    private final BignCurve curve;
    private final byte[] d;
    private volatile boolean destroyed;

    private BignPrivateKey(BignCurve curve, byte[] d) {
        this.curve = curve;
        this.d = d;
    }

    /**
     * The key whose little-endian octets are {@code dLe}.
     *
     * @throws InvalidKeyException unless {@code dLe} has l/4 octets and 0 &lt; d &lt; q
     */
    public static BignPrivateKey of(BignCurve curve, byte[] dLe) throws InvalidKeyException {
        Objects.requireNonNull(curve, "curve");
        if (dLe.length != curve.privateKeyLength()) {
            throw new InvalidKeyException("a " + curve.standardName() + " private key has "
                    + curve.privateKeyLength() + " octets, not " + dLe.length);
        }
        if (!inRange(curve, Octets.fromLe(dLe))) {
            throw new InvalidKeyException("a private key must be in [1, q)");
        }
        return new BignPrivateKey(curve, dLe.clone());
    }

    /** A new key, uniform in [1, q): l/4 random octets, drawn again until they are in range. */
    public static BignPrivateKey generate(BignCurve curve, SecureRandom random) {
        byte[] d = randomScalar(curve, random);
        return new BignPrivateKey(curve, d);
    }

    /** The public key d·G. */
    public BignPublicKey publicKey() {
        return BignPublicKey.of(curve, curve.multiplyG(d()));
    }

    public BignCurve curve() {
        return curve;
    }

    /** d as l/4 little-endian octets (a new copy on each call; wipe it when done). */
    public byte[] encoded() {
        checkUsable();
        return d.clone();
    }

    @Override
    public void destroy() {
        Octets.wipe(d);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "BignPrivateKey[" + curve.standardName() + (destroyed ? ", destroyed]" : "]");
    }

    /** d as a number. */
    BigInteger d() {
        checkUsable();
        return Octets.fromLe(d);
    }

    /** l/4 little-endian random octets whose value is in [1, q). */
    static byte[] randomScalar(BignCurve curve, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] k = new byte[curve.fieldLength()];
        do {
            random.nextBytes(k);
        } while (!inRange(curve, Octets.fromLe(k)));
        return k;
    }

    static boolean inRange(BignCurve curve, BigInteger v) {
        return v.signum() > 0 && v.compareTo(curve.q()) < 0;
    }

    private void checkUsable() {
        if (destroyed) {
            throw new IllegalStateException("the private key was destroyed");
        }
    }
}
