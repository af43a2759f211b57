package org.pechatka.files;

import java.time.Instant;
import java.util.Objects;
import org.pechatka.cert.CertificateView;

/**
 * What verifying one SignerInfo found: the signer as a person reads it ({@link CertificateView}:
 * full name, organisation, position, personal number / INN …, serial, issuer), whether the
 * signature and the message digest hold, and whether the signer's certificate is trusted.
 *
 * @param signer             the signer's certificate, or null when the signature does not carry it
 * @param signerReference    issuer and serial number the SignerInfo names (for a missing certificate)
 * @param outcome            the signature and digest check
 * @param trust              the signer's certificate against the trust store
 * @param signingTime        the signingTime attribute (the signer's own clock), or null
 * @param digestAlgorithm    e.g. {@code SHA-256}, {@code BELT-HASH}, or the OID
 * @param signatureAlgorithm e.g. {@code SHA256withECDSA}, {@code bign-with-hbelt}, or the OID
 * @param forSigning         false when the certificate's key usage allows neither digitalSignature
 *                           nor nonRepudiation
 */
public record SignerCheck(CertificateView signer, String signerReference, Outcome outcome, Trust trust,
        Instant signingTime, String digestAlgorithm, String signatureAlgorithm, boolean forSigning) {

    /** The cryptographic check of one SignerInfo. */
    public enum Outcome {
        /** The signature verifies and the file is the one that was signed. */
        VALID,
        /** The signature itself holds, but the file is not the one that was signed (changed, or another file). */
        CONTENT_CHANGED,
        /** The signature does not verify with the signer's key. */
        SIGNATURE_INVALID,
        /** The signing-certificate attribute names another certificate than the one found. */
        WRONG_CERTIFICATE,
        /** The signer's certificate is not in the signature (nor given). */
        NO_CERTIFICATE,
        /** The algorithm cannot be checked here. */
        UNSUPPORTED_ALGORITHM
    }

    /** The signer's certificate against the trust store. */
    public enum Trust {
        /** It chains to a trusted root and the path is valid now. */
        TRUSTED,
        /**
         * Valid at the signing time the signature states, but not now (expired since). The signing
         * time is the signer's own claim (no timestamp), so this does not count as verified.
         */
        TRUSTED_AT_SIGNING_TIME_ONLY,
        /** No valid path to a trusted root. */
        NOT_TRUSTED,
        /** Not checked: there is no certificate. */
        UNKNOWN
    }

    public SignerCheck {
        Objects.requireNonNull(signerReference, "signerReference");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    }

    /** Signature, digest, certificate and trust all hold. */
    public boolean verified() {
        return outcome == Outcome.VALID && trust == Trust.TRUSTED && forSigning;
    }

    @Override
    public String toString() {
        // the view's own toString shows only the certId: no personal data in logs
        return "SignerCheck[" + signer + ", " + outcome + ", " + trust + "]";
    }
}
