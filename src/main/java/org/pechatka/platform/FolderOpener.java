package org.pechatka.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a folder in the desktop's file manager: {@code xdg-open} on Linux, {@code explorer.exe}
 * on Windows, {@code open} on macOS. The program is started and left alone; nothing waits for it.
 */
public final class FolderOpener {

    private FolderOpener() {}

    /** Starts the file manager on {@code folder} (created first if missing). */
    public static void open(Path folder) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        List<String> command = switch (Os.current()) {
            case WINDOWS -> List.of("explorer.exe", folder.toString());
            case MACOS -> List.of("open", folder.toString());
            default -> List.of("xdg-open", folder.toString());
        };
        new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
