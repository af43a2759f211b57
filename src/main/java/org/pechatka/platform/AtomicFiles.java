package org.pechatka.platform;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash never leaves a half-written file and nothing is overwritten by
 * accident: content goes to a temporary file beside the target, is flushed to disk, and is then
 * moved into place. Files holding keys are created owner-only.
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SHARED_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {}

    /**
     * Writes a new file; fails with {@link FileAlreadyExistsException} if {@code target} exists,
     * leaving it untouched.
     */
    public static void writeNew(Path target, byte[] content, boolean ownerOnly) throws IOException {
        writeNew(target, out -> out.write(content), ownerOnly);
    }

    /** What writes a file's content, for content too large to hold in memory. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out}; a failure leaves no file behind. */
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * As {@link #writeNew(Path, byte[], boolean)}, with the content streamed by {@code content}
     * (large files, e.g. a signature that contains its document).
     */
    public static void writeNew(Path target, Content content, boolean ownerOnly) throws IOException {
        Path tmp = temp(target, content, ownerOnly);
        try {
            // a hard link fails if the target exists, so an existing file is never replaced
            Files.createLink(target, tmp);
        } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof FileAlreadyExistsException) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            // no hard links on this file system: a move without REPLACE_EXISTING refuses an existing
            // target (atomically on Windows; on others a file created in between could be replaced)
            try {
                Files.move(tmp, target);
            } catch (IOException moveFailed) {
                Files.deleteIfExists(tmp);
                throw moveFailed;
            }
            return;
        }
        Files.deleteIfExists(tmp);
    }

    /** Replaces (or creates) a file atomically. For settings the application itself owns. */
    public static void replace(Path target, byte[] content, boolean ownerOnly) throws IOException {
        replace(target, out -> out.write(content), ownerOnly);
    }

    /** As {@link #replace(Path, byte[], boolean)}, with the content streamed by {@code content}. */
    public static void replace(Path target, Content content, boolean ownerOnly) throws IOException {
        Path tmp = temp(target, content, ownerOnly);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates a directory (and parents) readable by the owner only where the file system allows. A
     * directory that exists already is left as it is: it may be one the user chose.
     */
    public static Path ownerOnlyDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (supportsPosix(parent == null ? dir : parent)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // umask may have narrowed, never widened
        } else {
            Files.createDirectory(dir);
        }
        return dir;
    }

    private static Path temp(Path target, Content content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            if (supportsPosix(tmp)) {
                // temporary files start owner-only; a file meant to be shared (a CA certificate) is opened up
                Files.setPosixFilePermissions(tmp, ownerOnly ? OWNER_ONLY_FILE : SHARED_FILE);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.io.OutputStream out = new java.io.BufferedOutputStream(
                        java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(out);
                out.flush(); // not closed here: closing would close the channel before force
                ch.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static boolean supportsPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
