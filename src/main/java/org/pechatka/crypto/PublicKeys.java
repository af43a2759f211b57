package org.pechatka.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * SubjectPublicKeyInfo for the national keys, and one canonical form to compare keys that reach
 * Pechatka encoded differently (a certificate and a token object describe the same GOST key with or
 * without digestParamSet, under the 2001 or the 2012 key OID).
 */
public final class PublicKeys {

    private PublicKeys() {}

    /**
     * A GOST R 34.10-2012 key (RFC 9215): the key OID by size, parameters {@code SEQ{paramSet}}, the
     * BIT STRING holding an OCTET STRING of x‖y, each little-endian.
     */
    public static SubjectPublicKeyInfo gost2012(ASN1ObjectIdentifier paramSet, byte[] xyLittleEndian) throws IOException {
        ASN1ObjectIdentifier alg = switch (xyLittleEndian.length) {
            case 64 -> NationalOids.GOST3410_12_256;
            case 128 -> NationalOids.GOST3410_12_512;
            default -> throw new IOException("a GOST R 34.10-2012 public key has 64 or 128 octets, not "
                    + xyLittleEndian.length);
        };
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(alg, new DERSequence(paramSet)),
                new DEROctetString(xyLittleEndian));
    }

    /**
     * A bign key (STB 34.101.45 Д.2): {@code SEQ{bign-pubkey, curve OID}} and the raw x‖y,
     * little-endian, in the BIT STRING (no OCTET STRING, no 0x04).
     */
    public static SubjectPublicKeyInfo bign(ASN1ObjectIdentifier curve, byte[] xyLittleEndian) {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, curve), xyLittleEndian);
    }

    /**
     * The form two descriptions of one key share: GOST keys reduced to {key OID by size, paramSet,
     * key octets} (the 2001 key OID and digestParamSet dropped); every other key as it is.
     */
    public static SubjectPublicKeyInfo canonical(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        boolean gost = NationalOids.GOST3410_12_256.equals(alg) || NationalOids.GOST3410_12_512.equals(alg)
                || GOST_2001.equals(alg);
        if (!gost) {
            return spki;
        }
        try {
            ASN1Encodable params = spki.getAlgorithm().getParameters();
            if (!(params instanceof ASN1Sequence seq) || seq.size() == 0
                    || !(seq.getObjectAt(0) instanceof ASN1ObjectIdentifier paramSet)) {
                return spki;
            }
            ASN1Primitive key = ASN1Primitive.fromByteArray(spki.getPublicKeyData().getBytes());
            if (!(key instanceof ASN1OctetString os)) {
                return spki;
            }
            return gost2012(paramSet, os.getOctets());
        } catch (IOException | IllegalArgumentException e) {
            return spki;
        }
    }

    /** Whether two descriptions name the same key. */
    public static boolean same(SubjectPublicKeyInfo a, SubjectPublicKeyInfo b) {
        return a.equals(b) || canonical(a).equals(canonical(b));
    }

    /** id-GostR3410-2001: the same curve arithmetic as GOST R 34.10-2012 256. */
    private static final ASN1ObjectIdentifier GOST_2001 = new ASN1ObjectIdentifier("1.2.643.2.2.19");
}
