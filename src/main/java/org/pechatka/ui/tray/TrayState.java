package org.pechatka.ui.tray;

/** What the tray icon shows at a glance. */
public enum TrayState {
    /** Running, nothing waits for the person. */
    IDLE,
    /** A request waits for the person (PROTOCOL.md §3): the icon carries an orange dot. */
    PENDING,
    /** Portals cannot use Pechatka as it should (port busy, unreadable policy): a red mark. */
    PROBLEM
}
