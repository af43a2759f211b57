package org.pechatka.demoportal;

import java.util.Objects;

/**
 * A CMS signature that {@link DetachedCmsVerifier} refused. The {@link #reason()} is stable; the
 * message is short English text without personal data.
 */
public final class SignatureRejectedException extends Exception {

    /** Why a signature was refused. */
    public enum Reason {
        /** Not base64 DER CMS SignedData. */
        MALFORMED,
        /** The signature carries the document itself; a detached signature was expected. */
        NOT_DETACHED,
        /** Not exactly one signer. */
        SIGNER_COUNT,
        /** The encapsulated content type is not id-data. */
        CONTENT_TYPE,
        /** A required signed attribute (contentType, messageDigest, signingTime, signingCertificateV2) is missing. */
        MISSING_ATTRIBUTE,
        /** A digest algorithm this portal does not accept (only SHA-2 and SHA-3). */
        WEAK_ALGORITHM,
        /** The signer's certificate is neither in the CMS nor the expected one. */
        SIGNER_CERTIFICATE_MISSING,
        /** Signed by another certificate than the one the user logged in with. */
        SIGNER_MISMATCH,
        /** The messageDigest attribute does not match the document the portal keeps. */
        DIGEST_MISMATCH,
        /** The signature value does not verify. */
        SIGNATURE_INVALID,
        /** signingCertificateV2 names another certificate. */
        SIGNING_CERTIFICATE_MISMATCH,
        /** signingTime too far from the portal's clock. */
        SIGNING_TIME,
        /** The signer's certificate does not chain to a trusted CA, or is not valid now. */
        SIGNER_NOT_TRUSTED,
        /** The signer's certificate allows neither digitalSignature nor nonRepudiation. */
        SIGNER_KEY_USAGE
    }

    private final Reason reason;

    public SignatureRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SignatureRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
