package org.pechatka.platform;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One running Pechatka per user and data directory. The first start holds a lock file and listens
 * on a Unix domain socket, both in a directory only the user can enter; a second start finds the
 * lock held, sends the one message this socket understands ("focus": bring your window to the
 * front) and exits. A socket left behind by a crash is recognised by the lock not being held (the
 * OS releases a dead process's lock): the new start deletes it and takes over.
 *
 * <p>Trust: the directory is {@code 0700} and owned by the user, so other users cannot reach the
 * socket; where the OS tells the peer's user (Linux, macOS) a connection from another user is
 * closed unread as well. Nothing but the fixed message is acted upon.
 */
public final class SingleInstance implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SingleInstance.class.getName());
    private static final byte[] FOCUS = "focus\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    /** sun_path is 108 bytes on Linux, 104 on macOS; leave room for the terminating zero. */
    private static final int MAX_SOCKET_PATH = 100;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread acceptor;

    private SingleInstance(FileChannel lockChannel, FileLock lock, ServerSocketChannel server, Path socket,
            Runnable onFocus) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.socket = socket;
        this.acceptor = Thread.ofPlatform().daemon().name("pechatka-single-instance").start(() -> serve(onFocus));
    }

    /** What {@link #claim} found. */
    public sealed interface Claim {}

    /** This process is the first: it holds the instance until {@link SingleInstance#close()}. */
    public record First(SingleInstance instance) implements Claim {}

    /** Another process of the user runs already and was asked to come to the front. */
    public record Second(boolean focused) implements Claim {}

    /**
     * Becomes the one instance for {@code dataDir}, or asks the running one to come to the front.
     *
     * @param dataDir the application's data directory (one instance per directory)
     * @param onFocus runs (on an internal thread) when a later start asks this instance to come to the front
     * @throws IOException when the instance directory cannot be made private to the user
     */
    public static Claim claim(Path dataDir, Runnable onFocus) throws IOException {
        Path dir = privateDirectory(dataDir.resolve("instance"));
        Path socket = dir.resolve("instance.sock");
        if (socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            socket = privateDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                    "pechatka-" + System.getProperty("user.name") + "-" + shortHash(dir))).resolve("instance.sock");
        }
        FileChannel ch = FileChannel.open(dir.resolve("instance.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            return new Second(askToFocus(socket));
        }
        try {
            Files.deleteIfExists(socket); // a crashed instance's socket: its lock is free, so it is gone
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            return new First(new SingleInstance(ch, lock, server, socket, onFocus));
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /** Asks the running instance to come to the front; false when it did not answer in time. */
    private static boolean askToFocus(Path socket) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                Thread watchdog = closeLater(c);
                try {
                    c.write(ByteBuffer.wrap(FOCUS));
                    ByteBuffer answer = ByteBuffer.allocate(OK.length);
                    while (answer.hasRemaining() && c.read(answer) >= 0) {
                        // read the short answer
                    }
                    return java.util.Arrays.equals(answer.array(), OK);
                } finally {
                    watchdog.interrupt();
                }
            } catch (IOException | UnsupportedOperationException e) {
                // the first instance holds the lock but may not listen yet (it is starting): try again shortly
                if (System.nanoTime() > deadline) {
                    LOG.log(System.Logger.Level.WARNING, "the running Pechatka did not answer: {0}", e.getMessage());
                    return false;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private void serve(Runnable onFocus) {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                if (!fromThisUser(c)) {
                    continue;
                }
                ByteBuffer message = ByteBuffer.allocate(FOCUS.length);
                Thread watchdog = closeLater(c); // a silent peer must not hold up later starts
                try {
                    while (message.hasRemaining() && c.read(message) >= 0) {
                        // a fixed, short message; anything else is ignored
                    }
                } finally {
                    watchdog.interrupt();
                }
                if (java.util.Arrays.equals(message.array(), FOCUS)) {
                    c.write(ByteBuffer.wrap(OK));
                    try {
                        onFocus.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "bringing the window to the front failed", e);
                    }
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.DEBUG, "single-instance connection failed", e);
                }
            }
        }
    }

    /** Closes {@code c} after a few seconds unless interrupted first: blocking Unix channels have no read timeout. */
    private static Thread closeLater(SocketChannel c) {
        return Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(3000);
                c.close();
            } catch (InterruptedException | IOException done) {
                // answered in time, or already closed
            }
        });
    }

    /** The peer's user where the OS tells it (Linux, macOS); elsewhere the directory's permissions decide. */
    private static boolean fromThisUser(SocketChannel c) {
        try {
            jdk.net.UnixDomainPrincipal peer = c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            String me = System.getProperty("user.name");
            if (!peer.user().getName().equals(me)) {
                LOG.log(System.Logger.Level.WARNING, "ignored a single-instance message from another user");
                return false;
            }
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            return true;
        }
    }

    /**
     * The directory, created {@code 0700}; an existing one must belong to this user and is narrowed
     * to {@code 0700} if it was wider.
     */
    static Path privateDirectory(Path dir) throws IOException {
        AtomicFiles.ownerOnlyDirectory(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            String owner = Files.getOwner(dir).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException(dir + " belongs to " + owner + ", not to this user");
            }
            Set<PosixFilePermission> ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
            if (!Files.getPosixFilePermissions(dir).equals(ownerOnly)) {
                Files.setPosixFilePermissions(dir, ownerOnly);
            }
        }
        return dir;
    }

    private static String shortHash(Path dir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dir.toAbsolutePath().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops listening, removes the socket and releases the lock. */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the single-instance socket", e);
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "releasing the single-instance lock", e);
        }
        acceptor.interrupt();
    }
}
