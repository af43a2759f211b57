package org.pechatka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Pechatka per user and data directory: in one process, across real processes, and after a crash. */
class SingleInstanceTest {

    @TempDir
    Path dir;

    @Test
    void whenClaimedTwiceForOneDirectory_thenTheSecondAsksTheFirstToComeToTheFront() throws Exception {
        Semaphore focused = new Semaphore(0);
        SingleInstance.Claim first = SingleInstance.claim(dir, focused::release);
        assertThat(first).isInstanceOf(SingleInstance.First.class);
        try (SingleInstance instance = ((SingleInstance.First) first).instance()) {
            assertThat(instance).isNotNull();
            assertThat(Files.getPosixFilePermissions(dir.resolve("instance")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            SingleInstance.Claim second = SingleInstance.claim(dir, () -> {});
            assertThat(second).isEqualTo(new SingleInstance.Second(true));
            assertThat(focused.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

            // another directory is another instance
            SingleInstance.Claim other = SingleInstance.claim(dir.resolve("other"), () -> {});
            assertThat(other).isInstanceOf(SingleInstance.First.class);
            ((SingleInstance.First) other).instance().close();
        }
        // closed: the next start is the first again
        SingleInstance.Claim again = SingleInstance.claim(dir, () -> {});
        assertThat(again).isInstanceOf(SingleInstance.First.class);
        ((SingleInstance.First) again).instance().close();
    }

    @Test
    void whenAnythingButTheFocusMessageArrives_thenNothingHappens() throws Exception {
        Semaphore focused = new Semaphore(0);
        try (SingleInstance instance = ((SingleInstance.First) SingleInstance.claim(dir, focused::release))
                .instance()) {
            assertThat(instance).isNotNull();
            Path socket = dir.resolve("instance/instance.sock");
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                c.write(ByteBuffer.wrap("quit!\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer answer = ByteBuffer.allocate(8);
                assertThat(c.read(answer)).as("closed without an answer").isEqualTo(-1);
            }
            assertThat(focused.tryAcquire(300, TimeUnit.MILLISECONDS)).isFalse();
        }
    }

    @Test
    void whenAnOldSocketIsLeftWithoutItsProcess_thenTheNextStartTakesOver() throws Exception {
        Path socket = Files.createDirectories(dir.resolve("instance")).resolve("instance.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closing a channel leaves the file behind
        }
        assertThat(socket).exists();
        Semaphore focused = new Semaphore(0);
        SingleInstance.Claim c = SingleInstance.claim(dir, focused::release);
        assertThat(c).isInstanceOf(SingleInstance.First.class);
        try (SingleInstance instance = ((SingleInstance.First) c).instance()) {
            assertThat(instance).isNotNull();
            assertThat(SingleInstance.claim(dir, () -> {})).isEqualTo(new SingleInstance.Second(true));
            assertThat(focused.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void whenTwoProcessesStart_thenTheSecondFocusesTheFirstAndAfterACrashANewOneTakesOver() throws Exception {
        Process first = probe();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("first");
            Process second = probe();
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo("second focused=true");
            assertThat(out.readLine()).isEqualTo("focus");

            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // a crash: no clean-up runs
            assertThat(dir.resolve("instance/instance.sock")).exists();
            Process third = probe();
            BufferedReader thirdOut = new BufferedReader(new InputStreamReader(third.getInputStream(),
                    StandardCharsets.UTF_8));
            try {
                assertThat(thirdOut.readLine()).isEqualTo("first");
            } finally {
                third.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            first.destroyForcibly();
        }
    }

    private Process probe() throws Exception {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SingleInstanceProbe.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
