package org.pechatka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of the end-to-end benchmark ({@link EndToEndBench} {@code --smoke}) as its own JVM
 * on the test classpath: the real endpoint, a real SoftHSM2 token, the scripted person, and the
 * Fortify engine in Node where Node is installed. It checks that every table row is printed with
 * measured (positive) numbers. Timings are not asserted: they go into docs/performance.md, not tests.
 */
class EndToEndBenchIT {

    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");
    private static final List<String> KEYS = List.of("RSA-2048", "EC P-256");

    @Test
    void whenTheBenchmarkRunsShort_thenEveryTableRowHasMeasuredNumbers() throws Exception {
        String out = runSmoke();
        List<List<String>> rows = rows(out);
        // CI installs Node (bin/test): the peer baseline is part of the run, never skipped
        assertThat(nodeInstalled()).as("node is installed (bin/test installs it)").isTrue();
        assertThat(out).doesNotContain("Fortify baseline: skipped");

        // one connection: raw, sign.cms, auth.authenticate (+ Fortify) for both keys
        List<String> paths = new ArrayList<>(List.of("raw token signature", "sign.cms over WSS",
                "auth.authenticate over WSS"));
        paths.add("Fortify engine");
        for (String key : KEYS) {
            for (String path : paths) {
                List<String> row = row(rows, out, key, path);
                assertThat(row).as(out).hasSize(6);
                assertMeasured(row.get(2), out); // p50
                assertMeasured(row.get(3), out); // p99
                if (!path.startsWith("raw")) {
                    assertThat(numbers(row.get(4))).as("overhead in %s", row).hasSize(1);
                    assertMeasured(row.get(5), out); // ratio to raw
                }
            }
        }
        // the targets, each with its figure (met or not is for the docs, not for this test)
        long targets = rows.stream().filter(r -> r.get(0).contains(": within 1.3× of raw")
                || r.get(0).contains(": overhead under 0.5 ms") || r.get(0).contains(": p50 under")).count();
        assertThat(targets).as("8 targets in each of the two PIN modes%n%s", out).isEqualTo(16);

        // both PIN modes ran, and the admin policy's PIN cache really spared the person the PIN dialog
        assertThat(out).contains("## PIN per request").contains("## admin policy pinCacheMinutes 5");
        Matcher pins = Pattern.compile("PIN dialogs answered by the person in the timed and untimed calls: (\\d+)")
                .matcher(out);
        List<Integer> counts = new ArrayList<>();
        while (pins.find()) {
            counts.add(Integer.parseInt(pins.group(1)));
        }
        assertThat(counts).as(out).hasSize(2);
        assertThat(counts.get(0)).as("a PIN per request by default").isPositive();
        assertThat(counts.get(1)).as("no PIN dialog while the cached login lasts").isZero();

        // 16 connections through sign.batch against the raw token's rate
        for (String key : KEYS) {
            List<String> row = rows.stream().filter(r -> r.get(0).equals(key) && r.size() == 6
                    && r.get(2).endsWith("signatures/s")).findFirst().orElseThrow(() -> new AssertionError(
                    "no 16-connection row for " + key + ":\n" + out));
            assertMeasured(row.get(1), out);
            assertMeasured(row.get(2), out);
            assertMeasured(row.get(3), out);
            assertThat(numbers(row.get(4))).as("ACTION_PENDING count in %s", row).hasSize(1);
            // the round trips of the 1004 answers, when there were any
            if (!row.get(5).equals("none")) {
                assertThat(numbers(row.get(5))).as("ACTION_PENDING round trips in %s", row).hasSize(2)
                        .allMatch(v -> v > 0);
            }
        }
        // requests without the person on 1 and 16 connections
        for (String method : List.of("app.info", "tokens.list")) {
            for (String connections : List.of("1", "16")) {
                List<String> row = row(rows, out, method, connections);
                assertThat(row).as(out).hasSize(5);
                assertMeasured(row.get(2), out);
                assertMeasured(row.get(3), out);
                assertMeasured(row.get(4), out);
            }
        }
        // where the time goes
        List<List<String>> steps = rows.stream().filter(r -> r.size() == 3 && r.get(1).endsWith(" ms")
                && r.get(2).endsWith(" ms")).toList();
        assertThat(steps).as("17 steps in each PIN mode%n%s", out).hasSize(34);
        for (List<String> step : steps) {
            assertMeasured(step.get(1), out);
            assertMeasured(step.get(2), out);
        }
        assertThat(out).contains("sign.cms and auth.authenticate answers verify").contains("SoftHSM")
                .contains("interleaved");
    }

    /** Runs {@code EndToEndBench --smoke} in its own JVM, from the project directory. */
    private static String runSmoke() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path tmp = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp")).toAbsolutePath();
        Files.createDirectories(tmp);
        Path log = Files.createTempFile(tmp, "e2e-bench-", ".out");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                "-Dpechatka.test.tmp=" + tmp, "-cp", classpath, EndToEndBench.class.getName(), "--smoke");
        Process p = new ProcessBuilder(cmd).directory(new File(System.getProperty("basedir", ".")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("the smoke run ended:%n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean nodeInstalled() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The cells of every markdown table row that is not a header or a separator. */
    private static List<List<String>> rows(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (!line.startsWith("| ") || !line.endsWith(" |") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.substring(2, line.length() - 2).split(" \\| "))
                    .map(String::strip).toList();
            if (cells.contains("p50") || cells.contains("measured") || cells.contains("requests/s")
                    || cells.get(0).equals("key")) {
                continue; // a header
            }
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> row(List<List<String>> rows, String out, String first, String secondStart) {
        return rows.stream().filter(r -> r.size() > 1 && r.get(0).equals(first) && r.get(1).startsWith(secondStart))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + first + " | " + secondStart + ":\n"
                        + out));
    }

    private static List<Double> numbers(String cell) {
        List<Double> n = new ArrayList<>();
        Matcher m = NUMBER.matcher(cell);
        while (m.find()) {
            n.add(Double.parseDouble(m.group()));
        }
        return n;
    }

    /** A measured figure: one number, positive. */
    private static void assertMeasured(String cell, String out) {
        List<Double> n = numbers(cell);
        assertThat(n).as("a number in \"%s\"%n%s", cell, out).hasSize(1);
        assertThat(n.get(0)).as("\"%s\" is positive", cell).isPositive();
    }
}
