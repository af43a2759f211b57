package org.pechatka.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * Autostart on macOS: a LaunchAgent {@code ~/Library/LaunchAgents/org.pechatka.Pechatka.plist} with
 * {@code RunAtLoad}, which launchd starts at the next login. The file carries a marker comment; a
 * plist of that name without it is left alone. <strong>Not verified on a Mac</strong>: written from
 * Apple's launchd.plist documentation and checked here only as a file.
 */
public final class MacAutostart extends MarkedFileAutostart {

    static final String LABEL = "org.pechatka.Pechatka";
    static final String MARKER = "<!-- X-Pechatka-Autostart: written by Pechatka -->";

    public MacAutostart(Path home, List<String> command) {
        super(home.resolve("Library/LaunchAgents").resolve(LABEL + ".plist"), command);
    }

    @Override
    State stateOf(String text) {
        return text.contains(MARKER) ? State.ENABLED : State.FOREIGN;
    }

    @Override
    State unreadable() {
        return State.FOREIGN;
    }

    @Override
    String content() {
        return plist();
    }

    String plist() {
        StringBuilder args = new StringBuilder();
        for (String a : command()) {
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
