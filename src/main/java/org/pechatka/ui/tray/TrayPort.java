package org.pechatka.ui.tray;

/**
 * The system tray as the rest of the desktop app sees it: an icon with a state, a tooltip and a
 * menu, and balloon notifications. {@link AwtTray} is the adapter for {@code java.awt.SystemTray};
 * another tray library would be a second adapter.
 */
public interface TrayPort extends AutoCloseable {

    /** Shows the state (icon, tooltip, the menu's status lines); any thread. */
    void show(TrayViewModel view);

    /**
     * Shows a notification next to the icon; a click on it runs {@code onClick} on the JavaFX
     * thread (where the tray host reports the click).
     */
    void notify(String title, String text, Runnable onClick);

    /** Removes the icon. */
    @Override
    void close();
}
