package org.pechatka.desktop;

import java.util.Objects;

/**
 * A desktop notification, by meaning: the windows choose the words in the person's language.
 *
 * @param kind   what happened
 * @param origin the site concerned, as the page sent it (site-controlled: shown plainly, truncated)
 * @param action what a click on the notification does (runs on the JavaFX thread)
 * @param expiry for {@link Kind#CERTIFICATE_EXPIRES}: whose certificate and when; else null
 */
public record Notice(Kind kind, String origin, Runnable action, Expiry expiry) {

    /** What a notification is about. */
    public enum Kind {
        /** A request waits in a dialog that could not take the focus. */
        REQUEST_WAITS,
        /** A site that is not trusted tried to use Pechatka and was refused. */
        ORIGIN_BLOCKED,
        /** A certificate on a present token expires soon; the action starts its renewal. */
        CERTIFICATE_EXPIRES
    }

    /**
     * A certificate that expires soon.
     *
     * @param owner    whose it is, as the certificate names them
     * @param notAfter when it expires
     * @param daysLeft whole days until then (at least 0)
     */
    public record Expiry(String owner, java.time.Instant notAfter, long daysLeft) {
        public Expiry {
            owner = Objects.requireNonNullElse(owner, "");
            Objects.requireNonNull(notAfter, "notAfter");
        }
    }

    public Notice {
        Objects.requireNonNull(kind, "kind");
        origin = Objects.requireNonNullElse(origin, "");
        Objects.requireNonNull(action, "action");
        if (kind == Kind.CERTIFICATE_EXPIRES) {
            Objects.requireNonNull(expiry, "expiry");
        }
    }

    /** A notice about a site. */
    public Notice(Kind kind, String origin, Runnable action) {
        this(kind, origin, action, null);
    }

    /** A certificate expires soon; {@code renew} starts its renewal. */
    public static Notice expires(Expiry expiry, Runnable renew) {
        return new Notice(Kind.CERTIFICATE_EXPIRES, "", renew, expiry);
    }
}
