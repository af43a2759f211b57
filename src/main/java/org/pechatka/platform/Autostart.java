package org.pechatka.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether Pechatka starts when the user logs in: an entry in the desktop's own autostart place
 * (Linux XDG {@code ~/.config/autostart/pechatka.desktop}, Windows the {@code HKCU\…\Run} key, macOS
 * a LaunchAgent). Only Pechatka's own entry is ever written or removed: an entry of the same name
 * that Pechatka did not write (no marker) is reported as {@link State#FOREIGN} and left alone.
 */
public interface Autostart {

    /** Where the entry stands. */
    enum State {
        /** Pechatka's entry is there and active. */
        ENABLED,
        /** There is no active entry (none, or Pechatka's own switched off by the desktop). */
        DISABLED,
        /** An entry of the same name exists that Pechatka did not write; never touched. */
        FOREIGN
    }

    /** Thrown by {@link #enable()} when a foreign entry holds the place. */
    final class NotOursException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotOursException(String where) {
            super(where + " exists and was not written by Pechatka; it was left unchanged");
        }
    }

    State state();

    /** Writes (or rewrites) Pechatka's entry. @throws NotOursException when a foreign entry is there */
    void enable() throws IOException;

    /** Removes Pechatka's entry; a foreign entry is left as it is. */
    void disable() throws IOException;

    /** Where the entry lives, for messages and logs. */
    String location();

    /**
     * The autostart of this OS for the current user.
     *
     * @param command the program and arguments that start Pechatka ({@link Launcher#detect})
     */
    static Autostart forCurrentUser(List<String> command) {
        return switch (Os.current()) {
            case WINDOWS -> new WindowsAutostart(command, WindowsAutostart::runReg);
            case MACOS -> new MacAutostart(Path.of(System.getProperty("user.home")), command);
            default -> new XdgAutostart(AppDirs.xdgConfigHome(), XdgAutostart.systemConfigDirs(), command);
        };
    }
}
