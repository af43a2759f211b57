package org.pechatka.desktop;

import java.util.List;

/**
 * Whether the user's browsers trust the endpoint's local certificate, and a way to fix it: the
 * {@code pechatka trust} command as a port for the desktop windows (first start, Settings).
 */
public interface LocalTrust {

    /** The overall state, worst store first. */
    enum State {
        /** Every browser store found trusts the local CA. */
        TRUSTED,
        /** Some stores trust it, others do not. */
        PARTLY,
        /** No store trusts it yet. */
        NOT_TRUSTED,
        /** No browser store was found on this machine. */
        NO_STORES
    }

    /**
     * @param state   the overall state
     * @param details one line per store, for the expert (store, location, state), not translated
     */
    record Status(State state, List<String> details) {
        public Status {
            details = List.copyOf(details);
        }
    }

    /** Reads the state of every store; does not change anything. */
    Status status();

    /** Adds the local CA to every store that lacks it (the person asked for it); returns the new state. */
    Status install();
}
