package org.pechatka.ui;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;
import org.pechatka.desktop.AppStatus;
import org.pechatka.desktop.MenuActions;
import org.pechatka.desktop.Notice;
import org.pechatka.desktop.Notifier;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.about.AboutView;
import org.pechatka.ui.about.AboutViewModel;
import org.pechatka.ui.certificates.CertificatesView;
import org.pechatka.ui.certificates.CertificatesViewModel;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.notify.DesktopNotifier;
import org.pechatka.ui.status.StatusView;
import org.pechatka.ui.status.StatusViewModel;
import org.pechatka.ui.tray.AwtTray;
import org.pechatka.ui.tray.TrayPort;
import org.pechatka.ui.tray.TrayViewModel;

/**
 * The resident part of the desktop app: the tray icon, or the status window on desktops without a
 * tray, or neither ({@code --no-tray}); the pending state while a request waits; notifications.
 *
 * <p>The AWT tray needs no JavaFX, so it is put up on its own thread while JavaFX starts: the
 * icon is visible as soon as AWT is (well under the 2 s the desktop-app issue asks for). AWT
 * events are passed to the JavaFX thread; JavaFX objects are touched there only.
 */
public final class DesktopShell implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DesktopShell.class.getName());
    /** How long a new request window has to take the focus before a notification points to it. */
    static final Duration FOCUS_GRACE = Duration.millis(800);

    /** How the app is present on the desktop. */
    public enum Mode {
        /** An icon in the system tray. */
        TRAY,
        /** The status window (no tray on this desktop). */
        WINDOW,
        /** Neither ({@code --no-tray}): the dialogs only. */
        NONE;

        /** The word in the {@code ui ready: <mode>} line. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Mode mode;
    private final TrayPort tray;
    private final PendingRequests pending;
    private final MenuActions actions;
    private final AboutViewModel about;
    private final Notifier notifier;
    private final AtomicReference<AppStatus> status;
    private final StatusViewModel statusModel; // FX thread
    private StatusView statusView; // FX thread, made on first use
    private int lastCount; // FX thread

    private DesktopShell(Mode mode, TrayPort tray, PendingRequests pending, MenuActions actions,
            AboutViewModel about, AppStatus initial) {
        this.mode = mode;
        this.tray = tray;
        this.pending = pending;
        this.actions = actions;
        this.about = about;
        this.status = new AtomicReference<>(initial);
        this.notifier = new DesktopNotifier(tray, DesktopShell::onFx);
        this.statusModel = new StatusViewModel(Messages.forScreen(StatusView.class));
        statusModel.status(initial);
    }

    /**
     * Puts Pechatka on the desktop and returns when it is visible there (the tray icon shown, or the
     * status window; with {@code noTray} when JavaFX runs).
     *
     * @param noTray  {@code --no-tray}: neither tray nor status window
     * @param pending the shared request windows (the same instance the dialogs register with)
     * @param actions the menu's windows and Quit
     * @param about   what About shows
     * @param initial the state to show first
     */
    public static DesktopShell start(boolean noTray, PendingRequests pending, MenuActions actions,
            AboutViewModel about, AppStatus initial) {
        Objects.requireNonNull(pending, "pending");
        CompletableFuture<Void> fx = CompletableFuture.runAsync(FxPlatform::start,
                r -> Thread.ofPlatform().name("pechatka-fx-start").daemon().start(r));
        AtomicReference<DesktopShell> self = new AtomicReference<>();
        TrayPort tray = null;
        if (!noTray) {
            Messages m = Messages.forScreen(AwtTray.class);
            tray = AwtTray.install(m, actions, () -> whenMade(self, DesktopShell::bringToFront),
                    () -> whenMade(self, DesktopShell::showAbout), DesktopShell::onFx);
        }
        Mode mode = noTray ? Mode.NONE : tray != null ? Mode.TRAY : Mode.WINDOW;
        DesktopShell shell = new DesktopShell(mode, tray, pending, actions, about, initial);
        self.set(shell);
        if (tray != null) {
            tray.show(TrayViewModel.of(Messages.forScreen(AwtTray.class), initial, 0));
        }
        pending.addListener(shell::pendingChanged);
        if (tray != null) {
            TrayPort shown = tray;
            Messages.onLanguageChange(language -> {
                shown.relabel(Messages.forScreen(AwtTray.class, language));
                shell.refreshTray();
            });
        }
        if (mode == Mode.WINDOW) {
            fx.join();
            CompletableFuture<Void> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    shell.statusWindow().show();
                    shown.complete(null);
                } catch (RuntimeException e) {
                    shown.completeExceptionally(e);
                }
            });
            shown.join();
        } else if (mode == Mode.NONE) {
            fx.join();
        }
        return shell;
    }

    /** A click that arrives while the shell is still being made does nothing. */
    private static void whenMade(AtomicReference<DesktopShell> self, java.util.function.Consumer<DesktopShell> action) {
        DesktopShell s = self.get();
        if (s != null) {
            action.accept(s);
        }
    }

    /** Runs {@code r} on the JavaFX thread, starting JavaFX first if needed (any thread). */
    static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
            return;
        }
        FxPlatform.start();
        Platform.runLater(r);
    }

    public Mode mode() {
        return mode;
    }

    /** Where notifications go: the tray's balloon, else a window in the screen's corner. */
    public Notifier notifier() {
        return notifier;
    }

    /** The app's state changed (any thread). */
    public void status(AppStatus s) {
        status.set(s);
        onFx(() -> {
            statusModel.status(s);
            refreshTray();
        });
    }

    /** The newest waiting request to the front; when none waits, the status window (not with --no-tray). */
    public void bringToFront() {
        pending.bringToFront(() -> {
            if (mode != Mode.NONE) {
                statusWindow().show();
            }
        });
    }

    /** Opens About (FX thread or any). */
    public void showAbout() {
        onFx(() -> new AboutView(about).show());
    }

    /** The Certificates window over {@code registry}, without the tools other parts provide. */
    public static Runnable certificatesWindow(TokenRegistry registry) {
        return certificatesWindow(registry, org.pechatka.desktop.CertificateTools.NONE);
    }

    /**
     * The Certificates window over {@code registry} with {@code tools} (request, import, file
     * signing, trust store). One window at a time: opening it again brings it to the front.
     */
    public static Runnable certificatesWindow(TokenRegistry registry, org.pechatka.desktop.CertificateTools tools) {
        return certificatesWindow(registry, tools, null);
    }

    /**
     * The Certificates window as above, with each certificate's chain checked by {@code chains}
     * against the trust store (null: shown as not checked).
     */
    public static Runnable certificatesWindow(TokenRegistry registry, org.pechatka.desktop.CertificateTools tools,
            CertificatesViewModel.ChainValidator chains) {
        java.util.concurrent.atomic.AtomicReference<CertificatesView> open = new java.util.concurrent.atomic.AtomicReference<>();
        return () -> onFx(() -> {
            CertificatesView shown = open.get();
            if (shown != null && shown.stage().isShowing()) {
                shown.stage().toFront();
                shown.stage().requestFocus();
                return;
            }
            open.set(new CertificatesView(new CertificatesViewModel(registry, java.time.Clock.systemDefaultZone(), chains),
                    tools).show());
        });
    }

    private void pendingChanged(int count) {
        int before = lastCount;
        lastCount = count;
        statusModel.pending(count);
        refreshTray();
        if (count > before) {
            PendingRequests.Pending p = pending.newest();
            PauseTransition wait = new PauseTransition(FOCUS_GRACE);
            wait.setOnFinished(e -> checkFocus(p));
            wait.play();
        }
    }

    /** A request window that did not get the focus (the desktop refused it) is pointed out by a notification. */
    private void checkFocus(PendingRequests.Pending p) {
        if (p == null || !p.stage().isShowing() || p.stage().isFocused()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "a request window did not get the focus; notifying");
        notifier.show(new Notice(Notice.Kind.REQUEST_WAITS, p.origin(), this::bringToFront));
    }

    private void refreshTray() {
        if (tray != null) {
            tray.show(TrayViewModel.of(Messages.forScreen(AwtTray.class), status.get(), lastCount));
        }
    }

    private StatusView statusWindow() {
        if (statusView == null) {
            statusView = new StatusView(statusModel, actions, this::bringToFront, this::showAbout);
        }
        return statusView;
    }

    // ---- for tests ----------------------------------------------------------------------------------

    /** The tray, or null (tests). */
    public TrayPort tray() {
        return tray;
    }

    /** The status window if it was made (FX thread; tests). */
    public StatusView statusView() {
        return statusView;
    }

    /** Removes the tray icon and closes the status window. */
    @Override
    public void close() {
        if (tray != null) {
            tray.close();
        }
        if (Platform.isFxApplicationThread()) {
            closeWindow();
        } else {
            try {
                Platform.runLater(this::closeWindow);
            } catch (IllegalStateException notRunning) {
                // JavaFX never started: no window to close
            }
        }
    }

    private void closeWindow() {
        if (statusView != null) {
            statusView.stage().hide();
        }
    }
}
