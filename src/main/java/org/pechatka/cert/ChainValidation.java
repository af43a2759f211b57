package org.pechatka.cert;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The result of checking a certificate's chain against the trust store: one status a person can
 * read, the path that was built (leaf first, trust anchor last when one was found), the certificate
 * the problem is with, and an English detail for the command line and the logs.
 *
 * @param status  the verdict
 * @param path    the certificates from the leaf up, as far as the chain could be built
 * @param subject the certificate the status is about (the leaf when all is well), or null
 * @param detail  what exactly was found, in English (never shown in the dialogs, which use the status)
 */
public record ChainValidation(Status status, List<X509Certificate> path, X509Certificate subject, String detail) {

    /** The verdict, worst first where several apply is not attempted: the first problem found wins. */
    public enum Status {
        /** Chains to a trusted root, every certificate valid now, not revoked where checked. */
        VALID,
        /** It or a certificate above it has expired. */
        EXPIRED,
        /** It or a certificate above it is not valid yet. */
        NOT_YET_VALID,
        /** The chain ends at a root that is not in the trust store. */
        UNTRUSTED_ROOT,
        /** A CRL of an issuer in the chain lists it or a certificate above it. */
        REVOKED,
        /**
         * The chain cannot be completed or checked: a missing intermediate, a signature that does not
         * verify, an issuer that is not a CA or may not sign certificates, a path longer than allowed.
         */
        BROKEN_CHAIN,
        /** The chain is sound but a CRL that should be there could not be read. */
        UNKNOWN_REVOCATION,
        /** The chain is sound but the certificate's key usage does not allow what it is wanted for. */
        WRONG_USAGE;

        /** Whether a certificate with this status counts as trusted ({@code trustedOnly}). */
        public boolean trusted() {
            return this == VALID;
        }
    }

    /** What the leaf certificate is to be used for (its key usage must allow it). */
    public enum Use {
        /** No particular use: key usage of the leaf is not checked. */
        ANY,
        /** Logging in (TLS client, auth tokens): digitalSignature. */
        AUTH,
        /** Signing documents: nonRepudiation or digitalSignature. */
        SIGN
    }

    public ChainValidation {
        Objects.requireNonNull(status, "status");
        path = List.copyOf(path);
        detail = Objects.requireNonNullElse(detail, "");
    }

    public boolean trusted() {
        return status.trusted();
    }
}
