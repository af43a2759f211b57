package org.pechatka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-side handle on the fault-injection PKCS#11 module {@code libpechatka-p11shim.so}
 * (source {@code src/test/c/p11shim.c}, reference {@code docs/testing-p11shim.md}).
 *
 * <p>One instance owns one shim directory: it writes the control file the shim reads before every
 * PKCS#11 call and reads the statistics the shim writes after every call. The shim itself is
 * configured through the environment of the process that loads it, see {@link
 * #environment(Path)}.
 *
 * <p>The shim's counters live as long as the loaded library; use {@link #stats()} before and after
 * the action under test and compare with {@link Stats#minus(Stats)}.
 */
public final class P11Shim {

    /** System property with the path of the built shim (set by the pom for surefire/failsafe). */
    public static final String LIBRARY_PROPERTY = "pechatka.p11shim";

    /** Environment variable: path of the real module the shim forwards to. */
    public static final String ENV_TARGET = "PECHATKA_P11SHIM_TARGET";

    /** Environment variable: the shim directory (control and stats files). */
    public static final String ENV_DIR = "PECHATKA_P11SHIM_DIR";

    /** The module the shim forwards to when {@link #ENV_TARGET} is not set. */
    public static final Path SOFTHSM2 = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private final Path dir;

    /** Creates {@code dir} if needed; the control file is left as it is. */
    public P11Shim(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shim directory " + this.dir, e);
        }
    }

    /**
     * The shim library built by {@code src/test/c/build.sh} during {@code process-test-classes}.
     * Fails (never skips) when the property is missing or the file does not exist.
     */
    public static Path library() {
        String value = System.getProperty(LIBRARY_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new AssertionError("system property '" + LIBRARY_PROPERTY
                    + "' is not set: run the tests through Maven (the pom builds the PKCS#11 shim"
                    + " with src/test/c/build.sh in process-test-classes and passes its path)");
        }
        Path library = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new AssertionError("PKCS#11 fault-injection shim not found at " + library
                    + " (system property '" + LIBRARY_PROPERTY + "'); it is built by"
                    + " 'sh src/test/c/build.sh target/p11shim p11shim' in process-test-classes"
                    + " - needs gcc and the Debian package libp11-kit-dev");
        }
        return library;
    }

    /** The shim directory (absolute). */
    public Path dir() {
        return dir;
    }

    /** {@code dir()/control}. */
    public Path controlFile() {
        return dir.resolve("control");
    }

    /** {@code dir()/stats}. */
    public Path statsFile() {
        return dir.resolve("stats");
    }

    /**
     * The environment variables that make a process load-time-configure the shim: forward to
     * {@code targetModule}, read control from and write stats to {@link #dir()}. Add them to a
     * subprocess environment, or set them in-process (setenv) before the shim's C_Initialize.
     */
    public Map<String, String> environment(Path targetModule) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_TARGET, targetModule.toAbsolutePath().toString());
        env.put(ENV_DIR, dir.toString());
        return env;
    }

    /**
     * Atomically replaces the control file with these lines (one directive per line, see
     * docs/testing-p11shim.md). Every call is a new version of the file for the shim, even with
     * the same content: {@code times N} counters restart and a {@code remove-on} latch is reset.
     */
    public void control(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        writeAtomically(controlFile(), text.toString());
    }

    /** Removes the control file: no faults (a removed token is reinserted). */
    public void clearControl() {
        try {
            Files.deleteIfExists(controlFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + controlFile(), e);
        }
    }

    /** The statistics last written by the shim; empty if it has not written any yet. */
    public Stats stats() {
        List<String> lines;
        try {
            lines = Files.readAllLines(statsFile(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Stats(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + statsFile(), e);
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            if (space <= 0) {
                throw new AssertionError("malformed line in " + statsFile() + ": '" + line + "'");
            }
            counts.put(trimmed.substring(0, space), Long.parseLong(trimmed.substring(space + 1).strip()));
        }
        return new Stats(counts);
    }

    /** Same as {@link #stats()}; reads better when taking a "before" picture. */
    public Stats snapshot() {
        return stats();
    }

    private static void writeAtomically(Path file, String content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Counters from the stats file: one per {@code C_} function (number of calls, including
     * failed and injected ones) plus the named counters of docs/testing-p11shim.md.
     */
    public record Stats(Map<String, Long> counts) {

        public Stats {
            counts = Map.copyOf(counts);
        }

        /** The counter, 0 if absent. */
        public long get(String name) {
            return counts.getOrDefault(name, 0L);
        }

        /**
         * Counter-wise {@code this - before}, for every name in either. Gauges ({@code generation},
         * {@code open_sessions}, ...) subtract as well: read them from a full {@link Stats}.
         */
        public Stats minus(Stats before) {
            Map<String, Long> delta = new TreeMap<>();
            for (String name : counts.keySet()) {
                delta.put(name, get(name) - before.get(name));
            }
            for (String name : before.counts().keySet()) {
                delta.putIfAbsent(name, -before.get(name));
            }
            return new Stats(delta);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Stats{");
            new TreeMap<>(counts).forEach((name, value) -> {
                if (value != 0) {
                    text.append(' ').append(name).append('=').append(value);
                }
            });
            return text.append(" }").toString();
        }
    }
}
