package org.pechatka.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The windows of requests that wait for the person (PROTOCOL.md §3): the dialogs register here
 * while they are open; the tray shows a pending state while there is one and brings the newest to
 * the front when clicked. All methods may be called from any thread; listeners run on the JavaFX
 * thread.
 */
public final class PendingRequests {

    /** One open request window. */
    public record Pending(Stage stage, String origin) {}

    private final List<Pending> open = new ArrayList<>(); // FX thread only
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();

    /** A request window has opened (call on the FX thread, after {@code show()}). */
    public void opened(Stage stage, String origin) {
        fx(() -> {
            open.add(new Pending(stage, origin));
            fire();
        });
    }

    /** A request window has closed. */
    public void closed(Stage stage) {
        fx(() -> {
            if (open.removeIf(p -> p.stage() == stage)) {
                fire();
            }
        });
    }

    /** How many request windows are open now (FX thread). */
    public int count() {
        return open.size();
    }

    /** The newest open request, or null (FX thread). */
    public Pending newest() {
        return open.isEmpty() ? null : open.get(open.size() - 1);
    }

    /** Calls {@code listener} with the number of open request windows whenever it changes. */
    public void addListener(IntConsumer listener) {
        listeners.add(listener);
    }

    /** Brings the newest request window to the front and gives it focus; runs {@code whenNone} when none is open. */
    public void bringToFront(Runnable whenNone) {
        fx(() -> {
            Pending p = newest();
            if (p == null) {
                whenNone.run();
                return;
            }
            Stage s = p.stage();
            s.setIconified(false);
            s.show();
            s.toFront();
            s.requestFocus();
        });
    }

    private void fire() {
        int n = open.size();
        for (IntConsumer l : listeners) {
            l.accept(n);
        }
    }

    private static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
