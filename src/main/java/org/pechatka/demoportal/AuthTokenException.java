package org.pechatka.demoportal;

import java.util.Objects;

/**
 * A Web eID authentication token that {@link AuthTokenValidator} refused. The {@link #reason()} is
 * stable and meant for programs and logs; the message is short English text without personal data.
 */
public final class AuthTokenException extends Exception {

    /** Why a token was refused, in the order the rules are checked. */
    public enum Reason {
        /** Not a JSON object of the right size, or a field of the wrong type. */
        TOKEN_MALFORMED,
        /** {@code format} missing or not {@code web-eid:1} / {@code web-eid:1.x}. */
        FORMAT_UNSUPPORTED,
        /** {@code unverifiedCertificate} missing, not base64 or not one DER X.509 certificate. */
        CERTIFICATE_MALFORMED,
        /** keyUsage without digitalSignature (or absent), or an extendedKeyUsage without clientAuth. */
        CERTIFICATE_PURPOSE,
        /** The certificate names a policy this portal does not accept. */
        CERTIFICATE_POLICY_DISALLOWED,
        /** The certificate's validity ended before the validator's clock. */
        CERTIFICATE_EXPIRED,
        /** The certificate's validity starts after the validator's clock. */
        CERTIFICATE_NOT_YET_VALID,
        /** No PKIX path from the certificate to a configured CA. */
        CERTIFICATE_NOT_TRUSTED,
        /** The portal passed no nonce. */
        NONCE_MISSING,
        /** {@code algorithm} missing or not on the allow-list. */
        ALGORITHM_UNSUPPORTED,
        /** The signature is missing, not base64, or does not verify over H(origin) ‖ H(nonce). */
        SIGNATURE_INVALID
    }

    private final Reason reason;

    public AuthTokenException(Reason reason, String message) {
        this(reason, message, null);
    }

    public AuthTokenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
