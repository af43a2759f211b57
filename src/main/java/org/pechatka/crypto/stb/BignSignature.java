package org.pechatka.crypto.stb;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * bign signatures of STB 34.101.45 (signing: algorithm 7.1.3; deterministic one-time key:
 * algorithm 6.3.3) over a given hash value H (l/4 octets) and the DER of the hash
 * algorithm's OID (for belt-hash {@link BeltHash#oidDer()}), which the signature binds. Any hash
 * of the right length works: belt-hash at level 128, bash384/bash512 at the higher levels.
 *
 * <pre>
 *   sign:   R = k·G;  S0 = first l/8 octets of belt-hash(oid ‖ x(R) ‖ H);
 *           S1 = (k − H − (S0 + 2^l)·d) mod q;  signature = S0 ‖ S1
 *   verify: reject S1 ≥ q;  R = ((S1 + H) mod q)·G + (S0 + 2^l)·Q;  reject R = O;
 *           accept iff S0 = first l/8 octets of belt-hash(oid ‖ x(R) ‖ H)
 * </pre>
 * H, S0, S1 and x(R) are little-endian. k is random ({@link #sign}) or derived from d, H and
 * optional data t ({@link #signDeterministic}, the standard's algorithm for generating k
 * deterministically: θ = belt-hash(oid ‖ d ‖ t), then r = H is encrypted with belt-wblock under θ
 * until r, as a number, lies in [1, q)).
 */
public final class BignSignature {

    private BignSignature() {}

    /**
     * Signs with a fresh random one-time key k.
     *
     * @param hashOidDer the DER of the hash algorithm's OID (tag, length and value)
     * @param hash       the hash value H, l/4 octets
     * @return S0 ‖ S1, 3l/8 octets
     */
    public static byte[] sign(BignPrivateKey key, byte[] hashOidDer, byte[] hash, SecureRandom random) {
        checkInputs(key.curve(), hashOidDer, hash);
        byte[] k = BignPrivateKey.randomScalar(key.curve(), random);
        try {
            return sign(key, hashOidDer, hash, Octets.fromLe(k));
        } finally {
            Octets.wipe(k);
        }
    }

    /**
     * Signs with the one-time key derived from the private key, the hash and {@code t}: the same
     * inputs always give the same signature, and no random source is needed.
     *
     * @param t optional additional data mixed into k (null or empty: none)
     */
    public static byte[] signDeterministic(BignPrivateKey key, byte[] hashOidDer, byte[] hash, byte[] t) {
        checkInputs(key.curve(), hashOidDer, hash);
        return sign(key, hashOidDer, hash, deterministicK(key, hashOidDer, hash, t));
    }

    /**
     * Checks a signature. Never throws for a wrong signature: any length but 3l/8, S1 ≥ q or a
     * mismatch gives false.
     *
     * @throws IllegalArgumentException if {@code hash} is not l/4 octets or {@code hashOidDer} is not
     *         the DER of an OID (caller errors, not properties of the signature)
     */
    public static boolean verify(BignPublicKey key, byte[] hashOidDer, byte[] hash, byte[] signature) {
        BignCurve curve = key.curve();
        checkInputs(curve, hashOidDer, hash);
        int n = curve.fieldLength();
        int s0Length = n / 2;
        if (signature == null || signature.length != s0Length + n) {
            return false;
        }
        BigInteger s1 = Octets.fromLe(signature, s0Length, n);
        if (s1.compareTo(curve.q()) >= 0) {
            return false;
        }
        BigInteger t = s1.add(Octets.fromLe(hash)).mod(curve.q());
        BigInteger s0 = Octets.fromLe(signature, 0, s0Length).setBit(curve.level());
        ECPoint r = ECAlgorithms.sumOfTwoMultiplies(curve.g(), t, key.point(), s0).normalize();
        if (r.isInfinity()) {
            return false;
        }
        return Octets.equalsAt(s0(hashOidDer, curve.xLe(r), hash, s0Length), signature, 0);
    }

    /** The signature with a given one-time key k in [1, q) (the standard's tests fix k). */
    static byte[] sign(BignPrivateKey key, byte[] hashOidDer, byte[] hash, BigInteger k) {
        BignCurve curve = key.curve();
        checkInputs(curve, hashOidDer, hash);
        if (!BignPrivateKey.inRange(curve, k)) {
            throw new IllegalArgumentException("the one-time key must be in [1, q)");
        }
        int n = curve.fieldLength();
        byte[] s0 = s0(hashOidDer, curve.xLe(curve.multiplyG(k)), hash, n / 2);
        BigInteger s1 = k.subtract(Octets.fromLe(hash))
                .subtract(Octets.fromLe(s0).setBit(curve.level()).multiply(key.d()))
                .mod(curve.q());
        return Octets.concat(s0, Octets.toLe(s1, n));
    }

    /** The deterministic one-time key for {@code d}, H and {@code t}. */
    static BigInteger deterministicK(BignPrivateKey key, byte[] hashOidDer, byte[] hash, byte[] t) {
        BeltHash h = new BeltHash();
        h.update(hashOidDer);
        byte[] d = key.encoded();
        h.update(d);
        Octets.wipe(d);
        if (t != null) {
            h.update(t);
        }
        byte[] theta = h.digest();
        BeltWblock wblock = new BeltWblock(theta);
        Octets.wipe(theta);
        byte[] r = hash;
        BigInteger k;
        do {
            byte[] next = wblock.encrypt(r);
            if (r != hash) {
                Octets.wipe(r);
            }
            r = next;
            k = Octets.fromLe(r);
        } while (!BignPrivateKey.inRange(key.curve(), k));
        Octets.wipe(r);
        wblock.destroy();
        return k;
    }

    /** The first {@code length} octets of belt-hash(oid ‖ x(R) ‖ H). */
    private static byte[] s0(byte[] hashOidDer, byte[] xR, byte[] hash, int length) {
        BeltHash h = new BeltHash();
        h.update(hashOidDer);
        h.update(xR);
        h.update(hash);
        return Arrays.copyOf(h.digest(), length);
    }

    private static void checkInputs(BignCurve curve, byte[] hashOidDer, byte[] hash) {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != curve.hashLength()) {
            throw new IllegalArgumentException("bign on " + curve.standardName() + " signs a hash of "
                    + curve.hashLength() + " octets, not " + hash.length);
        }
        checkOidDer(hashOidDer);
    }

    /** Throws unless {@code der} is exactly the DER of one OID. */
    static void checkOidDer(byte[] der) {
        Objects.requireNonNull(der, "hashOidDer");
        try {
            if (ASN1Primitive.fromByteArray(der) instanceof ASN1ObjectIdentifier oid
                    && Arrays.equals(oid.getEncoded(ASN1Encoding.DER), der)) {
                return;
            }
        } catch (IOException | IllegalArgumentException e) {
            // fall through: not an OID
        }
        throw new IllegalArgumentException("the hash algorithm must be given as the DER of its OID");
    }
}
