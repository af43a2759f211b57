package org.pechatka.ui.status;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.pechatka.desktop.AppStatus;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.StatusTexts;

/**
 * The status window's state: the same lines as the tray's menu, and whether a request waits (then
 * the window offers to bring it to the front). Plain JavaFX properties; no window needed. Update
 * on the JavaFX thread once the window is shown.
 */
public final class StatusViewModel {

    private final Messages m;
    private final StringProperty endpoint = new SimpleStringProperty("");
    private final StringProperty tokens = new SimpleStringProperty("");
    private final StringProperty policy = new SimpleStringProperty("");
    private final StringProperty pendingText = new SimpleStringProperty("");
    private final BooleanProperty pending = new SimpleBooleanProperty();
    private final BooleanProperty problem = new SimpleBooleanProperty();
    private AppStatus status = AppStatus.starting(0);
    private int waiting;

    public StatusViewModel(Messages m) {
        this.m = m;
        refresh();
    }

    /** The app's state changed. */
    public void status(AppStatus s) {
        status = s;
        refresh();
    }

    /** The number of waiting requests changed. */
    public void pending(int count) {
        waiting = count;
        refresh();
    }

    private void refresh() {
        endpoint.set(StatusTexts.endpoint(m, status));
        tokens.set(StatusTexts.tokens(m, status));
        policy.set(status.policyBroken() ? m.get("status.policyBroken") : "");
        pendingText.set(waiting > 0 ? StatusTexts.pending(m, waiting) : "");
        pending.set(waiting > 0);
        problem.set(status.problem());
    }

    public ReadOnlyStringProperty endpointProperty() {
        return endpoint;
    }

    public ReadOnlyStringProperty tokensProperty() {
        return tokens;
    }

    /** The policy problem, or empty. */
    public ReadOnlyStringProperty policyProperty() {
        return policy;
    }

    public ReadOnlyStringProperty pendingTextProperty() {
        return pendingText;
    }

    public ReadOnlyBooleanProperty pendingProperty() {
        return pending;
    }

    public ReadOnlyBooleanProperty problemProperty() {
        return problem;
    }
}
