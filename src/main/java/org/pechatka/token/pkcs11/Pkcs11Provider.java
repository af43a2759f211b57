package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CANT_LOCK;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_FUNCTION_NOT_SUPPORTED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_NO_EVENT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pechatka.token.PinCache;
import org.pechatka.token.ProviderStatus;
import org.pechatka.token.SlotReport;
import org.pechatka.token.Token;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenProvider;
import org.xipki.pkcs11.wrapper.ModuleInfo;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.SlotInfo;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * One loaded PKCS#11 module. {@code C_Initialize} is called here with OS locking (falling back to
 * no locking on {@code CKR_CANT_LOCK}), {@code C_Finalize} exactly once in {@link #close()}.
 * Without OS locking every call into the module is serialised by the module lock; with it, calls
 * on different tokens may run in parallel while each token serialises its own operations.
 *
 * <p>Loading never throws: a module that fails is reported through {@link #status()}.
 */
public final class Pkcs11Provider implements TokenProvider {

    private static final System.Logger LOG = System.getLogger(Pkcs11Provider.class.getName());
    private static final Duration FINALIZE_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * Tunables.
     *
     * @param pollInterval how often slots are rescanned when the module cannot report events
     * @param pinCache     how long a login lasts after the PIN was entered ({@link PinCache}; zero: off)
     */
    public record Options(Duration pollInterval, Duration pinCache) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(1));

        public Options {
            PinCache.check(pinCache);
        }

        public Options(Duration pollInterval) {
            this(pollInterval, Duration.ZERO);
        }

        /** These options with the admin policy's PIN cache. */
        public Options withPinCache(Duration duration) {
            return new Options(pollInterval, duration);
        }
    }

    /** A call into the module. */
    @FunctionalInterface
    interface P11Call<T> {
        T call() throws PKCS11Exception;
    }

    private final String path;
    private final Options options;
    private final PKCS11Module module;
    private final boolean osLocking;
    private final boolean ownsInitialization;
    private final ProviderStatus status;
    private final ReentrantLock moduleLock = new ReentrantLock();
    private final Object scanLock = new Object();
    private final Map<Long, Pkcs11Token> tokensBySlot = new LinkedHashMap<>();
    private final List<Consumer<TokenEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService monitor;

    private Pkcs11Provider(String path, Options options, PKCS11Module module, boolean osLocking,
            boolean ownsInitialization, ProviderStatus status) {
        this.path = path;
        this.options = options;
        this.module = module;
        this.osLocking = osLocking;
        this.ownsInitialization = ownsInitialization;
        this.status = status;
    }

    /** Loads and initialises a module. Never throws: failures are in {@link #status()}. */
    public static Pkcs11Provider load(String path, Options options) {
        Xipki.routeLogging();
        PKCS11Module module;
        try {
            module = PKCS11Module.getInstance(path);
        } catch (Throwable e) { // IOException, UnsatisfiedLinkError from dlopen: report, never fatal
            LOG.log(System.Logger.Level.DEBUG, "loading " + path + " failed", e);
            return failed(path, options, "cannot be loaded: " + describe(e));
        }
        List<String> notes = new ArrayList<>();
        boolean osLocking = true;
        boolean owns = true;
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_CANT_LOCK) {
                try {
                    module.getPKCS11Module().C_Initialize(null, true);
                    osLocking = false;
                    notes.add("the module cannot use OS locking; Pechatka serialises every call to it");
                } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e2) {
                    return failed(path, options, "C_Initialize failed: " + CkrMapper.name(e2.getErrorCode()));
                }
            } else if (e.getErrorCode() == CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                owns = false;
                notes.add("the module was already initialised in this process");
            } else {
                return failed(path, options, "C_Initialize failed: " + CkrMapper.name(e.getErrorCode()));
            }
        } catch (RuntimeException e) {
            return failed(path, options, "C_Initialize failed: " + describe(e));
        }
        String description;
        try {
            ModuleInfo info = new ModuleInfo(module.getPKCS11Module().C_GetInfo());
            description = info.getLibraryDescription() + " " + info.getLibraryVersion() + " by "
                    + info.getManufacturerID() + ", Cryptoki " + info.getCryptokiVersion();
        } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
            description = "C_GetInfo failed: " + CkrMapper.name(e.getErrorCode());
        }
        return new Pkcs11Provider(path, options, module, osLocking, owns,
                new ProviderStatus(path, true, description, notes));
    }

    private static Pkcs11Provider failed(String path, Options options, String why) {
        return new Pkcs11Provider(path, options, null, false, false,
                new ProviderStatus(path, false, why, List.of()));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }

    @Override
    public ProviderStatus status() {
        return status;
    }

    /** The module path as given. */
    public String path() {
        return path;
    }

    /** Whether the module runs with OS locking. */
    public boolean osLocking() {
        return osLocking;
    }

    /**
     * Runs a call into the module: under the module lock when the module cannot lock itself,
     * directly otherwise.
     */
    <T> T call(P11Call<T> call) throws PKCS11Exception {
        if (closed.get()) {
            throw new PKCS11Exception(org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED);
        }
        if (osLocking) {
            return call.call();
        }
        moduleLock.lock();
        try {
            return call.call();
        } finally {
            moduleLock.unlock();
        }
    }

    /** A call into the module that returns nothing. */
    @FunctionalInterface
    interface P11Action {
        void run() throws PKCS11Exception;
    }

    /** Like {@link #call} for a call that returns nothing. */
    void run(P11Action action) throws PKCS11Exception {
        call(() -> {
            action.run();
            return null;
        });
    }

    Options options() {
        return options;
    }

    PKCS11Module module() {
        return module;
    }

    @Override
    public List<Token> tokens() {
        if (module == null || closed.get()) {
            return List.of();
        }
        deliver(rescan());
        synchronized (scanLock) {
            return List.copyOf(tokensBySlot.values());
        }
    }

    @Override
    public List<SlotReport> slots() {
        if (module == null || closed.get()) {
            return List.of();
        }
        List<SlotReport> reports = new ArrayList<>();
        try {
            Slot[] slots = call(() -> module.getSlotList(false));
            for (Slot slot : slots) {
                String id = "0x" + Long.toHexString(slot.getSlotID());
                try {
                    SlotInfo si = call(slot::getSlotInfo);
                    if (!si.isTokenPresent()) {
                        reports.add(new SlotReport(id, si.getSlotDescription(), false, "", false, null));
                        continue;
                    }
                    TokenInfo ti = call(() -> slot.getToken().getTokenInfo());
                    boolean initialized = ti.hasFlagBit(CKF_TOKEN_INITIALIZED);
                    reports.add(new SlotReport(id, si.getSlotDescription(), true, ti.getLabel(), initialized,
                            initialized ? tokenId(ti, slot) : null));
                } catch (PKCS11Exception e) {
                    reports.add(new SlotReport(id, "unreadable: " + CkrMapper.name(e.getErrorCode()), false, "",
                            false, null));
                }
            }
        } catch (PKCS11Exception e) {
            LOG.log(System.Logger.Level.WARNING, "C_GetSlotList failed on {0}: {1}", path,
                    CkrMapper.name(e.getErrorCode()));
        }
        return reports;
    }

    /** Re-reads the slot list; returns the events it found. */
    private List<TokenEvent> rescan() {
        List<TokenEvent> events = new ArrayList<>();
        synchronized (scanLock) {
            Slot[] slots;
            try {
                slots = call(() -> module.getSlotList(true));
            } catch (PKCS11Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "C_GetSlotList failed on {0}: {1}", path,
                        CkrMapper.name(e.getErrorCode()));
                return events;
            }
            Map<Long, Pkcs11Token> seen = new LinkedHashMap<>();
            for (Slot slot : slots) {
                TokenInfo ti;
                try {
                    ti = call(() -> slot.getToken().getTokenInfo());
                } catch (PKCS11Exception e) {
                    continue; // removed while scanning, or unreadable: not present
                }
                if (!ti.hasFlagBit(CKF_TOKEN_INITIALIZED)) {
                    continue; // an empty token (e.g. SoftHSM's free slot) holds no keys
                }
                String id = tokenId(ti, slot);
                Pkcs11Token known = tokensBySlot.get(slot.getSlotID());
                if (known != null && known.id().equals(id) && !known.gone()) {
                    seen.put(slot.getSlotID(), known);
                } else {
                    Pkcs11Token token = new Pkcs11Token(this, slot, id, ti);
                    seen.put(slot.getSlotID(), token);
                    events.add(new TokenEvent.Inserted(token.lastKnownInfo()));
                }
            }
            for (Map.Entry<Long, Pkcs11Token> e : tokensBySlot.entrySet()) {
                Pkcs11Token now = seen.get(e.getKey());
                if (now != e.getValue()) {
                    e.getValue().markGone();
                    events.add(0, new TokenEvent.Removed(e.getValue().id()));
                }
            }
            tokensBySlot.clear();
            tokensBySlot.putAll(seen);
        }
        return events;
    }

    /**
     * A stable identifier: the token's manufacturer, model and serial number, which stay the same
     * across restarts and module paths. A token without a serial number falls back to its label.
     */
    static String tokenId(TokenInfo ti, Slot slot) {
        String serial = ti.getSerialNumber() == null ? "" : ti.getSerialNumber().strip();
        String key = "pkcs11\0" + ti.getManufacturerID().strip() + "\0" + ti.getModel().strip() + "\0"
                + (serial.isEmpty() ? "label:" + ti.getLabel().strip() : serial);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "p11-" + HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called by a token that found itself gone during an operation. */
    void tokenGone(Pkcs11Token token) {
        List<TokenEvent> events = new ArrayList<>();
        synchronized (scanLock) {
            if (tokensBySlot.remove(token.slotId(), token)) {
                events.add(new TokenEvent.Removed(token.id()));
            }
        }
        deliver(events);
    }

    private void deliver(List<TokenEvent> events) {
        for (TokenEvent event : events) {
            for (Consumer<TokenEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "token event listener failed", e);
                }
            }
        }
    }

    @Override
    public synchronized void watch(Consumer<TokenEvent> listener) {
        listeners.add(listener);
        if (monitor != null || module == null || closed.get()) {
            return;
        }
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pechatka-p11-monitor-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long period = options.pollInterval().toMillis();
        monitor.scheduleWithFixedDelay(this::poll, 0, period, TimeUnit.MILLISECONDS);
        if (osLocking) {
            startSlotEventWaiter();
        }
    }

    private void poll() {
        if (!closed.get()) {
            try {
                deliver(rescan());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "token monitor failed on " + path, e);
            }
        }
    }

    /**
     * Where the module supports a blocking {@code C_WaitForSlotEvent}, a thread waits on it so
     * insertions and removals are seen at once; polling stays as the fallback (SoftHSM2, for one,
     * supports only the non-blocking form).
     */
    private void startSlotEventWaiter() {
        try {
            module.waitForSlotEvent(true);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_NO_EVENT) {
                return; // CKR_FUNCTION_NOT_SUPPORTED or worse: polling only
            }
        }
        Thread waiter = new Thread(() -> {
            while (!closed.get()) {
                try {
                    module.waitForSlotEvent(false);
                } catch (PKCS11Exception e) {
                    if (closed.get() || e.getErrorCode() == CKR_FUNCTION_NOT_SUPPORTED) {
                        return;
                    }
                    LOG.log(System.Logger.Level.DEBUG, "C_WaitForSlotEvent on {0}: {1}", path,
                            CkrMapper.name(e.getErrorCode()));
                    if (!sleep(Duration.ofSeconds(1))) {
                        return;
                    }
                    continue;
                }
                ScheduledExecutorService m = monitor;
                if (m != null && !closed.get()) {
                    m.execute(this::poll);
                }
            }
        }, "pechatka-p11-slot-events-" + THREADS.incrementAndGet());
        waiter.setDaemon(true);
        waiter.start();
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Calls {@code C_Finalize} exactly once (if this provider initialised the module), waiting at
     * most five seconds so a hung module cannot block exit.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (monitor != null) {
                monitor.shutdownNow();
            }
        }
        synchronized (scanLock) {
            tokensBySlot.values().forEach(Pkcs11Token::markGone);
            tokensBySlot.clear();
        }
        if (module == null || !ownsInitialization) {
            return;
        }
        Thread finalizer = new Thread(() -> {
            boolean locked = false;
            try {
                if (!osLocking) {
                    locked = moduleLock.tryLock(FINALIZE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                module.finalize(null);
            } catch (PKCS11Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "C_Finalize on {0}: {1}", path, CkrMapper.name(e.getErrorCode()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (locked) {
                    moduleLock.unlock();
                }
            }
        }, "pechatka-p11-finalize");
        finalizer.setDaemon(true);
        finalizer.start();
        try {
            finalizer.join(FINALIZE_TIMEOUT);
            if (finalizer.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "C_Finalize on {0} did not return within {1} s; giving up",
                        path, FINALIZE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "Pkcs11Provider[" + path + "]";
    }
}
