package org.pechatka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of the start-up benchmark ({@link StartupBench} {@code --smoke}) in its own JVM:
 * {@code bin/pechatka} started as a child process on the display of the tests, with trayer as the
 * system tray. It checks that every start variant and every memory row is printed with measured
 * numbers, that the launcher made its AOT cache and started the JVM from it, and that the app
 * answered the protocol requests. Timings are not asserted: they go into docs/performance.md.
 */
class StartupBenchIT {

    private static final Pattern START_ROW = Pattern.compile(
            "^\\| (.+?) \\| (\\d+) ms \\| (\\d+) ms \\| (\\d+) ms \\| (\\d+\\.\\d\\d) \\| (ended|\\d+\\.\\d MB) \\|$",
            Pattern.MULTILINE);
    private static final Pattern MEMORY_ROW = Pattern.compile("^\\| (idle|after)([^|]*) \\| (\\d+\\.\\d) MB \\| (\\d*) \\|$",
            Pattern.MULTILINE);

    @Test
    void whenTheStartupBenchmarkRunsShort_thenEveryFigureIsMeasured() throws Exception {
        String out = runSmoke();

        List<String> variants = new ArrayList<>();
        Matcher m = START_ROW.matcher(out);
        while (m.find()) {
            variants.add(m.group(1));
            for (int g = 2; g <= 4; g++) {
                assertThat(Long.parseLong(m.group(g))).as(m.group()).isPositive();
            }
            assertThat(Double.parseDouble(m.group(5))).as(m.group()).isPositive();
            if (!m.group(1).startsWith("`pechatka version`")) {
                assertThat(m.group(6)).as("a resident size for %s", m.group(1)).endsWith(" MB");
            }
        }
        assertThat(variants).as(out).hasSize(4);
        assertThat(variants.get(0)).startsWith("`pechatka version`");
        assertThat(variants).anyMatch(v -> v.startsWith("listening (`--no-tray`)"))
                .anyMatch(v -> v.startsWith("listening without the AOT cache"))
                .anyMatch(v -> v.startsWith("ui ready"));
        // CI installs trayer (bin/test): the app puts its icon in a real tray
        assertThat(out).contains("System tray: trayer").contains("ui ready line: ui ready: tray");

        // the launcher made its AOT cache on the first start and starts the JVM from it, unless told not to
        assertThat(out).containsPattern("JVM of \"listening \\(`--no-tray`\\)\": \\S+/java .*-XX:AOTCache=\\S+pechatka\\.aot ")
                .containsPattern("JVM of \"listening without the AOT cache[^\"]*\": (?!.*AOTCache)");

        List<String> moments = new ArrayList<>();
        Matcher mem = MEMORY_ROW.matcher(out);
        while (mem.find()) {
            moments.add(mem.group(1) + mem.group(2));
            assertThat(Double.parseDouble(mem.group(3))).as(mem.group()).isPositive();
            if (mem.group(1).equals("after") && !mem.group(2).contains("GC")) {
                assertThat(Double.parseDouble(mem.group(4))).as("requests/s in %s", mem.group()).isPositive();
            }
        }
        // idle, idle after GC, then 2 rounds of requests each with and without a GC after it
        assertThat(moments).as(out).hasSize(6);
        assertThat(out).containsPattern("tokens\\.list answered \\d+ token\\(s\\)");
    }

    /** Runs {@code StartupBench --smoke} in its own JVM, from the project directory. */
    private static String runSmoke() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path tmp = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp")).toAbsolutePath();
        Files.createDirectories(tmp);
        Path log = Files.createTempFile(tmp, "startup-bench-", ".out");
        File basedir = new File(System.getProperty("basedir", "."));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                "-Dpechatka.test.tmp=" + tmp, "-cp", classpath, StartupBench.class.getName(), "--smoke");
        Process p = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("the smoke run ended:%n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
