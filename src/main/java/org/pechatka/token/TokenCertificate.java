package org.pechatka.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A certificate found on a token, with what is known about its private key.
 *
 * @param tokenId     the token it is on
 * @param certificate the certificate
 * @param keyId       the {@code CKA_ID} of the certificate object (or the key file's local key id)
 * @param label       the object label, may be empty
 * @param keyStatus   what is known about the private key
 */
public record TokenCertificate(String tokenId, X509Certificate certificate, byte[] keyId, String label,
        KeyStatus keyStatus) {

    public TokenCertificate {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(certificate, "certificate");
        keyId = keyId == null ? new byte[0] : keyId.clone();
        label = Objects.requireNonNullElse(label, "");
        Objects.requireNonNull(keyStatus, "keyStatus");
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    /** Lowercase hex SHA-256 of the certificate DER: the protocol's {@code certId}. */
    public String certId() {
        return certId(certificate);
    }

    /** The reference to this certificate's key. */
    public KeyRef keyRef() {
        return new KeyRef(keyId, SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()));
    }

    /** Lowercase hex SHA-256 of a certificate's DER. */
    public static String certId(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenCertificate other && tokenId.equals(other.tokenId)
                && certificate.equals(other.certificate) && java.util.Arrays.equals(keyId, other.keyId)
                && label.equals(other.label) && keyStatus == other.keyStatus;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokenId, certificate, java.util.Arrays.hashCode(keyId), label, keyStatus);
    }

    @Override
    public String toString() {
        return "TokenCertificate[" + tokenId + ", " + certId() + ", " + keyStatus + "]";
    }
}
