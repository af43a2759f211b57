package org.pechatka.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.pechatka.desktop.AppStatus;
import org.pechatka.desktop.MenuActions;
import org.pechatka.desktop.Notifier;
import org.pechatka.platform.AppDirs;
import org.pechatka.server.ServerEvents;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.DesktopShell;
import org.pechatka.ui.about.AboutViewModel;
import org.pechatka.ui.common.PendingRequests;

/**
 * The desktop side of a running Pechatka, wired: the tray (or status window, or neither with
 * {@code --no-tray}) started on its own thread while tokens and the server start, its status kept
 * up to date, blocked sites turned into notifications, and the menu's windows.
 *
 * <p>Settings and Trusted sites are windows of their own, wired with {@link #settings} and
 * {@link #trustedSites}; until then their menu entries only log. Certificates opens the Certificates
 * window over the token registry (without the tools of desktop.CertificateTools) unless {@link #certificates} gives another window.
 */
final class DesktopApp implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DesktopApp.class.getName());
    static final String WEBSITE = "https://pechatka.org";

    private final PendingRequests pending = new PendingRequests();
    private final CompletableFuture<DesktopShell> shell;
    private final AtomicReference<AppStatus> status;
    private final AtomicReference<Runnable> settings = new AtomicReference<>(() -> notWired("Settings"));
    private final AtomicReference<Runnable> trustedSites = new AtomicReference<>(() -> notWired("Trusted sites"));
    private final Runnable noCertificatesYet = () -> notWired("Certificates");
    private final AtomicReference<Runnable> certificates = new AtomicReference<>(noCertificatesYet);
    private final AtomicReference<Consumer<String>> renewal = new AtomicReference<>(
            certId -> notWired("Certificates (renewal)"));
    private final Consumer<TokenEvent> tokenListener = e -> countTokens();
    private volatile TokenRegistry registry;

    /**
     * Starts putting Pechatka on the desktop (returns at once; {@link #awaitVisible} waits).
     *
     * @param noTray  {@code --no-tray}
     * @param dataDir shown in About
     * @param logDir  the log folder, shown in About
     * @param initial the state to show first
     * @param quit    stops everything and exits (runs on the JavaFX thread: must not block it)
     */
    DesktopApp(boolean noTray, Path dataDir, Path logDir, AppStatus initial, Runnable quit) {
        this.status = new AtomicReference<>(initial);
        MenuActions actions = new MenuActions(() -> certificates.get().run(), () -> settings.get().run(),
                () -> trustedSites.get().run(), quit);
        AboutViewModel about = new AboutViewModel(Version.current(), WEBSITE, dataDir, AppDirs.defaultConfigDir(), logDir);
        this.shell = CompletableFuture.supplyAsync(() -> DesktopShell.start(noTray, pending, actions, about, initial),
                r -> Thread.ofPlatform().name("pechatka-desktop-start").daemon().start(r));
    }

    private static void notWired(String window) {
        // the app wires its windows once the endpoint is up; a click before that finds nothing to open
        LOG.log(System.Logger.Level.INFO, "the {0} window opens once Pechatka has started", window);
    }

    /** The request windows the dialogs register with (give it to FxPrompter). */
    PendingRequests pending() {
        return pending;
    }

    /** Opens Settings from the menu. */
    void settings(Runnable open) {
        settings.set(open);
    }

    /** Opens Settings at Trusted sites (menu, blocked-site notifications). */
    void trustedSites(Runnable open) {
        trustedSites.set(open);
    }

    /** Opens the Certificates window (default: DesktopShell.certificatesWindow over the token registry). */
    void certificates(Runnable open) {
        certificates.set(open);
    }

    /** The tokens to count in the status and to list in the certificates window. */
    void tokens(TokenRegistry tokens) {
        this.registry = tokens;
        certificates.compareAndSet(noCertificatesYet, DesktopShell.certificatesWindow(tokens));
        tokens.addListener(tokenListener);
        Thread.ofVirtual().name("pechatka-count-tokens").start(this::countTokens);
    }

    private void countTokens() {
        TokenRegistry r = registry;
        if (r != null) {
            int n = r.tokens().size();
            update(s -> s.withTokens(n));
        }
    }

    /** Changes the state shown (any thread). */
    void update(UnaryOperator<AppStatus> change) {
        AppStatus s = status.updateAndGet(change);
        shell.thenAccept(d -> d.status(s));
    }

    /** Starts the renewal of the certificate with a certId (the Certificates window's renewal, once wired). */
    void renewal(Consumer<String> start) {
        renewal.set(start);
    }

    /** The renewal an expiry reminder's action starts. */
    void renew(String certId) {
        renewal.get().accept(certId);
    }

    /** Shows notifications once the shell is up (any thread). */
    Notifier notifier() {
        return notice -> shell.thenAccept(d -> d.notifier().show(notice));
    }

    /** Server events: blocked sites become (rate-limited) notifications whose action opens Trusted sites. */
    ServerEvents serverEvents() {
        return new BlockedOriginNotices(notifier(), () -> trustedSites.get().run(), Clock.systemUTC());
    }

    /** Waits until Pechatka is visible on the desktop; returns how. */
    DesktopShell.Mode awaitVisible() {
        return shell.join().mode();
    }

    /** Another start asked this one to come to the front. */
    void focus() {
        shell.thenAccept(DesktopShell::bringToFront);
    }

    @Override
    public void close() {
        TokenRegistry r = registry;
        if (r != null) {
            r.removeListener(tokenListener);
        }
        shell.thenAccept(DesktopShell::close);
    }
}
