package org.pechatka.platform;

import java.nio.file.Path;

/**
 * Where Pechatka keeps its files for the current user: the data directory (demo token, local CA,
 * key files) and the configuration directory (user settings), following each OS's convention.
 */
public final class AppDirs {

    private AppDirs() {}

    /** Linux {@code $XDG_DATA_HOME/pechatka}, Windows {@code %LOCALAPPDATA%\Pechatka}, macOS Application Support. */
    public static Path defaultDataDir() {
        String home = System.getProperty("user.home");
        return switch (Os.current()) {
            case WINDOWS -> Path.of(envOr("LOCALAPPDATA", home + "\\AppData\\Local"), "Pechatka");
            case MACOS -> Path.of(home, "Library", "Application Support", "Pechatka");
            default -> Path.of(envOr("XDG_DATA_HOME", home + "/.local/share"), "pechatka");
        };
    }

    /** Linux {@code $XDG_CONFIG_HOME/pechatka}, Windows {@code %APPDATA%\Pechatka}, macOS Preferences. */
    public static Path defaultConfigDir() {
        String home = System.getProperty("user.home");
        return switch (Os.current()) {
            case WINDOWS -> Path.of(envOr("APPDATA", home + "\\AppData\\Roaming"), "Pechatka");
            case MACOS -> Path.of(home, "Library", "Preferences", "Pechatka");
            default -> Path.of(envOr("XDG_CONFIG_HOME", home + "/.config"), "pechatka");
        };
    }

    /**
     * Where Pechatka's log files belong: Linux {@code $XDG_STATE_HOME/pechatka/logs} (the XDG
     * directory for logs), Windows {@code %LOCALAPPDATA%\Pechatka\logs}, macOS
     * {@code ~/Library/Logs/Pechatka}.
     */
    public static Path defaultLogDir() {
        String home = System.getProperty("user.home");
        return switch (Os.current()) {
            case WINDOWS -> Path.of(envOr("LOCALAPPDATA", home + "\\AppData\\Local"), "Pechatka", "logs");
            case MACOS -> Path.of(home, "Library", "Logs", "Pechatka");
            default -> Path.of(envOr("XDG_STATE_HOME", home + "/.local/state"), "pechatka", "logs");
        };
    }

    /** Linux {@code $XDG_CONFIG_HOME} (default {@code ~/.config}): where autostart entries live. */
    public static Path xdgConfigHome() {
        return Path.of(envOr("XDG_CONFIG_HOME", System.getProperty("user.home") + "/.config"));
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
