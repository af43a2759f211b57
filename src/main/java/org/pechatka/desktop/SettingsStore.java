package org.pechatka.desktop;

/**
 * Everything the Settings window shows and changes, as three small ports. The application
 * implements them over the user's settings file, the admin policy and the running endpoint.
 */
public interface SettingsStore {

    TrustedSites sites();

    TokenModules modules();

    Preferences preferences();

    /** The administrator's policy as the window tells it (none by default). */
    default AdminNote admin() {
        return AdminNote.none();
    }
}
