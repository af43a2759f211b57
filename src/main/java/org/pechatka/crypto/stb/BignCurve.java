package org.pechatka.crypto.stb;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.pechatka.crypto.NationalOids;

/**
 * The standard bign curves of STB 34.101.45 (appendix Б, tables Б.1–Б.3): y² = x³ + ax + b over
 * GF(p), a prime order q (cofactor 1) and the base point G = (0, yG).
 *
 * <p>For security level l the field and the group have 2l bits: a private key and a hash input take
 * l/4 octets, a public key l/2 (x‖y), a signature 3l/8 (S0 of l/8, S1 of l/4). All of them are
 * little-endian octet strings; the parameters below are written as the standard prints them,
 * little-endian too.
 */
public enum BignCurve {

    /** bign-curve256v1, level 128 (table Б.1). */
    BIGN_CURVE256V1(NationalOids.BIGN_CURVE256V1, 128,
            "43FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "40FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "F1039CD66B7D2EB253928B976950F54CBEFBD8E4AB3AC1D2EDA8F315156CCE77",
            "07663D2699BF5A7EFC4DFB0DD68E5CD9FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "936A510418CF291E52F608C4663991785D83D651A3C9E45C9FD616FB3CFCF76B",
            "5E38010000000000"),

    /** bign-curve384v1, level 192 (table Б.2). */
    BIGN_CURVE384V1(NationalOids.BIGN_CURVE384V1, 192,
            "C3FEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
                    + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "C0FEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
                    + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "64BF736823FCA7BC7CBDCEF3F0E2BD143A2E71E9F96A21A696B1FB0FBB482771"
                    + "D2345D65AB5A073320EF9C95E1DF753C",
            "B7A70CF33FDCB73D0AFFA4A6E7DA4680BB7BAF7303C4CC6CFEFFFFFFFFFFFFFF"
                    + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "51C433F731CB5EEAF9422A6B273E408455D3B1669EE74905A0FF86DC119A723A"
                    + "89BF2D437E1130639E9E2EA82482435D",
            "23AF000000000000"),

    /** bign-curve512v1, level 256 (table Б.3). */
    BIGN_CURVE512V1(NationalOids.BIGN_CURVE512V1, 256,
            "C7FDFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
                    + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "C4FDFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
                    + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "909C13D6986934097AA2493A272286EA43A2AC878C003329955E24C4B5DC1127"
                    + "88B0ADDAE313CE1751255DDDEEA9C65B8958FD606A5D8CD8438C3B934459B46C",
            "F18E060D49ADFFDC32DF5695E5CA1B36F413212EB0EB6BF24E0098012C09C0B2"
                    + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "BDEDEFCE6FAE92B7040D4CC9B983AA676122E8EE957377FFD26FFA0EE2DD7369"
                    + "DACACC001BF8EDD2E2BC61B3B341ABB0AB8FD1A0F7E682B1817603E47AFF26A8",
            "AE17020000000000");

    private final ASN1ObjectIdentifier oid;
    private final int level;
    private final BigInteger p;
    private final BigInteger a;
    private final BigInteger b;
    private final BigInteger q;
    private final byte[] seed;
    private final ECCurve curve;
    private final ECPoint g;

    BignCurve(ASN1ObjectIdentifier oid, int level, String pLe, String aLe, String bLe, String qLe, String yGLe,
            String seed) {
        HexFormat hex = HexFormat.of();
        this.oid = oid;
        this.level = level;
        this.p = Octets.fromLe(hex.parseHex(pLe));
        this.a = Octets.fromLe(hex.parseHex(aLe));
        this.b = Octets.fromLe(hex.parseHex(bLe));
        this.q = Octets.fromLe(hex.parseHex(qLe));
        this.seed = hex.parseHex(seed);
        this.curve = new ECCurve.Fp(p, a, b, q, BigInteger.ONE);
        this.g = curve.validatePoint(BigInteger.ZERO, Octets.fromLe(hex.parseHex(yGLe)));
    }

    /** The curve's OID (bign-curve256v1 …). */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The standard's name, e.g. {@code bign-curve256v1}. */
    public String standardName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The security level l in bits: 128, 192 or 256. */
    public int level() {
        return level;
    }

    /** The field modulus p. */
    public BigInteger p() {
        return p;
    }

    public BigInteger a() {
        return a;
    }

    public BigInteger b() {
        return b;
    }

    /** The group order q (2^(2l-1) &lt; q &lt; 2^(2l)). */
    public BigInteger q() {
        return q;
    }

    /** The base point G = (0, yG). */
    public ECPoint g() {
        return g;
    }

    /** The seed the standard generated b from (8 octets; a new copy on each call). */
    public byte[] seed() {
        return seed.clone();
    }

    /** The curve in Bouncy Castle's terms (order q, cofactor 1). */
    public ECCurve curve() {
        return curve;
    }

    /** Octets of a field element, of q, of a private key and of the hash bign signs: l/4. */
    public int fieldLength() {
        return level / 4;
    }

    /** Octets of a private key d: l/4. */
    public int privateKeyLength() {
        return level / 4;
    }

    /** Octets of a public key x‖y: l/2. */
    public int publicKeyLength() {
        return level / 2;
    }

    /** Octets of the hash value bign signs: l/4. */
    public int hashLength() {
        return level / 4;
    }

    /** Octets of a signature S0‖S1: 3l/8. */
    public int signatureLength() {
        return 3 * level / 8;
    }

    /** The curve of an OID. */
    public static Optional<BignCurve> byOid(ASN1ObjectIdentifier oid) {
        return Arrays.stream(values()).filter(c -> c.oid.equals(oid)).findFirst();
    }

    /** The curve of a security level (128, 192 or 256). */
    public static Optional<BignCurve> byLevel(int level) {
        return Arrays.stream(values()).filter(c -> c.level == level).findFirst();
    }

    /** k·G for a secret k in [1, q): a fixed-point comb, regular in k (Bouncy Castle's ECDSA choice). */
    ECPoint multiplyG(BigInteger k) {
        return new FixedPointCombMultiplier().multiply(g, k).normalize();
    }

    /**
     * k·P for a secret k in [1, q) and a point P of the group: a Montgomery ladder over all 2l bits
     * of k, one addition and one doubling per bit whatever the bit.
     */
    ECPoint multiplySecret(ECPoint point, BigInteger k) {
        byte[] scalar = Octets.toLe(k, fieldLength());
        ECPoint[] r = {curve.getInfinity(), point};
        for (int i = 8 * scalar.length - 1; i >= 0; i--) {
            int bit = (scalar[i >>> 3] >>> (i & 7)) & 1;
            r[1 - bit] = r[0].add(r[1]);
            r[bit] = r[bit].twice();
        }
        Octets.wipe(scalar);
        return r[0].normalize();
    }

    /** x(P) as l/4 little-endian octets. */
    byte[] xLe(ECPoint normalized) {
        return Octets.toLe(normalized.getAffineXCoord().toBigInteger(), fieldLength());
    }
}
