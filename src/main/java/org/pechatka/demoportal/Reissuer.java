package org.pechatka.demoportal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.cert.CertificateIssuer;

/**
 * The portal's demo CA for remote re-issue: a new certificate for a new key with exactly the
 * subject, key usage and extended key usage of the person's current certificate, as a CA's
 * re-issue service does after checking the request.
 */
@FunctionalInterface
public interface Reissuer {

    /** How long a re-issued demo certificate is valid. */
    Duration VALIDITY = Duration.ofDays(730);

    /**
     * Issues the certificate for {@code publicKey}; the caller has checked that the request was
     * signed with that key and names exactly {@code current}'s subject.
     */
    X509Certificate reissue(SubjectPublicKeyInfo publicKey, X509Certificate current) throws GeneralSecurityException;

    /** A reissuer signing with a CA certificate and its private key. */
    static Reissuer ca(X509Certificate caCertificate, PrivateKey caKey, Clock clock) {
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(clock, "clock");
        return (publicKey, current) -> {
            Instant now = clock.instant();
            CertificateIssuer.Builder b = CertificateIssuer.builder()
                    .withSubject(X500Name.getInstance(current.getSubjectX500Principal().getEncoded()))
                    .withPublicKey(publicKey)
                    .withIssuer(caCertificate, caKey)
                    .withValidity(now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY))
                    .withEndEntityBasicConstraints();
            int usage = keyUsageBits(current.getKeyUsage());
            b = usage == 0 ? b.withoutKeyUsage() : b.withKeyUsage(usage);
            List<String> purposes;
            try {
                purposes = current.getExtendedKeyUsage();
            } catch (CertificateParsingException e) {
                throw new GeneralSecurityException("the current certificate's extended key usage cannot be read", e);
            }
            if (purposes != null && !purposes.isEmpty()) {
                b = b.withExtendedKeyUsage(purposes.stream().map(ASN1ObjectIdentifier::new)
                        .toArray(ASN1ObjectIdentifier[]::new));
            }
            return b.issue();
        };
    }

    /** The JDK's keyUsage flags as Bouncy Castle's KeyUsage bits. */
    static int keyUsageBits(boolean[] flags) {
        if (flags == null) {
            return 0;
        }
        int bits = 0;
        for (int i = 0; i < flags.length && i < 9; i++) {
            if (flags[i]) {
                bits |= i < 8 ? 1 << (7 - i) : 1 << 15;
            }
        }
        return bits;
    }
}
