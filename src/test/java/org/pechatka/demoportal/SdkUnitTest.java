package org.pechatka.demoportal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the JS SDK's unit tests ({@code node --test sdk/js/test/unit/}) as part of the Java build. */
class SdkUnitTest {

    @Test
    void whenTheSdkUnitTestsRun_thenNodeReportsThemAllPassing() throws Exception {
        Path project = Path.of(System.getProperty("user.dir"));
        Path tests = project.resolve("sdk/js/test/unit");
        assertThat(tests).as("the SDK's unit tests").isDirectory();
        Path log = Files.createTempFile("pechatka-sdk-unit", ".log");
        Process node;
        try {
            node = new ProcessBuilder("node", "--test", "sdk/js/test/unit/")
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            fail("node not found: install nodejs (Node.js 20 or later) to run the JS SDK's tests", e);
            return;
        }
        try {
            if (!node.waitFor(5, TimeUnit.MINUTES)) {
                node.destroyForcibly();
                fail("node --test did not finish within 5 minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(node.exitValue()).as("node --test sdk/js/test/unit/ exit code; output:%n%s", output)
                    .isZero();
            Matcher pass = Pattern.compile("(?m)^# pass (\\d+)$").matcher(output);
            assertThat(pass.find()).as("a TAP summary in:%n%s", output).isTrue();
            assertThat(Integer.parseInt(pass.group(1))).as("tests that ran and passed").isGreaterThan(20);
            assertThat(output).contains("# fail 0");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
