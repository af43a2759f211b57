package org.pechatka.ui;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/** Starts the JavaFX toolkit once, for dialogs shown on demand (no main window). */
public final class FxPlatform {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private FxPlatform() {}

    /**
     * Starts JavaFX if it is not running yet; windows may then come and go without the toolkit
     * exiting.
     *
     * @throws IllegalStateException when there is no display to show windows on
     */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        if (System.getProperty("javafx.cachedir") == null) {
            // JavaFX unpacks its native libraries; keep them out of ~/.openjfx of whoever runs us
            System.setProperty("javafx.cachedir", System.getProperty("java.io.tmpdir") + "/pechatka-javafx-"
                    + System.getProperty("user.name"));
        }
        CountDownLatch ready = new CountDownLatch(1);
        try {
            Platform.startup(ready::countDown);
        } catch (IllegalStateException alreadyRunning) {
            ready.countDown();
        } catch (UnsupportedOperationException | UnsatisfiedLinkError e) {
            STARTED.set(false);
            throw new IllegalStateException("no display for Pechatka's windows (" + e.getMessage() + ")", e);
        }
        Platform.setImplicitExit(false);
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("JavaFX did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
