package org.pechatka.ui.tray;

import java.util.List;
import org.pechatka.desktop.AppStatus;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.StatusTexts;

/**
 * What the tray shows for the app's state and the number of waiting requests: the icon's state,
 * the tooltip and the status lines at the top of the menu. Plain Java, no window needed.
 *
 * @param state       the icon
 * @param tooltip     one line (tray hosts show tooltips on one line)
 * @param statusLines the menu's status lines, most important first
 * @param pending     how many requests wait
 */
public record TrayViewModel(TrayState state, String tooltip, List<String> statusLines, int pending) {

    public TrayViewModel {
        statusLines = List.copyOf(statusLines);
    }

    /** The tray for {@code status} with {@code pending} waiting requests, in {@code m}'s language. */
    public static TrayViewModel of(Messages m, AppStatus status, int pending) {
        // a waiting person matters most: pending wins over a problem (the problem is still in the text)
        TrayState state = pending > 0 ? TrayState.PENDING : status.problem() ? TrayState.PROBLEM : TrayState.IDLE;
        List<String> lines = StatusTexts.lines(m, status, pending);
        String tooltip = m.get("app.name") + " — " + String.join(" · ", lines);
        return new TrayViewModel(state, tooltip, lines, pending);
    }
}
