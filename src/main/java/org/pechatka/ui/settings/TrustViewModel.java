package org.pechatka.ui.settings;

import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.pechatka.desktop.LocalTrust;

/**
 * The local certificate's trust in the browsers: the status (read in the background: it runs
 * certutil) and the fix ({@link LocalTrust#install()}, also in the background, with
 * {@link #busy()} set meanwhile). Public for the first-start window, which offers the same fix.
 */
public final class TrustViewModel {

    private final LocalTrust trust;
    private final Executor background;
    private final Executor fx;
    private final ObjectProperty<LocalTrust.Status> status = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty installed = new SimpleBooleanProperty();
    private final ObjectProperty<Throwable> failure = new SimpleObjectProperty<>();

    /**
     * @param background where the trust stores are read and changed
     * @param fx         where results are applied (the JavaFX thread)
     */
    public TrustViewModel(LocalTrust trust, Executor background, Executor fx) {
        this.trust = trust;
        this.background = background;
        this.fx = fx;
    }

    /** Reads the status again. */
    public void load() {
        run(false);
    }

    /** Installs the local CA in every store that lacks it. */
    public void fix() {
        run(true);
    }

    /** Installs, then runs {@code after} on the JavaFX thread (success or not). */
    public void fix(Runnable after) {
        run(true, after);
    }

    private void run(boolean install) {
        run(install, () -> {});
    }

    private void run(boolean install, Runnable after) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        failure.set(null);
        background.execute(() -> {
            LocalTrust.Status s = null;
            Throwable t = null;
            try {
                s = install ? trust.install() : trust.status();
            } catch (RuntimeException e) {
                t = e;
            }
            LocalTrust.Status result = s;
            Throwable error = t;
            fx.execute(() -> {
                busy.set(false);
                if (result != null) {
                    status.set(result);
                    if (install) {
                        installed.set(true);
                    }
                }
                failure.set(error);
                after.run();
            });
        });
    }

    /** Whether the fix is worth offering: some store does not trust the CA yet. */
    public boolean fixable() {
        LocalTrust.Status s = status.get();
        return s != null && (s.state() == LocalTrust.State.NOT_TRUSTED || s.state() == LocalTrust.State.PARTLY);
    }

    public ObjectProperty<LocalTrust.Status> status() {
        return status;
    }

    public BooleanProperty busy() {
        return busy;
    }

    /** Whether an install ran in this window (browsers must be restarted). */
    public BooleanProperty installed() {
        return installed;
    }

    public ObjectProperty<Throwable> failure() {
        return failure;
    }
}
