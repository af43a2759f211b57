package org.pechatka.ui.firststart;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.desktop.Preferences;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.ui.settings.TrustViewModel;

/**
 * The first-start questions: trust the local certificate in the browsers, and start at login.
 * Either answer saves the autostart choice (unless the administrator decides it) and marks the
 * first start done, so the window is shown once.
 */
final class FirstStartViewModel {

    /** Where the window stands. */
    enum Phase {
        /** The questions are shown. */
        ASKING,
        /** The certificate is being added. */
        WORKING,
        /** Added: the window says what happened and offers to close. */
        DONE,
        /** Answered: the window closes. */
        CLOSED
    }

    /** How the person answered. */
    enum Answer { ACCEPTED, NOT_NOW }

    private final Preferences preferences;
    private final TrustViewModel trust;
    private final Preferences.AutostartState autostart;
    private final BooleanProperty startAtLogin = new SimpleBooleanProperty();
    private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(Phase.ASKING);
    private final ObjectProperty<SettingsProblem> problem = new SimpleObjectProperty<>();
    private Answer answer;

    FirstStartViewModel(Preferences preferences, TrustViewModel trust) {
        this.preferences = preferences;
        this.trust = trust;
        this.autostart = preferences.autostart();
        // offered unticked: starting at login is the person's explicit choice (a ticked box is not consent);
        // the window says that portals reach Pechatka only while it runs. Installers and policy may preset it.
        startAtLogin.set(autostart.adminFixed() && autostart.enabled());
    }

    /** "Trust and continue" (or "Continue" when there is nothing to trust). */
    void accept() {
        if (phase.get() != Phase.ASKING) {
            return;
        }
        answer = Answer.ACCEPTED;
        saveAutostart();
        if (!trust.fixable()) {
            finish(Phase.CLOSED);
            return;
        }
        phase.set(Phase.WORKING);
        trust.fix(() -> finish(Phase.DONE));
    }

    /** "Not now": nothing is installed; the autostart choice shown is still saved. */
    void notNow() {
        if (phase.get() == Phase.WORKING) {
            return;
        }
        if (answer == null) {
            answer = Answer.NOT_NOW;
            saveAutostart();
        }
        finish(Phase.CLOSED);
    }

    /** "Close" after the certificate was added. */
    void close() {
        finish(Phase.CLOSED);
    }

    private void saveAutostart() {
        if (autostart.changeable()) {
            preferences.setAutostart(startAtLogin.get()).ifPresent(problem::set);
        }
    }

    private void finish(Phase next) {
        preferences.markFirstStartDone().ifPresent(problem::set);
        phase.set(next);
    }

    /** Whether the trust question is worth asking (some browser does not trust the certificate yet). */
    boolean trustNeeded() {
        LocalTrust.Status s = trust.status().get();
        return s == null || trust.fixable();
    }

    Preferences.AutostartState autostart() {
        return autostart;
    }

    BooleanProperty startAtLogin() {
        return startAtLogin;
    }

    ObjectProperty<Phase> phase() {
        return phase;
    }

    ObjectProperty<SettingsProblem> problem() {
        return problem;
    }

    TrustViewModel trust() {
        return trust;
    }

    Answer answer() {
        return answer;
    }
}
