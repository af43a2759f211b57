package org.pechatka.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Autostart on Linux and other XDG desktops (GNOME, KDE, Xfce, …): the file
 * {@code $XDG_CONFIG_HOME/autostart/pechatka.desktop} (XDG Autostart Specification), written
 * atomically, carrying the marker line {@value #MARKER}. A file without the marker is someone
 * else's and is never overwritten or deleted.
 */
public final class XdgAutostart extends MarkedFileAutostart {

    /** The line that marks the file as Pechatka's own. */
    public static final String MARKER = "X-Pechatka-Autostart=true";
    static final String FILE_NAME = "pechatka.desktop";

    /**
     * @param configHome {@code $XDG_CONFIG_HOME} ({@link AppDirs#xdgConfigHome()}; a temporary
     *                   directory in tests)
     * @param command    the program and arguments that start Pechatka
     */
    public XdgAutostart(Path configHome, List<String> command) {
        super(configHome.resolve("autostart").resolve(FILE_NAME), command);
    }

    @Override
    State stateOf(String text) {
        if (!ours(text)) {
            return State.FOREIGN;
        }
        // the desktop's own session settings may switch an entry off without deleting it
        boolean off = text.lines().map(String::strip).anyMatch(l -> l.equals("Hidden=true")
                || l.equals("X-GNOME-Autostart-enabled=false"));
        return off ? State.DISABLED : State.ENABLED;
    }

    @Override
    State unreadable() {
        return Files.exists(file()) ? State.FOREIGN : State.DISABLED;
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
