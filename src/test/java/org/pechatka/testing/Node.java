package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Node.js programs of the tests; a missing {@code node} or {@code npm} fails the test. */
public final class Node {

    /** What a run printed. */
    public record Run(int exit, String out, String err) {}

    private Node() {}

    /** Installs the locked npm packages of {@code dir} when they are not there yet. */
    public static void install(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules"))) {
            return;
        }
        Run r = run(dir, Map.of(), 300, List.of("npm", "ci", "--no-audit", "--no-fund"));
        assertThat(r.exit()).as("npm ci in %s:%n%s%n%s", dir, r.out(), r.err()).isZero();
    }

    public static Run run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("node-stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed (Debian package nodejs); CI installs it", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String errText = Files.readString(err);
        Files.deleteIfExists(err);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
    }

    /** {@code node} with the flags Pechatka's tests need (a global WebSocket on Node 20). */
    public static List<String> node(String... args) {
        List<String> cmd = new ArrayList<>(List.of("node", "--experimental-websocket"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
