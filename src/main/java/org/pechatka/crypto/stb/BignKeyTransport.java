package org.pechatka.crypto.stb;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * bign key transport (bign-keytransport) of STB 34.101.45: a symmetric key X (at least 16 octets)
 * is sent to the holder of a bign key pair (d, Q) as a token
 * <pre>
 *   token = x(k·G) ‖ belt-kwp(X ‖ I, θ),   θ = the first 32 octets of x(k·Q)
 * </pre>
 * for a random one-time k and a 16-octet header I (zeros by default), x(·) little-endian of l/4
 * octets. The recipient recovers k·G from its x coordinate, computes θ from d·(k·G) = k·Q and
 * unwraps. The token is l/4 + 16 octets longer than X.
 */
public final class BignKeyTransport {

    /** Length of the header I in octets. */
    public static final int HEADER_LENGTH = BeltKwp.HEADER_LENGTH;

    private static final int THETA_LENGTH = 32;

    private BignKeyTransport() {}

    /**
     * @param recipient the recipient's public key Q
     * @param key       the key X to transport, at least 16 octets
     * @param header    the header I, 16 octets, or null for zeros
     * @return the token
     */
    public static byte[] wrap(BignPublicKey recipient, byte[] key, byte[] header, SecureRandom random) {
        checkKey(key);
        byte[] k = BignPrivateKey.randomScalar(recipient.curve(), random);
        try {
            return wrap(recipient, key, header, Octets.fromLe(k));
        } finally {
            Octets.wipe(k);
        }
    }

    /**
     * @param recipient the recipient's private key d
     * @param token     the token from {@link #wrap}
     * @param header    the header I expected, 16 octets, or null for zeros
     * @return the transported key X
     * @throws AEADBadTagException if the token is malformed, was made for another key or header,
     *         or was altered
     */
    public static byte[] unwrap(BignPrivateKey recipient, byte[] token, byte[] header) throws AEADBadTagException {
        BignCurve curve = recipient.curve();
        int n = curve.fieldLength();
        if (token.length < n + 32) {
            throw new AEADBadTagException("a bign key token has at least " + (n + 32) + " octets, not "
                    + token.length);
        }
        ECPoint r = pointWithX(curve, Octets.fromLe(token, 0, n));
        byte[] theta = theta(curve, curve.multiplySecret(r, recipient.d()));
        try {
            return BeltKwp.unwrap(theta, Arrays.copyOfRange(token, n, token.length), header);
        } finally {
            Octets.wipe(theta);
        }
    }

    /** The token for a given one-time key k in [1, q) (the standard's tests fix k). */
    static byte[] wrap(BignPublicKey recipient, byte[] key, byte[] header, BigInteger k) {
        checkKey(key);
        BignCurve curve = recipient.curve();
        if (!BignPrivateKey.inRange(curve, k)) {
            throw new IllegalArgumentException("the one-time key must be in [1, q)");
        }
        byte[] theta = theta(curve, curve.multiplySecret(recipient.point(), k));
        try {
            return Octets.concat(curve.xLe(curve.multiplyG(k)), BeltKwp.wrap(theta, key, header));
        } finally {
            Octets.wipe(theta);
        }
    }

    /** A point of the curve with abscissa x (either of the two: x(d·R) is the same for ±R). */
    private static ECPoint pointWithX(BignCurve curve, BigInteger x) throws AEADBadTagException {
        if (x.compareTo(curve.p()) >= 0) {
            throw new AEADBadTagException("the token's x coordinate is not below p");
        }
        byte[] compressed = new byte[1 + curve.fieldLength()];
        compressed[0] = 0x02;
        BigIntegers.asUnsignedByteArray(x, compressed, 1, curve.fieldLength());
        try {
            return curve.curve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new AEADBadTagException("the token's x coordinate is not that of a curve point");
        }
    }

    private static byte[] theta(BignCurve curve, ECPoint shared) {
        byte[] x = curve.xLe(shared);
        byte[] theta = Arrays.copyOf(x, THETA_LENGTH);
        Octets.wipe(x);
        return theta;
    }

    private static void checkKey(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("bign key transport carries at least 16 octets, not " + key.length);
        }
    }
}
