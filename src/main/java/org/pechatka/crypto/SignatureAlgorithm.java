package org.pechatka.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * One signature algorithm as every layer of Pechatka needs it: the scheme and hash, the
 * AlgorithmIdentifier that goes into X.509 and CMS, how the signature value is encoded there, and
 * the names the protocol uses. Instances live in {@link SignatureAlgorithms}; the PKCS#11
 * mechanisms that implement each scheme live in the token adapter's mechanism table.
 *
 * @param name         a stable readable name, e.g. {@code SHA256withECDSA}
 * @param scheme       the signature scheme
 * @param hash         the hash signed, or null for pure EdDSA
 * @param x509Id       the AlgorithmIdentifier for X.509, PKCS#10 and CMS
 * @param x509Encoding how the signature value is encoded in X.509 and CMS
 * @param webEidName   the Web eID / JOSE name ({@code ES256}, {@code RS256}, {@code BIGN-HBELT} …) or null
 */
public record SignatureAlgorithm(
        String name,
        SignatureScheme scheme,
        HashAlgorithm hash,
        AlgorithmIdentifier x509Id,
        Encoding x509Encoding,
        String webEidName) {

    /** Encoding of a signature value. */
    public enum Encoding {
        /** The scheme's own raw form: RSA octets, bign S0‖S1, GOST s‖r, EdDSA R‖S. */
        RAW,
        /** ECDSA: DER {@code SEQUENCE { r INTEGER, s INTEGER }} (RFC 3279). */
        DER_ECDSA
    }

    public SignatureAlgorithm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(x509Id, "x509Id");
        Objects.requireNonNull(x509Encoding, "x509Encoding");
        if (scheme.signsHash() != (hash != null)) {
            throw new IllegalArgumentException(name + ": hash must be given exactly for hash-then-sign schemes");
        }
    }

    public KeyFamily keyFamily() {
        return scheme.keyFamily();
    }

    /** Whether a key of this description can make this signature. */
    public boolean fits(KeyInfo key) {
        if (key.family() != keyFamily()) {
            return false;
        }
        if (scheme == SignatureScheme.EDDSA) {
            // the EdDSA AlgorithmIdentifier names the curve itself (RFC 8410)
            return x509Id.getAlgorithm().equals(key.curveOid());
        }
        if (scheme == SignatureScheme.GOST_2012 || scheme == SignatureScheme.BIGN) {
            // GOST R 34.10-2012 pairs a 256/512-bit key with Streebog-256/512 (RFC 9215); bign at level
            // l takes a 2l-bit hash (bign-with-hbelt: belt-hash, l = 128 only)
            return hash != null && hash.length() * 8 == key.bits();
        }
        return true;
    }

    /**
     * Converts the raw signature a token returns (ECDSA: r‖s, each {@code componentLength} bytes)
     * into the X.509/CMS encoding.
     */
    public byte[] toX509(byte[] raw) {
        if (x509Encoding == Encoding.RAW) {
            return raw.clone();
        }
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new IllegalArgumentException("raw ECDSA signature must be r||s of equal halves");
        }
        int half = raw.length / 2;
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length))));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts an X.509/CMS signature value into the raw form ({@code componentLength} bytes per
     * ECDSA component), the form Web eID tokens carry.
     */
    public byte[] toRaw(byte[] x509, int componentLength) {
        if (x509Encoding == Encoding.RAW) {
            return x509.clone();
        }
        ASN1Sequence seq = ASN1Sequence.getInstance(x509);
        if (seq.size() != 2) {
            throw new IllegalArgumentException("ECDSA signature must be a SEQUENCE of two INTEGERs");
        }
        byte[] out = new byte[2 * componentLength];
        for (int i = 0; i < 2; i++) {
            byte[] n = ASN1Integer.getInstance(seq.getObjectAt(i)).getPositiveValue().toByteArray();
            int start = (n.length > componentLength && n[0] == 0) ? 1 : 0;
            int len = n.length - start;
            if (len > componentLength) {
                throw new IllegalArgumentException("ECDSA component longer than the curve");
            }
            System.arraycopy(n, start, out, (i + 1) * componentLength - len, len);
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
