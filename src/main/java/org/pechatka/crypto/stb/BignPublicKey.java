package org.pechatka.crypto.stb;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A bign public key Q = d·G: the point's coordinates x‖y, each l/4 little-endian octets, with no
 * {@code 04} prefix and no wrapping (the content of the SubjectPublicKeyInfo BIT STRING).
 *
 * <p>An instance always holds a valid key: both coordinates below p and the point on the curve
 * (the group has prime order and cofactor 1, so that is all STB 34.101.45 asks). Immutable.
 */
public final class BignPublicKey {

    private final BignCurve curve;
    private final byte[] encoded;
    private final ECPoint point;

    private BignPublicKey(BignCurve curve, byte[] encoded, ECPoint point) {
        this.curve = curve;
        this.encoded = encoded;
        this.point = point;
    }

    /**
     * The key encoded as {@code x‖y}.
     *
     * @throws InvalidKeyException if the length is not l/2, a coordinate is not below p or the point
     *         is not on the curve
     */
    public static BignPublicKey of(BignCurve curve, byte[] xy) throws InvalidKeyException {
        Objects.requireNonNull(curve, "curve");
        int n = curve.fieldLength();
        if (xy.length != 2 * n) {
            throw new InvalidKeyException("a " + curve.standardName() + " public key has " + 2 * n
                    + " octets, not " + xy.length);
        }
        BigInteger x = Octets.fromLe(xy, 0, n);
        BigInteger y = Octets.fromLe(xy, n, n);
        if (x.compareTo(curve.p()) >= 0 || y.compareTo(curve.p()) >= 0) {
            throw new InvalidKeyException("a public key coordinate is not below p");
        }
        ECPoint point = curve.curve().createPoint(x, y);
        if (!point.isValid()) {
            throw new InvalidKeyException("the public key is not a point of " + curve.standardName());
        }
        return new BignPublicKey(curve, xy.clone(), point);
    }

    /** Whether {@code xy} is a valid public key on {@code curve} (see {@link #of}). */
    public static boolean isValid(BignCurve curve, byte[] xy) {
        try {
            of(curve, xy);
            return true;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    /** The key of a point computed from a private key or a signature check (already on the curve). */
    static BignPublicKey of(BignCurve curve, ECPoint point) {
        ECPoint p = point.normalize();
        byte[] xy = Octets.concat(curve.xLe(p),
                Octets.toLe(p.getAffineYCoord().toBigInteger(), curve.fieldLength()));
        return new BignPublicKey(curve, xy, p);
    }

    public BignCurve curve() {
        return curve;
    }

    /** x‖y, l/2 octets (a new copy on each call). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The point Q, normalized. */
    ECPoint point() {
        return point;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BignPublicKey k && k.curve == curve && Arrays.equals(k.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return 31 * curve.hashCode() + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "BignPublicKey[" + curve.standardName() + ", " + HexFormat.of().formatHex(encoded) + "]";
    }
}
