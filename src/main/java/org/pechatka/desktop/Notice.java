package org.pechatka.desktop;

import java.util.Objects;

/**
 * A desktop notification, by meaning: the windows choose the words in the person's language.
 *
 * @param kind   what happened
 * @param origin the site concerned, as the page sent it (site-controlled: shown plainly, truncated)
 * @param action what a click on the notification does (runs on the JavaFX thread)
 */
public record Notice(Kind kind, String origin, Runnable action) {

    /** What a notification is about. */
    public enum Kind {
        /** A request waits in a dialog that could not take the focus. */
        REQUEST_WAITS,
        /** A site that is not trusted tried to use Pechatka and was refused. */
        ORIGIN_BLOCKED
    }

    public Notice {
        Objects.requireNonNull(kind, "kind");
        origin = Objects.requireNonNullElse(origin, "");
        Objects.requireNonNull(action, "action");
    }
}
