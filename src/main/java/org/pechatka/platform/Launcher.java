package org.pechatka.platform;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command that starts this installation of Pechatka, for autostart entries: the installed
 * launcher when Pechatka runs from one (jpackage: {@code /opt/pechatka/bin/Pechatka} on Linux,
 * {@code Pechatka.exe}, {@code Pechatka.app/Contents/MacOS/Pechatka}), else Java with the
 * application jar (a development build), else nothing (classes run from an IDE: no autostart).
 */
public final class Launcher {

    /** Where the Linux packages install the launcher. */
    public static final Path LINUX_INSTALLED = Path.of("/opt/pechatka/bin/Pechatka");

    private Launcher() {}

    /**
     * @param mainClass the application's main class (its jar is the fallback)
     */
    public static Optional<List<String>> detect(Class<?> mainClass) {
        Optional<String> running = ProcessHandle.current().info().command();
        if (running.isPresent() && isLauncher(Path.of(running.get()))) {
            return Optional.of(List.of(running.get()));
        }
        if (Os.current() == Os.LINUX && Files.isExecutable(LINUX_INSTALLED)) {
            return Optional.of(List.of(LINUX_INSTALLED.toString()));
        }
        Optional<Path> jar = jarOf(mainClass);
        if (jar.isPresent() && running.isPresent()) {
            return Optional.of(List.of(running.get(), "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8",
                    "-jar", jar.get().toString()));
        }
        return Optional.empty();
    }

    static boolean isLauncher(Path program) {
        String name = program.getFileName() == null ? "" : program.getFileName().toString();
        return name.equals("Pechatka") || name.toLowerCase(Locale.ROOT).equals("pechatka.exe");
    }

    private static Optional<Path> jarOf(Class<?> mainClass) {
        try {
            var source = mainClass.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
