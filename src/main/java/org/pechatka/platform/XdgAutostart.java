package org.pechatka.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Autostart on Linux and other XDG desktops (GNOME, KDE, Xfce, …): the file
 * {@code $XDG_CONFIG_HOME/autostart/pechatka.desktop} (XDG Autostart Specification), written
 * atomically, carrying the marker line {@value #MARKER}. A file without the marker is someone
 * else's and is never overwritten or deleted.
 *
 * <p>The Debian package may install a system-wide entry, {@code /etc/xdg/autostart/pechatka.desktop}
 * (in {@code $XDG_CONFIG_DIRS}, with the marker), which starts Pechatka for every user. The user's
 * file of the same name overrides it (XDG Autostart Specification): while the system entry is
 * there, no user file means enabled, and switching off writes a user file with
 * {@code Hidden=true} instead of deleting it, so the user's choice holds.
 */
public final class XdgAutostart extends MarkedFileAutostart {

    /** The line that marks the file as Pechatka's own. */
    public static final String MARKER = "X-Pechatka-Autostart=true";
    static final String FILE_NAME = "pechatka.desktop";

    private final List<Path> systemEntries;

    /**
     * @param configHome {@code $XDG_CONFIG_HOME} ({@link AppDirs#xdgConfigHome()}; a temporary
     *                   directory in tests)
     * @param command    the program and arguments that start Pechatka
     */
    public XdgAutostart(Path configHome, List<String> command) {
        this(configHome, List.of(), command);
    }

    /**
     * @param configHome  {@code $XDG_CONFIG_HOME}
     * @param systemDirs  {@code $XDG_CONFIG_DIRS} in order ({@link #systemConfigDirs()}), where a
     *                    system-wide entry may start Pechatka for every user
     * @param command     the program and arguments that start Pechatka
     */
    public XdgAutostart(Path configHome, List<Path> systemDirs, List<String> command) {
        super(configHome.resolve("autostart").resolve(FILE_NAME), command);
        this.systemEntries = systemDirs.stream().map(d -> d.resolve("autostart").resolve(FILE_NAME)).toList();
    }

    /** {@code $XDG_CONFIG_DIRS}, or {@code /etc/xdg} when it is unset (XDG Base Directory Specification). */
    public static List<Path> systemConfigDirs() {
        String dirs = System.getenv("XDG_CONFIG_DIRS");
        if (dirs == null || dirs.isBlank()) {
            return List.of(Path.of("/etc/xdg"));
        }
        return Arrays.stream(dirs.split(":")).filter(d -> d.startsWith("/")).map(Path::of).toList();
    }

    /** Whether a system-wide entry of Pechatka's (first of that name in the system dirs) is active. */
    boolean systemEntryActive() {
        for (Path entry : systemEntries) {
            String text;
            try {
                text = Files.readString(entry, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // missing or unreadable: the desktop looks at the next directory too
            }
            return ours(text) && !switchedOff(text);
        }
        return false;
    }

    @Override
    State withoutFile() {
        return systemEntryActive() ? State.ENABLED : State.DISABLED;
    }

    @Override
    String offContent() {
        if (!systemEntryActive()) {
            return null;
        }
        return String.join("\n",
                "[Desktop Entry]",
                "Type=Application",
                "Name=Pechatka",
                "Comment=Pechatka's autostart switched off by this user (overrides the system-wide entry)",
                "Hidden=true",
                MARKER,
                "");
    }
    @Override
    State stateOf(String text) {
        if (!ours(text)) {
            return State.FOREIGN;
        }
        // the desktop's own session settings may switch an entry off without deleting it
        return switchedOff(text) ? State.DISABLED : State.ENABLED;
    }

    @Override
    State unreadable() {
        return Files.exists(file()) ? State.FOREIGN : State.DISABLED;
    }

    private static boolean switchedOff(String text) {
        return text.lines().map(String::strip).anyMatch(l -> l.equals("Hidden=true")
                || l.equals("X-GNOME-Autostart-enabled=false"));
    }

    private static boolean ours(String text) {
        return text.lines().map(String::strip).anyMatch(MARKER::equals);
    }

    @Override
    String content() {
        return desktopEntry();
    }

    /** The desktop entry (Desktop Entry Specification 1.5). */
    String desktopEntry() {
        return String.join("\n",
                "[Desktop Entry]",
                "Type=Application",
                "Name=Pechatka",
                "Comment=Signing for government portals",
                "Comment[be]=Подпіс для дзяржаўных парталаў",
                "Comment[ru]=Подпись для государственных порталов",
                "Exec=" + exec(command()),
                "Icon=pechatka",
                "Terminal=false",
                "X-GNOME-Autostart-enabled=true",
                MARKER,
                "");
    }

    /**
     * The {@code Exec} value: each argument quoted when it holds anything but plain characters,
     * with the quoting and escaping rules of the Desktop Entry Specification (§ "The Exec key").
     */
    static String exec(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String arg : command) {
            Objects.requireNonNull(arg, "argument");
            if (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a line break cannot be part of an Exec argument");
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            String a = arg.replace("%", "%%");
            if (a.matches("[A-Za-z0-9_./:=+,@%-]+")) {
                sb.append(a);
            } else {
                StringBuilder q = new StringBuilder("\"");
                for (char c : a.toCharArray()) {
                    if (c == '"' || c == '`' || c == '$' || c == '\\') {
                        q.append('\\');
                    }
                    q.append(c);
                }
                sb.append(q).append('"');
            }
        }
        // the value is a string first: its backslashes are escaped once more
        return sb.toString().replace("\\", "\\\\");
    }
}
