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

    /** Where the local CA stands in one store, in words a window can translate. */
    enum StoreState {
        /** The store trusts the local CA. */
        TRUSTED,
        /** The store does not trust it yet (installing fixes it). */
        NOT_TRUSTED,
        /** Changing this store needs an administrator (root); the details say what to run. */
        NEEDS_ADMIN,
        /** The program that manages the store is missing (e.g. certutil); the details say which. */
        TOOL_MISSING,
        /** Something went wrong; the details say what. */
        FAILED
    }

    /**
     * One browser store.
     *
     * @param name  what a person calls it, e.g. {@code Chromium (~/.pki/nssdb)} or
     *              {@code Firefox profile abc.default} (a proper name and a path: not translated)
     * @param state where the local CA stands there
     */
    record Store(String name, StoreState state) {}

    /**
     * @param state   the overall state
     * @param details one line per store, for the expert (store, location, state), not translated
     * @param stores  each store and its state
     */
    record Status(State state, List<String> details, List<Store> stores) {
        public Status {
            details = List.copyOf(details);
            stores = List.copyOf(stores);
        }

        /** A status without the per-store list. */
        public Status(State state, List<String> details) {
            this(state, details, List.of());
        }
    }

    /** Reads the state of every store; does not change anything. */
    Status status();

    /** Adds the local CA to every store that lacks it (the person asked for it); returns the new state. */
    Status install();
}
