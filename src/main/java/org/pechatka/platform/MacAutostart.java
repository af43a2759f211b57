package org.pechatka.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Autostart on macOS: a LaunchAgent {@code ~/Library/LaunchAgents/org.pechatka.Pechatka.plist} with
 * {@code RunAtLoad}, which launchd starts at the next login. The file carries a marker comment; a
 * plist of that name without it is left alone. <strong>Not verified on a Mac</strong>: written from
 * Apple's launchd.plist documentation and checked here only as a file.
 */
public final class MacAutostart implements Autostart {

    static final String LABEL = "org.pechatka.Pechatka";
    static final String MARKER = "<!-- X-Pechatka-Autostart: written by Pechatka -->";

    private final Path file;
    private final List<String> command;

    public MacAutostart(Path home, List<String> command) {
        this.file = home.resolve("Library/LaunchAgents").resolve(LABEL + ".plist");
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("no command to start Pechatka");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public State state() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).contains(MARKER) ? State.ENABLED : State.FOREIGN;
        } catch (NoSuchFileException e) {
            return State.DISABLED;
        } catch (IOException e) {
            return State.FOREIGN;
        }
    }

    @Override
    public void enable() throws IOException {
        if (state() == State.FOREIGN) {
            throw new NotOursException(file.toString());
        }
        AtomicFiles.replace(file, plist().getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public void disable() throws IOException {
        if (state() == State.ENABLED) {
            Files.deleteIfExists(file);
        }
    }

    String plist() {
        StringBuilder args = new StringBuilder();
        for (String a : command) {
            args.append("    <string>").append(xml(a)).append("</string>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                %s
                <plist version="1.0">
                <dict>
                  <key>Label</key>
                  <string>%s</string>
                  <key>ProgramArguments</key>
                  <array>
                %s  </array>
                  <key>RunAtLoad</key>
                  <true/>
                  <key>ProcessType</key>
                  <string>Interactive</string>
                </dict>
                </plist>
                """.formatted(MARKER, LABEL, args);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
