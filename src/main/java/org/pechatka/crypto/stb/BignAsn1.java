package org.pechatka.crypto.stb;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.NationalOids;

/**
 * bign keys in ASN.1 (STB 34.101.45 appendix Д, STB 34.101.78).
 *
 * <pre>
 *   SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { bign-pubkey, DomainParameters },
 *                                       BIT STRING -- x‖y, raw: no OCTET STRING, no 04 }
 *   PrivateKeyInfo       ::= SEQUENCE { INTEGER 0, SEQUENCE { bign-pubkey, DomainParameters },
 *                                       OCTET STRING -- d, raw (bee2 bpkiPrivkeyEnc) }
 *   DomainParameters     ::= CHOICE { specified ECParameters, named OBJECT IDENTIFIER, implicit NULL }
 *   ECParameters         ::= SEQUENCE { version INTEGER (1),
 *                                       fieldID SEQUENCE { bign-primefield, prime INTEGER },
 *                                       curve SEQUENCE { a OCTET STRING, b OCTET STRING,
 *                                                        seed BIT STRING OPTIONAL },
 *                                       base OCTET STRING -- yG, order INTEGER, cofactor INTEGER OPTIONAL }
 * </pre>
 * Keys are written with a named curve. Reading accepts a named standard curve, specified
 * parameters equal to a standard curve's, and, where the caller supplies the curve they inherit,
 * implicit parameters. Octet strings inside ECParameters are little-endian, INTEGERs big-endian
 * as DER requires.
 */
public final class BignAsn1 {

    private BignAsn1() {}

    /** The SubjectPublicKeyInfo of a key, with its curve named. */
    public static SubjectPublicKeyInfo subjectPublicKeyInfo(BignPublicKey key) {
        return new SubjectPublicKeyInfo(algorithm(key.curve()), key.encoded());
    }

    /**
     * The key of a SubjectPublicKeyInfo with named or specified parameters.
     *
     * @throws InvalidKeyException if it is not a bign key on a standard curve, or not a valid one
     */
    public static BignPublicKey publicKey(SubjectPublicKeyInfo spki) throws InvalidKeyException {
        return publicKey(spki, null);
    }

    /**
     * The key of a SubjectPublicKeyInfo; implicit ({@code NULL}) parameters mean {@code implicitCurve}
     * (typically the issuer's curve), or are refused when it is null.
     */
    public static BignPublicKey publicKey(SubjectPublicKeyInfo spki, BignCurve implicitCurve)
            throws InvalidKeyException {
        BignCurve curve = curve(spki.getAlgorithm(), implicitCurve);
        ASN1BitString bits = spki.getPublicKeyData();
        if (bits.getPadBits() != 0) {
            throw new InvalidKeyException("the public key BIT STRING has unused bits");
        }
        return BignPublicKey.of(curve, bits.getOctets());
    }

    /** The PrivateKeyInfo of a key as STB 34.101.78 (bee2 bpki) writes it: version 0, named curve, raw d. */
    public static PrivateKeyInfo privateKeyInfo(BignPrivateKey key) {
        return new PrivateKeyInfo(algorithm(key.curve()), key.encoded(), null, null);
    }

    /**
     * The key of a PrivateKeyInfo of version 0 with named or specified parameters.
     *
     * @throws InvalidKeyException if it is not such a bign key, or not a valid one
     */
    public static BignPrivateKey privateKey(PrivateKeyInfo info) throws InvalidKeyException {
        if (!BigInteger.ZERO.equals(info.getVersion().getValue())) {
            throw new InvalidKeyException("a bign PrivateKeyInfo has version 0");
        }
        BignCurve curve = curve(info.getPrivateKeyAlgorithm(), null);
        byte[] d = info.getPrivateKey().getOctets();
        return BignPrivateKey.of(curve, d);
    }

    /** The specified ECParameters of a standard curve (as bee2 bignParamsEnc writes them). */
    public static ASN1Sequence ecParameters(BignCurve curve) {
        int n = curve.fieldLength();
        return new DERSequence(new ASN1Encodable[] {
                new ASN1Integer(1),
                new DERSequence(new ASN1Encodable[] {NationalOids.BIGN_PRIMEFIELD, new ASN1Integer(curve.p())}),
                new DERSequence(new ASN1Encodable[] {
                        new DEROctetString(Octets.toLe(curve.a(), n)),
                        new DEROctetString(Octets.toLe(curve.b(), n)),
                        new DERBitString(curve.seed())}),
                new DEROctetString(Octets.toLe(curve.g().getAffineYCoord().toBigInteger(), n)),
                new ASN1Integer(curve.q())});
    }

    /**
     * The standard curve that DomainParameters denote: a named curve, specified parameters, or for
     * {@code NULL} the implicit curve if given.
     *
     * @throws InvalidKeyException otherwise
     */
    public static BignCurve curve(ASN1Encodable domainParameters, BignCurve implicitCurve) throws InvalidKeyException {
        if (domainParameters instanceof ASN1ObjectIdentifier oid) {
            return BignCurve.byOid(oid)
                    .orElseThrow(() -> new InvalidKeyException("not a standard bign curve: " + oid.getId()));
        }
        if (domainParameters == null || domainParameters instanceof ASN1Null) {
            if (implicitCurve == null) {
                throw new InvalidKeyException("implicit bign parameters, and no curve to inherit");
            }
            return implicitCurve;
        }
        if (domainParameters instanceof ASN1Sequence seq) {
            return specified(seq).orElseThrow(
                    () -> new InvalidKeyException("the specified bign parameters are not a standard curve's"));
        }
        throw new InvalidKeyException("unrecognised bign parameters");
    }

    private static BignCurve curve(AlgorithmIdentifier algorithm, BignCurve implicitCurve) throws InvalidKeyException {
        if (!NationalOids.BIGN_PUBKEY.equals(algorithm.getAlgorithm())) {
            throw new InvalidKeyException("not a bign key: " + algorithm.getAlgorithm().getId());
        }
        return curve(algorithm.getParameters(), implicitCurve);
    }

    private static AlgorithmIdentifier algorithm(BignCurve curve) {
        return new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, curve.oid());
    }

    /** The standard curve equal to specified ECParameters (the seed is not compared), if any. */
    private static Optional<BignCurve> specified(ASN1Sequence params) throws InvalidKeyException {
        try {
            if (params.size() < 5 || params.size() > 6
                    || !ASN1Integer.getInstance(params.getObjectAt(0)).hasValue(1)) {
                return Optional.empty();
            }
            ASN1Sequence field = ASN1Sequence.getInstance(params.getObjectAt(1));
            ASN1Sequence ab = ASN1Sequence.getInstance(params.getObjectAt(2));
            if (field.size() != 2 || !NationalOids.BIGN_PRIMEFIELD.equals(field.getObjectAt(0))
                    || ab.size() < 2 || ab.size() > 3
                    || params.size() == 6 && !ASN1Integer.getInstance(params.getObjectAt(5)).hasValue(1)) {
                return Optional.empty();
            }
            BigInteger p = ASN1Integer.getInstance(field.getObjectAt(1)).getValue();
            byte[] a = ASN1OctetString.getInstance(ab.getObjectAt(0)).getOctets();
            byte[] b = ASN1OctetString.getInstance(ab.getObjectAt(1)).getOctets();
            byte[] yG = ASN1OctetString.getInstance(params.getObjectAt(3)).getOctets();
            BigInteger q = ASN1Integer.getInstance(params.getObjectAt(4)).getValue();
            for (BignCurve c : BignCurve.values()) {
                int n = c.fieldLength();
                if (c.p().equals(p) && c.q().equals(q) && Arrays.equals(Octets.toLe(c.a(), n), a)
                        && Arrays.equals(Octets.toLe(c.b(), n), b)
                        && Arrays.equals(Octets.toLe(c.g().getAffineYCoord().toBigInteger(), n), yG)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("malformed bign ECParameters", e);
        }
    }
}
