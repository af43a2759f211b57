package org.pechatka.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pechatka.demo.DemoToken;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.testing.Node;

/**
 * "A person can log in and sign on the portal using only the keyboard" (issue 5), with every part
 * real: the packaged app in demo mode (demo token, demo portal, the real JavaFX dialogs) on the
 * virtual display, Debian's Chromium driven with Tab and Enter only, and Pechatka's windows
 * answered with X key events sent to whichever window has the keyboard focus (xdotool), so the test
 * also proves that each dialog takes the focus by itself, as PROTOCOL.md section 3 demands.
 */
class KeyboardOnlyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FLOW = Path.of("src/test/node/e2e").toAbsolutePath();

    @Test
    void whenOnlyTheKeyboardIsUsed_thenThePersonLogsInAndSignsTheApplication() throws Exception {
        Node.install(FLOW);
        Path base = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp"));
        Files.createDirectories(base);
        Path data = Files.createTempDirectory(base, "keyboard");
        Process app = start(data);
        try {
            List<String> lines = readUntilReady(app);
            String portal = lines.stream().filter(l -> l.startsWith("demo portal: ")).findFirst()
                    .map(l -> l.substring("demo portal: ".length()).split("\\s+")[0]).orElseThrow();
            String spki = LocalTls.loadOrCreate(data, Clock.systemUTC()).leafSpkiSha256Base64();

            Path shots = Path.of("target/screenshots").toAbsolutePath();
            Files.createDirectories(shots);
            CompletableFuture<Node.Run> browser = CompletableFuture.supplyAsync(() -> {
                try {
                    return Node.run(FLOW, Map.of("SCREENSHOTS", shots.toString()), 300,
                            List.of("node", "keyboard-flow.mjs", portal, spki));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            // the person: each window has the focus when it opens; Enter, the PIN, Enter
            String pin = DemoToken.PIN;
            awaitFocused("Pechatka — Log in with a certificate", browser);
            key("Return");
            awaitFocused("Pechatka — PIN code", browser);
            type(pin);
            key("Return");
            awaitFocused("Pechatka — Sign", browser);
            key("Return");
            awaitFocused("Pechatka — PIN code", browser);
            type(pin);
            key("Return");

            Node.Run run = browser.get(300, TimeUnit.SECONDS);
            assertThat(run.exit()).as("%s%n%s", run.out(), run.err()).isZero();
            JsonNode r = JSON.readTree(run.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
            assertThat(r.has("failure")).as(r.toString()).isFalse();
            assertThat(r.get("login").asText()).as(r.toString()).isEqualTo("identity");
            assertThat(r.get("sign").asText()).as(r.toString()).isEqualTo("receipt");
            assertThat(r.get("name").asText()).isNotBlank();
            assertThat(r.get("receiptSigner").asText()).as("the portal verified the signature of the person who logged in")
                    .isEqualTo(r.get("name").asText());
        } finally {
            app.destroy();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Process start(Path data) throws IOException {
        Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djavafx.cachedir=" + data.resolve("fx"),
                "-Duser.language=en", "-Duser.country=GB", "-jar", jar.toString(),
                "--demo", "--no-tray", "--data-dir", data.toString(), "--port", "0", "--portal-port", "0")
                .redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", data.resolve("config").toString());
        pb.environment().remove("SOFTHSM2_CONF");
        return pb.start();
    }

    /** The app's output up to its {@code ui ready:} line; the rest keeps draining. */
    private static List<String> readUntilReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("ui ready: ")) {
                Thread.ofVirtual().start(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (IOException ended) {
                        // the app ended
                    }
                });
                return lines;
            }
        }
        throw new AssertionError("the app never got ready: " + lines);
    }

    /** Waits until the window with the keyboard focus has this title (fails early if the browser gave up). */
    private static void awaitFocused(String title, CompletableFuture<Node.Run> browser) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String focused = "";
        while (System.nanoTime() < deadline) {
            focused = xdotool("getwindowfocus", "getwindowname");
            if (focused.equals(title)) {
                Thread.sleep(300); // the window is up; let it finish laying out before keys arrive
                return;
            }
            if (browser.isDone()) {
                throw new AssertionError("the browser ended before '" + title + "' had the focus: " + browser.get());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + title + "' never had the keyboard focus; the focus was on '" + focused + "'");
    }

    private static void key(String key) throws Exception {
        xdotool("key", key);
    }

    private static void type(String text) throws Exception {
        xdotool("type", "--delay", "40", text);
    }

    private static String xdotool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("xdotool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out : "";
    }
}
