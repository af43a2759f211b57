package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pechatka.testing.TrayHost;

/**
 * The packaged application on a real display: the {@code ui ready:} line after the listening line
 * (tray with a tray host, window without, none with --no-tray), a second start that focuses the
 * first and exits 0, and a taken port that leaves the tray up showing the problem.
 */
class DesktopAppIT {

    private record Started(Process process, List<String> lines, long millisToReady) {}

    private static Path data(String name) throws Exception {
        Path base = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp"));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "desktop-" + name);
    }

    private static ProcessBuilder command(Path data, List<String> args) {
        Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djavafx.cachedir=" + data.resolve("fx"), "-jar", jar.toString(),
                "--data-dir", data.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", data.resolve("config").toString());
        pb.environment().remove("SOFTHSM2_CONF");
        return pb;
    }

    /** Starts the app and reads its output up to the {@code ui ready:} line. */
    private static Started start(Path data, List<String> args) throws Exception {
        long t0 = System.nanoTime();
        Process p = command(data, args).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("ui ready: ")) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Thread.ofVirtual().start(() -> drain(out));
                return new Started(p, lines, ms);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("no 'ui ready:' line: " + lines);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe flowing
            }
        } catch (java.io.IOException ended) {
            // the process ended
        }
    }

    private static void stop(Process p) throws Exception {
        p.destroy(); // SIGTERM: the shutdown hook closes everything
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void whenATrayHostRuns_thenTheTrayIsReadyAfterListeningAndASecondStartFocusesTheFirst() throws Exception {
        try (TrayHost host = TrayHost.start()) {
            assertThat(host).isNotNull();
            Path data = data("tray");
            Started app = start(data, List.of("--port", "0"));
            try {
                assertThat(app.lines()).anyMatch(l -> l.startsWith("listening on https://127.0.0.1:"));
                int listening = indexOf(app.lines(), "listening on ");
                assertThat(app.lines().get(app.lines().size() - 1)).isEqualTo("ui ready: tray");
                assertThat(listening).isLessThan(app.lines().size() - 1);
                System.out.println("ui ready after " + app.millisToReady() + " ms (process start to line)");

                Process second = command(data, List.of("--port", "0")).start();
                String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(second.exitValue()).as(out).isZero();
                assertThat(out.strip()).isEqualTo("pechatka: already running; its window was brought to the front");
                assertThat(app.process().isAlive()).isTrue();
            } finally {
                stop(app.process());
            }
        }
    }

    @Test
    void whenThePortIsTaken_thenTheTrayStillComesUpAndNothingListens() throws Exception {
        try (TrayHost host = TrayHost.start();
                java.net.ServerSocket squatter = new java.net.ServerSocket(0, 1,
                        java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(host).isNotNull();
            Started app = start(data("busy"), List.of("--port", String.valueOf(squatter.getLocalPort())));
            try {
                assertThat(app.lines()).noneMatch(l -> l.startsWith("listening on"));
                assertThat(app.lines()).contains("ui ready: tray");
                assertThat(String.join("\n", app.lines())).contains("the port is taken");
                Thread.sleep(500);
                assertThat(app.process().isAlive()).as("the tray stays to show the problem").isTrue();
            } finally {
                stop(app.process());
            }
        }
    }

    @Test
    void whenNoTrayHostRuns_thenTheStatusWindowShowsAndNoTrayMeansNone() throws Exception {
        Started window = start(data("window"), List.of("--port", "0"));
        try {
            assertThat(window.lines().get(window.lines().size() - 1)).isEqualTo("ui ready: window");
        } finally {
            stop(window.process());
        }
        Started none = start(data("none"), List.of("--port", "0", "--no-tray"));
        try {
            assertThat(none.lines().get(none.lines().size() - 1)).isEqualTo("ui ready: none");
            assertThat(indexOf(none.lines(), "listening on ")).isGreaterThanOrEqualTo(0);
        } finally {
            stop(none.process());
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
