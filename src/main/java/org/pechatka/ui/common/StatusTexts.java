package org.pechatka.ui.common;

import java.util.ArrayList;
import java.util.List;
import org.pechatka.desktop.AppStatus;

/**
 * The words for the app's state, shared by the tray menu and tooltip, the status window and the
 * notifications, so every place says the same thing.
 */
public final class StatusTexts {

    private StatusTexts() {}

    /** The endpoint's state: starting, listening on port N, or port N busy. */
    public static String endpoint(Messages m, AppStatus s) {
        return switch (s.phase()) {
            case STARTING -> m.get("status.starting", s.port());
            case LISTENING -> m.get("status.listening", s.port());
            case PORT_BUSY -> m.get("status.portBusy", s.port());
        };
    }

    /** How many tokens are connected. */
    public static String tokens(Messages m, AppStatus s) {
        return m.get("status.tokens", s.tokens());
    }

    /** The waiting requests, or null when none waits. */
    public static String pending(Messages m, int pending) {
        return pending > 0 ? m.get("status.pending", pending) : null;
    }

    /** Every line worth showing, most important first (pending requests, problems, then the rest). */
    public static List<String> lines(Messages m, AppStatus s, int pending) {
        List<String> lines = new ArrayList<>();
        if (pending > 0) {
            lines.add(pending(m, pending));
        }
        lines.add(endpoint(m, s));
        if (s.policyBroken()) {
            lines.add(m.get("status.policyBroken"));
        }
        lines.add(tokens(m, s));
        return lines;
    }
}
