package org.pechatka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    @TempDir
    Path tmp;

    @Test
    void whenInstalled_thenInfoAndAboveReachAnOwnerOnlyFileWithTimeAndLoggerButDebugDoesNot() throws Exception {
        Path dir = tmp.resolve("state/pechatka/logs");
        FileHandler handler = LogFiles.install(dir);
        try {
            System.Logger log = System.getLogger("org.pechatka.test.LogFilesTest");
            log.log(System.Logger.Level.INFO, "listening on port {0}", 27321);
            log.log(System.Logger.Level.DEBUG, "a detail for developers");
            log.log(System.Logger.Level.WARNING, "a problem", new IllegalStateException("why"));
            handler.flush();
            String text = Files.readString(dir.resolve("pechatka-0.log"));
            assertThat(text).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO "
                    + "org\\.pechatka\\.test\\.LogFilesTest: listening on port 27,?321");
            assertThat(text).contains("WARNING org.pechatka.test.LogFilesTest: a problem")
                    .contains("java.lang.IllegalStateException: why");
            assertThat(text).doesNotContain("a detail for developers");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        } finally {
            Logger.getLogger("").removeHandler(handler);
            handler.close();
        }
    }
}
