package org.pechatka.desktop;

import java.nio.file.Path;
import java.util.Optional;

/** The user's preferences: language, autostart, the first-start flag, and where the logs are. */
public interface Preferences {

    /**
     * Autostart as it stands.
     *
     * @param enabled    whether Pechatka starts at login now
     * @param adminFixed whether the administrator decides it (the user cannot change it)
     * @param available  whether this installation can start at login (an installed launcher is known)
     */
    record AutostartState(boolean enabled, boolean adminFixed, boolean available) {
        /** Whether the user may switch it. */
        public boolean changeable() {
            return available && !adminFixed;
        }
    }

    /** The chosen language ({@code be}, {@code ru}, {@code en}); empty: the system's. */
    Optional<String> language();

    /** Saves the language ({@code be}, {@code ru}, {@code en}, or null for the system's). */
    Optional<SettingsProblem> setLanguage(String tag);

    AutostartState autostart();

    /** Switches autostart on or off (and remembers the choice). */
    Optional<SettingsProblem> setAutostart(boolean enabled);

    /** Whether the first-start window has been answered. */
    boolean firstStartDone();

    /** Remembers that the first-start window has been answered. */
    Optional<SettingsProblem> markFirstStartDone();

    /** The folder Pechatka writes its logs to. */
    Path logFolder();

    /** Opens the log folder in the file manager. */
    Optional<SettingsProblem> openLogFolder();
}
