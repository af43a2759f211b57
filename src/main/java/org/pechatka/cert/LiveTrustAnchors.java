package org.pechatka.cert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The trust anchors of a {@link TrustStore} as they are now: read again when a file in the store
 * (user or administrator folder, their intermediate and CRL folders, the policy's certificate files)
 * was added, removed or changed, so a CA the person adds or removes in the trust store window, or
 * with {@code pechatka truststore}, counts for the next portal request without a restart.
 *
 * <p>Checking costs a directory listing of a few small folders per call; the certificates are parsed
 * only after a change. When reading the changed store fails, the anchors read last stay in use and
 * the failure is logged (a half-written store must not empty the anchors).
 */
public final class LiveTrustAnchors implements Supplier<TrustAnchors> {

    private static final System.Logger LOG = System.getLogger(LiveTrustAnchors.class.getName());

    private final TrustStore store;
    private final List<X509Certificate> extraRoots;
    private final Duration crlTimeout;
    private final Clock clock;
    private List<String> stamp;
    private TrustAnchors anchors;

    /**
     * Reads the store once now.
     *
     * @throws IOException the store cannot be read at start
     */
    public LiveTrustAnchors(TrustStore store, Collection<X509Certificate> extraRoots, Duration crlTimeout, Clock clock)
            throws IOException {
        this.store = store;
        this.extraRoots = List.copyOf(extraRoots);
        this.crlTimeout = crlTimeout;
        this.clock = clock;
        this.stamp = stamp();
        this.anchors = store.anchors(this.extraRoots, crlTimeout, clock);
    }

    @Override
    public synchronized TrustAnchors get() {
        try {
            List<String> now = stamp();
            if (!now.equals(stamp)) {
                anchors = store.anchors(extraRoots, crlTimeout, clock);
                stamp = now;
                LOG.log(System.Logger.Level.INFO, "the trust store changed: {0} roots, {1} intermediates now",
                        anchors.anchors().size(), anchors.intermediates().size());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the changed trust store could not be read; the anchors read before"
                    + " stay in use: {0}", e.toString());
        }
        return anchors;
    }

    /** Name, size and modification time of every file that makes up the store. */
    private List<String> stamp() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path dir : store.folders()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, 2)) {
                for (Path f : files.sorted().toList()) {
                    out.add(entry(f));
                }
            }
        }
        for (Path f : store.adminFiles()) {
            out.add(Files.exists(f) ? entry(f) : f + " missing");
        }
        return out;
    }

    private static String entry(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return f + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
    }
}
