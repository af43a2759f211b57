package org.pechatka.ui;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/** Starts the JavaFX toolkit once, for dialogs shown on demand (no main window). */
public final class FxPlatform {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Counted down when the toolkit runs: a second caller waits for the first one's start. */
    private static volatile CountDownLatch ready = new CountDownLatch(1);

    private FxPlatform() {}

    /**
     * Starts JavaFX if it is not running yet; windows may then come and go without the toolkit
     * exiting.
     *
     * @throws IllegalStateException when there is no display to show windows on
     */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            await(ready);
            return;
        }
        if (System.getProperty("javafx.cachedir") == null) {
            // JavaFX unpacks its native libraries; keep them out of ~/.openjfx of whoever runs us
            System.setProperty("javafx.cachedir", System.getProperty("java.io.tmpdir") + "/pechatka-javafx-"
                    + System.getProperty("user.name"));
        }
        CountDownLatch started = ready;
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        } catch (UnsupportedOperationException | UnsatisfiedLinkError e) {
            ready = new CountDownLatch(1);
            started.countDown(); // callers waiting for this start fail on their own below
            STARTED.set(false);
            throw new IllegalStateException("no display for Pechatka's windows (" + e.getMessage() + ")", e);
        }
        Platform.setImplicitExit(false);
        await(started);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("JavaFX did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
