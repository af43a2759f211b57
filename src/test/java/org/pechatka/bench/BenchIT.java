package org.pechatka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of {@code pechatka bench --smoke} from the packaged application: the benchmark works
 * and prints its tables. Timings are not asserted (they go into docs/performance.md, not tests).
 */
class BenchIT {

    private static final Pattern ROW = Pattern.compile(
            "^\\| (RSA-2048|EC P-256|\\d+) \\| (\\d+\\.\\d{3}) ms \\| (\\d+\\.\\d{3}) ms \\| (\\d+\\.\\d{3}) \\|$",
            Pattern.MULTILINE);

    @Test
    void whenTheBenchmarkRunsShort_thenItMeasuresEveryComparison() throws Exception {
        Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "bench", "--smoke"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = ROW.matcher(out);
        int rows = 0;
        while (m.find()) {
            rows++;
            assertThat(Double.parseDouble(m.group(2))).as(m.group()).isPositive();
            assertThat(Double.parseDouble(m.group(3))).as(m.group()).isPositive();
            assertThat(Double.parseDouble(m.group(4))).as(m.group()).isPositive();
        }
        // RSA-2048 and EC P-256 signing, listing 1 and 10 certificates
        assertThat(rows).as(out).isEqualTo(4);
        assertThat(out).contains("SoftHSM").contains("interleaved");
    }
}
