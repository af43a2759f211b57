package org.pechatka.token.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.pechatka.token.PinCache;
import org.pechatka.token.ProviderStatus;
import org.pechatka.token.SlotReport;
import org.pechatka.token.Token;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenProvider;

/**
 * PKCS#12 key files as tokens: files named explicitly, plus every {@code .p12}/{@code .pfx} in the
 * application's key directory. A file that appears or disappears is an inserted or removed token.
 */
public final class KeyFileProvider implements TokenProvider {

    private static final Set<String> EXTENSIONS = Set.of(".p12", ".pfx");

    private final List<Path> explicitFiles;
    private final Path keyDirectory;
    private final Duration pollInterval;
    private final Duration pinCache;
    private final Map<Path, KeyFileToken> tokens = new LinkedHashMap<>();
    private final List<Consumer<TokenEvent>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService monitor;

    /**
     * @param explicitFiles key files named on the command line or in settings
     * @param keyDirectory  a directory whose key files are all used, or null
     */
    public KeyFileProvider(List<Path> explicitFiles, Path keyDirectory, Duration pollInterval) {
        this(explicitFiles, keyDirectory, pollInterval, Duration.ZERO);
    }

    /**
     * @param explicitFiles key files named on the command line or in settings
     * @param keyDirectory  a directory whose key files are all used, or null
     * @param pinCache      how long a file stays unlocked after its password was entered
     *                      ({@link PinCache}; zero: asked every time)
     */
    public KeyFileProvider(List<Path> explicitFiles, Path keyDirectory, Duration pollInterval, Duration pinCache) {
        this.explicitFiles = explicitFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.keyDirectory = keyDirectory;
        this.pollInterval = pollInterval;
        this.pinCache = PinCache.check(pinCache);
    }

    @Override
    public ProviderStatus status() {
        List<String> notes = new ArrayList<>();
        for (Path p : explicitFiles) {
            if (!Files.isRegularFile(p)) {
                notes.add("key file not found: " + p);
            }
        }
        return new ProviderStatus("key files", true, files().size() + " PKCS#12 key file(s)"
                + (keyDirectory != null ? " (also looking in " + keyDirectory + ")" : ""), notes);
    }

    /** The key files present now. */
    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (Path p : explicitFiles) {
            if (Files.isRegularFile(p) && !out.contains(p)) {
                out.add(p);
            }
        }
        if (keyDirectory != null && Files.isDirectory(keyDirectory)) {
            try (Stream<Path> s = Files.list(keyDirectory)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> EXTENSIONS.stream().anyMatch(
                                e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                        .map(p -> p.toAbsolutePath().normalize())
                        .sorted()
                        .filter(p -> !out.contains(p))
                        .forEach(out::add);
            } catch (IOException e) {
                // unreadable directory: no files from it
            }
        }
        return out;
    }

    @Override
    public synchronized List<Token> tokens() {
        List<TokenEvent> events = rescan();
        List<Token> list = List.copyOf(tokens.values());
        deliver(events);
        return list;
    }

    private synchronized List<TokenEvent> rescan() {
        List<Path> present = files();
        List<TokenEvent> events = new ArrayList<>();
        for (Path p : present) {
            if (!tokens.containsKey(p)) {
                KeyFileToken t = new KeyFileToken(p, pinCache);
                tokens.put(p, t);
                events.add(new TokenEvent.Inserted(t.info(true)));
            }
        }
        tokens.entrySet().removeIf(e -> {
            if (!present.contains(e.getKey())) {
                events.add(new TokenEvent.Removed(e.getValue().id()));
                return true;
            }
            return false;
        });
        return events;
    }

    private void deliver(List<TokenEvent> events) {
        for (TokenEvent e : events) {
            listeners.forEach(l -> l.accept(e));
        }
    }

    @Override
    public List<SlotReport> slots() {
        return files().stream()
                .map(p -> new SlotReport(p.toString(), "PKCS#12 key file", true, p.getFileName().toString(), true,
                        KeyFileToken.tokenId(p)))
                .toList();
    }

    @Override
    public synchronized void watch(Consumer<TokenEvent> listener) {
        listeners.add(listener);
        if (monitor == null) {
            monitor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pechatka-keyfile-monitor");
                t.setDaemon(true);
                return t;
            });
            monitor.scheduleWithFixedDelay(() -> deliver(rescan()), 0, pollInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (monitor != null) {
            monitor.shutdownNow();
            monitor = null;
        }
    }
}
