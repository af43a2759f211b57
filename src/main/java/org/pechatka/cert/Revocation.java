package org.pechatka.cert;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a certificate has been revoked by its issuer. Pechatka checks certificate revocation
 * lists (CRLs) only where one is at hand: in the trust store or at a distribution point the
 * configuration allows; everything else is {@link State#NOT_CHECKED}, said plainly in the result.
 */
public interface Revocation {

    /** What is known about one certificate. */
    enum State {
        /** A current CRL of the issuer does not list it. */
        GOOD,
        /** A current CRL of the issuer lists it. */
        REVOKED,
        /** A CRL should have been there (an allowed URL, a stored CRL) but none current could be read. */
        UNKNOWN,
        /** No CRL for this issuer is stored or allowed to be fetched. */
        NOT_CHECKED
    }

    /**
     * @param state  what is known
     * @param detail for people and logs (which CRL, when revoked, why unknown); English
     */
    record Answer(State state, String detail) {
        public Answer {
            Objects.requireNonNull(state, "state");
            detail = Objects.requireNonNullElse(detail, "");
        }
    }

    /** The revocation state of {@code certificate}, issued by {@code issuer}, at {@code when}. */
    Answer check(X509Certificate certificate, X509Certificate issuer, Instant when);

    /** Checks nothing: every answer is {@link State#NOT_CHECKED}. */
    Revocation NONE = (certificate, issuer, when) -> new Answer(State.NOT_CHECKED, "revocation not checked");
}
