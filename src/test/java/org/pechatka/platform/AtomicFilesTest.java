package org.pechatka.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void whenWriteNewToAFreeName_thenContentWrittenAndNoTempFileLeft() throws IOException {
        Path target = dir.resolve("key.p12");

        AtomicFiles.writeNew(target, "content".getBytes(StandardCharsets.UTF_8), false);

        assertThat(target).hasContent("content");
        assertThat(names(dir)).containsExactly("key.p12");
    }

    @Test
    void whenWriteNewOverAnExistingFile_thenRefusedAndTheFileUntouchedAndNoTempFileLeft() throws IOException {
        Path target = dir.resolve("key.p12");
        Files.writeString(target, "the user's key");

        assertThatThrownBy(() -> AtomicFiles.writeNew(target, "other".getBytes(StandardCharsets.UTF_8), true))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(target).hasContent("the user's key");
        assertThat(names(dir)).containsExactly("key.p12");
    }

    @Test
    void whenWriteNewOverAnExistingDirectory_thenRefusedAndNoTempFileLeft() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken"));

        assertThatThrownBy(() -> AtomicFiles.writeNew(target, new byte[] {1}, false))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(target).isDirectory();
        assertThat(names(dir)).containsExactly("taken");
    }

    @Test
    void whenWriteNewOwnerOnly_thenCreatedRwOwnerOnly() throws IOException {
        Path target = dir.resolve("secret.p12");

        AtomicFiles.writeNew(target, new byte[] {1, 2, 3}, true);

        assertThat(permissions(target)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(names(dir)).containsExactly("secret.p12");
    }

    @Test
    void whenWriteNewIntoAMissingDirectory_thenParentsCreated() throws IOException {
        Path target = dir.resolve("a/b/c.bin");

        AtomicFiles.writeNew(target, new byte[0], false);

        assertThat(target).isRegularFile().isEmptyFile();
        assertThat(names(target.getParent())).containsExactly("c.bin");
    }

    @Test
    void whenReplaceAnExistingFile_thenNewContentAndNoTempFileLeft() throws IOException {
        Path target = dir.resolve("settings.json");
        Files.writeString(target, "{\"old\":true}");

        AtomicFiles.replace(target, "{\"new\":true}".getBytes(StandardCharsets.UTF_8), false);

        assertThat(target).hasContent("{\"new\":true}");
        assertThat(names(dir)).containsExactly("settings.json");
    }

    @Test
    void whenReplaceAMissingFileOwnerOnly_thenCreatedRwOwnerOnly() throws IOException {
        Path target = dir.resolve("trust.json");

        AtomicFiles.replace(target, "[]".getBytes(StandardCharsets.UTF_8), true);

        assertThat(target).hasContent("[]");
        assertThat(permissions(target)).isEqualTo("rw-------");
        assertThat(names(dir)).containsExactly("trust.json");
    }

    @Test
    void whenReplaceSwapsTheFile_thenAReaderHoldingTheOldFileStillSeesAllOfTheOldContent() throws IOException {
        Path target = dir.resolve("settings.json");
        Files.writeString(target, "old content");
        Object before = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        try (var reader = Files.newInputStream(target)) {
            AtomicFiles.replace(target, "new content, longer".getBytes(StandardCharsets.UTF_8), false);

            // the content was not rewritten in place: the old file was swapped for a new one
            assertThat(new String(reader.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old content");
        }
        assertThat(target).hasContent("new content, longer");
        assertThat(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isNotEqualTo(before);
    }

    @Test
    void whenReplacedRepeatedlyWhileRead_thenEveryReadSeesOneWholeVersion() throws Exception {
        Path target = dir.resolve("big.bin");
        byte[] a = new byte[256 * 1024];
        byte[] b = new byte[512 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        AtomicFiles.replace(target, a, false);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get() && torn.get() == null) {
                try {
                    byte[] seen = Files.readAllBytes(target);
                    reads.incrementAndGet();
                    if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                        torn.set("read " + seen.length + " bytes that are neither version");
                    }
                } catch (IOException e) {
                    torn.set(e.toString());
                }
            }
        });
        try {
            for (int i = 0; i < 200; i++) {
                AtomicFiles.replace(target, i % 2 == 0 ? b : a, false);
            }
        } finally {
            done.set(true);
            reader.join();
        }

        assertThat(torn.get()).isNull();
        assertThat(reads.get()).isPositive();
        assertThat(names(dir)).containsExactly("big.bin");
    }

    @Test
    void whenOwnerOnlyDirectoryCreated_thenRwxForTheOwnerOnly() throws IOException {
        Path created = AtomicFiles.ownerOnlyDirectory(dir.resolve("data/pechatka"));

        assertThat(created).isDirectory();
        assertThat(permissions(created)).isEqualTo("rwx------");
    }

    @Test
    void whenManyFilesWrittenNew_thenOnlyTheTargetsRemain() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AtomicFiles.writeNew(dir.resolve("f" + i), new byte[] {(byte) i}, i % 2 == 0);
            expected.add("f" + i);
        }
        assertThatThrownBy(() -> AtomicFiles.writeNew(dir.resolve("f3"), new byte[] {9}, false))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(names(dir)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Files.readAllBytes(dir.resolve("f3"))).containsExactly(3);
    }

    @Test
    void whenStreamedContentFailsHalfWay_thenNoFileAndNoTemporaryFileIsLeft() throws Exception {
        Path target = dir.resolve("big.p7s");
        assertThatThrownBy(() -> AtomicFiles.writeNew(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("the file changed while it was being signed");
        }, false)).hasMessageContaining("changed");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        AtomicFiles.writeNew(target, out -> out.write("streamed".getBytes(StandardCharsets.US_ASCII)), false);
        assertThat(Files.readString(target)).isEqualTo("streamed");
        assertThatThrownBy(() -> AtomicFiles.writeNew(target, out -> out.write(1), false))
                .isInstanceOf(FileAlreadyExistsException.class);
        AtomicFiles.replace(target, out -> out.write("again".getBytes(StandardCharsets.US_ASCII)), false);
        assertThat(Files.readString(target)).isEqualTo("again");
    }
}
