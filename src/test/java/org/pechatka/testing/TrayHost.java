package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.SystemTray;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A real system tray on the test's display: Debian's {@code trayer} (bare Xvfb has none, and then
 * {@code SystemTray.isSupported()} is false). Missing trayer fails the test: bin/test installs it.
 */
public final class TrayHost implements AutoCloseable {

    private final Process process;

    private TrayHost(Process process) {
        this.process = process;
    }

    /** Starts trayer and waits until AWT sees the tray. */
    public static TrayHost start() throws IOException, InterruptedException {
        assertThat(System.getenv("DISPLAY")).as("a display (the tests run under xvfb-run)").isNotBlank();
        Process p = new ProcessBuilder("trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
                "--height", "28", "--SetDockType", "true", "--transparent", "false", "--tint", "0xd0d7de")
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        TrayHost host = new TrayHost(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!SystemTray.isSupported()) {
            assertThat(p.isAlive()).as("trayer runs").isTrue();
            assertThat(System.nanoTime()).as("the tray host appears").isLessThan(deadline);
            Thread.sleep(50);
        }
        return host;
    }

    /** Stops trayer and waits until the tray is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (SystemTray.isSupported() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
