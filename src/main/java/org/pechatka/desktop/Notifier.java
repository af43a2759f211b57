package org.pechatka.desktop;

/** Shows desktop notifications (the tray's balloon, else a small window in the screen's corner). */
public interface Notifier {

    /** Shows {@code notice}; may be called from any thread. */
    void show(Notice notice);
}
