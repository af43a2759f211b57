package org.pechatka.platform;

import java.util.Locale;

/** The operating system Pechatka runs on. */
public enum Os {
    LINUX,
    WINDOWS,
    MACOS,
    OTHER;

    public static Os current() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return LINUX;
        }
        if (name.contains("windows")) {
            return WINDOWS;
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return MACOS;
        }
        return OTHER;
    }

    /** The key used for this OS in data files ({@code linux}, {@code windows}, {@code macos}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
