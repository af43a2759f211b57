package org.pechatka.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.pechatka.crypto.stb.BeltHash;
import org.pechatka.error.PechatkaException;

/**
 * The hash algorithms of the protocol (PROTOCOL.md section 2), with their OIDs, output lengths
 * and the implementation that computes them on the host: a JCA provider, or for belt-hash, which
 * no provider has, Pechatka's own {@link BeltHash}.
 */
public enum HashAlgorithm {
    SHA_256("SHA-256", "2.16.840.1.101.3.4.2.1", 32, "SHA-256", null),
    SHA_384("SHA-384", "2.16.840.1.101.3.4.2.2", 48, "SHA-384", null),
    SHA_512("SHA-512", "2.16.840.1.101.3.4.2.3", 64, "SHA-512", null),
    SHA3_256("SHA3-256", "2.16.840.1.101.3.4.2.8", 32, "SHA3-256", null),
    SHA3_384("SHA3-384", "2.16.840.1.101.3.4.2.9", 48, "SHA3-384", null),
    SHA3_512("SHA3-512", "2.16.840.1.101.3.4.2.10", 64, "SHA3-512", null),
    /** STB 34.101.31 belt-hash, computed on the host by {@link BeltHash} (no JCA name). */
    BELT_HASH("BELT-HASH", "1.2.112.0.2.0.34.101.31.81", 32, null, null),
    /** GOST R 34.11-2012, 256 bits; output in Bouncy Castle's (little-endian) byte order. */
    STREEBOG_256("STREEBOG-256", "1.2.643.7.1.1.2.2", 32, "GOST3411-2012-256", Bc.PROVIDER),
    /** GOST R 34.11-2012, 512 bits; output in Bouncy Castle's (little-endian) byte order. */
    STREEBOG_512("STREEBOG-512", "1.2.643.7.1.1.2.3", 64, "GOST3411-2012-512", Bc.PROVIDER);

    private final String protocolName;
    private final ASN1ObjectIdentifier oid;
    private final int length;
    private final String jcaName;
    private final Provider provider;

    HashAlgorithm(String protocolName, String oid, int length, String jcaName, Provider provider) {
        this.protocolName = protocolName;
        this.oid = new ASN1ObjectIdentifier(oid);
        this.length = length;
        this.jcaName = jcaName;
        this.provider = provider;
    }

    /** The name used in the protocol, e.g. {@code SHA-256}. */
    public String protocolName() {
        return protocolName;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** Output length in bytes. */
    public int length() {
        return length;
    }

    /** Whether the host can compute this hash (otherwise only a token mechanism can). */
    public boolean hostSupported() {
        return jcaName != null || this == BELT_HASH;
    }

    /** A new host-side digest (incremental; belt-hash's has no provider). */
    public MessageDigest newDigest() throws PechatkaException.AlgorithmUnsupported {
        if (this == BELT_HASH) {
            return new BeltHash();
        }
        if (jcaName == null) {
            throw new PechatkaException.AlgorithmUnsupported(protocolName + " is not available on this computer");
        }
        try {
            return provider == null ? MessageDigest.getInstance(jcaName) : MessageDigest.getInstance(jcaName, provider);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** Hashes {@code data} on the host. */
    public byte[] digest(byte[] data) throws PechatkaException.AlgorithmUnsupported {
        return newDigest().digest(data);
    }

    /** The DER {@code DigestInfo} that RSA PKCS#1 v1.5 signs (RFC 8017 section 9.2). */
    public byte[] digestInfo(byte[] digest) {
        checkLength(digest);
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code digest} has this hash's length. */
    public void checkLength(byte[] digest) {
        if (digest == null || digest.length != length) {
            throw new IllegalArgumentException(protocolName + " digest must be " + length + " bytes");
        }
    }

    /** Looks a hash up by its protocol name (exact, case-sensitive, as the contract spells it). */
    public static Optional<HashAlgorithm> byProtocolName(String name) {
        return Arrays.stream(values()).filter(h -> h.protocolName.equals(name)).findFirst();
    }

    /** Looks a hash up by its OID. */
    public static Optional<HashAlgorithm> byOid(ASN1ObjectIdentifier oid) {
        return Arrays.stream(values()).filter(h -> h.oid.equals(oid)).findFirst();
    }
}
