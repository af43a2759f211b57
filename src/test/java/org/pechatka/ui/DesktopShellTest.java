package org.pechatka.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.EventQueue;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.event.ActionEvent;
import java.awt.event.MouseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pechatka.desktop.AppStatus;
import org.pechatka.desktop.MenuActions;
import org.pechatka.desktop.Notice;
import org.pechatka.testing.TrayHost;
import org.pechatka.ui.about.AboutView;
import org.pechatka.ui.about.AboutViewModel;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.notify.DesktopNotifier;
import org.pechatka.ui.notify.ToastView;
import org.pechatka.ui.status.StatusView;
import org.pechatka.ui.tray.AwtTray;
import org.pechatka.ui.tray.TrayState;
import org.testfx.api.FxRobot;

/**
 * The resident shell on a real display: the status window when no tray host runs, the AWT tray icon
 * in a real tray host (trayer) with its pending and problem states and its menu, notifications in
 * the screen's corner, and About. Screenshots go to target/screenshots/tray.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopShellTest {

    private static final Path SHOTS = Path.of("target/screenshots/tray");
    private static final AppStatus LISTENING = new AppStatus(27321, AppStatus.Phase.LISTENING, 2, false);

    private final FxRobot robot = new FxRobot();
    private final List<String> ran = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final PendingRequests pending = new PendingRequests();
    private final MenuActions actions = new MenuActions(() -> ranOnFx("certificates"), () -> ranOnFx("settings"),
            () -> ranOnFx("trustedSites"), () -> ranOnFx("quit"));

    @BeforeAll
    static void display() throws Exception {
        FxPlatform.start();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        Fx.on(() -> {
            for (Window w : new ArrayList<>(Window.getWindows())) {
                w.hide();
            }
            return null;
        });
        Messages.use(Language.EN);
    }

    private void ranOnFx(String what) {
        synchronized (ran) {
            ran.add(what + (Platform.isFxApplicationThread() ? "@fx" : "@other"));
        }
    }

    private DesktopShell shell(boolean noTray, AppStatus status) {
        DesktopShell s = DesktopShell.start(noTray, pending, actions, about(), status);
        cleanup.add(s);
        return s;
    }

    private static AboutViewModel about() {
        return new AboutViewModel("1.2.3-test", "https://pechatka.org", Path.of("/home/user/.local/share/pechatka"),
                Path.of("/home/user/.config/pechatka"), null);
    }

    // ---- no tray host: the status window ----------------------------------------------------------

    @Test
    @Order(1) // before any test starts a tray host
    void whenNoTrayHostRuns_thenTheStatusWindowShowsTheStateAndTheWaitingRequest() throws Exception {
        assertThat(SystemTray.isSupported()).as("bare Xvfb has no tray").isFalse();
        DesktopShell shell = shell(false, LISTENING);
        assertThat(shell.mode()).isEqualTo(DesktopShell.Mode.WINDOW);
        StatusView view = Fx.on(shell::statusView);
        Stage window = view.stage();
        assertThat(Fx.on(window::isShowing)).isTrue();
        assertThat(window.getTitle()).isEqualTo("Pechatka — Status");
        assertThat(texts(window)).contains("Listening on port 27321", "Tokens connected: 2");
        assertThat(Fx.on(() -> robot.lookup("Show the waiting request").tryQuery().map(n -> n.getParent().isVisible())
                .orElse(false))).isFalse();

        double withoutPending = Fx.on(window::getHeight);
        Stage request = openRequest("https://portal.gov.by");
        focusElsewhere();
        waitFor(() -> texts(window).contains("Requests waiting for you: 1"));
        waitFor(() -> fxGet(() -> window.getHeight() > withoutPending + 20)); // grows to show it all
        snapshot(window, "status-window-pending-en");
        // the request window lacks the focus, so a notification points to it (it takes the focus itself)
        waitFor(() -> fxGet(() -> toast() != null));
        Fx.on(() -> {
            window.toFront(); // the person goes to the status window (it lies under the browser here)
            return null;
        });
        robot.clickOn("Show the waiting request");
        waitFor(() -> fxGet(request::isFocused));

        Fx.on(() -> {
            request.close();
            pending.closed(request);
            return null;
        });
        waitFor(() -> !texts(window).contains("Requests waiting for you: 1"));
        robot.clickOn("Certificates…").clickOn("Settings…").clickOn("Trusted sites…");
        waitFor(() -> ranCount() == 3);
        assertThat(ran).containsExactly("certificates@fx", "settings@fx", "trustedSites@fx");

        // closing asks; "Minimise" keeps Pechatka running
        Platform.runLater(() -> window.fireEvent(new javafx.stage.WindowEvent(window,
                javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitFor(() -> fxGet(() -> robot.lookup("Minimise").tryQuery().isPresent()));
        snapshot(robot.lookup("Minimise").query().getScene().getWindow(), "status-window-quit-en");
        robot.type(KeyCode.ENTER); // the default is the safe choice
        waitFor(() -> fxGet(window::isIconified));
        assertThat(ran).doesNotContain("quit@fx");

        // in Belarusian and Russian too, for the screenshots
        for (Language l : List.of(Language.BE, Language.RU)) {
            Messages.use(l);
            StatusView other = Fx.on(() -> {
                StatusView v = new StatusView(new org.pechatka.ui.status.StatusViewModel(
                        Messages.forScreen(StatusView.class)), actions, () -> {}, () -> {});
                v.show();
                return v;
            });
            snapshot(other.stage(), "status-window-" + l.tag());
            Fx.on(() -> {
                other.stage().hide();
                return null;
            });
        }
    }

    // ---- a tray host: the AWT icon ----------------------------------------------------------------

    @Test
    void whenATrayHostRuns_thenTheIconShowsAndFollowsWaitingRequestsAndProblems() throws Exception {
        TrayHost host = TrayHost.start();
        cleanup.add(host);
        DesktopShell shell = shell(false, LISTENING);
        assertThat(shell.mode()).isEqualTo(DesktopShell.Mode.TRAY);
        AwtTray tray = (AwtTray) shell.tray();
        assertThat(SystemTray.getSystemTray().getTrayIcons()).contains(tray.icon());
        awaitAwt();
        assertThat(tray.shownState()).isEqualTo(TrayState.IDLE);
        assertThat(tray.icon().getToolTip()).isEqualTo("Pechatka — Listening on port 27321 · Tokens connected: 2");
        assertThat(labels(tray.menu())).startsWith("Listening on port 27321", "Tokens connected: 2", "-",
                "Certificates…", "Settings…", "Trusted sites…", "-", "About Pechatka", "Quit Pechatka");
        screen("tray-idle");

        Stage request = openRequest("https://portal.gov.by");
        waitFor(() -> awt(tray::shownState) == TrayState.PENDING);
        assertThat(awt(() -> tray.icon().getToolTip())).contains("Requests waiting for you: 1");
        assertThat(awt(() -> labels(tray.menu()))).startsWith("Requests waiting for you: 1", "Open the waiting request");
        screen("tray-pending");

        // a left click brings the waiting request to the front
        focusElsewhere();
        waitFor(() -> fxGet(() -> !request.isFocused()));
        click(tray);
        waitFor(() -> fxGet(request::isFocused));

        Fx.on(() -> {
            request.close();
            pending.closed(request);
            return null;
        });
        waitFor(() -> awt(tray::shownState) == TrayState.IDLE);

        shell.status(LISTENING.withPhase(AppStatus.Phase.PORT_BUSY));
        waitFor(() -> awt(tray::shownState) == TrayState.PROBLEM);
        assertThat(awt(() -> labels(tray.menu()))).contains("Port 27321 is busy: portals cannot reach Pechatka");
        screen("tray-problem");
    }

    @Test
    void whenMenuItemsAreChosen_thenTheirWindowsOpenOnTheFxThread() throws Exception {
        TrayHost host = TrayHost.start();
        cleanup.add(host);
        DesktopShell shell = shell(false, LISTENING);
        AwtTray tray = (AwtTray) shell.tray();
        awaitAwt();
        for (String label : List.of("Certificates…", "Settings…", "Trusted sites…", "Quit Pechatka")) {
            MenuItem item = awt(() -> item(tray.menu(), label));
            EventQueue.invokeAndWait(() -> item.dispatchEvent(new ActionEvent(item, ActionEvent.ACTION_PERFORMED, "")));
        }
        waitFor(() -> ranCount() == 4);
        assertThat(ran).containsExactly("certificates@fx", "settings@fx", "trustedSites@fx", "quit@fx");

        MenuItem aboutItem = awt(() -> item(tray.menu(), "About Pechatka"));
        EventQueue.invokeAndWait(() -> aboutItem.dispatchEvent(new ActionEvent(aboutItem,
                ActionEvent.ACTION_PERFORMED, "")));
        waitFor(() -> fxGet(() -> robot.lookup("Copy version").tryQuery().isPresent()));

        // a status line cannot be chosen
        assertThat(awt(() -> item(tray.menu(), "Listening on port 27321").isEnabled())).isFalse();

        // a language chosen in Settings relabels the running tray's menu
        org.pechatka.ui.common.Language before = org.pechatka.ui.common.Messages.current();
        try {
            org.pechatka.ui.common.Messages.use(org.pechatka.ui.common.Language.BE);
            waitFor(() -> awt(() -> labels(tray.menu())).contains("Налады…"));
            assertThat(awt(() -> labels(tray.menu()))).contains("Выйсці з Pechatka").doesNotContain("Settings…");
        } finally {
            org.pechatka.ui.common.Messages.use(before);
        }
    }

    @Test
    void whenATrayNotificationIsClicked_thenItsActionRuns() throws Exception {
        TrayHost host = TrayHost.start();
        cleanup.add(host);
        DesktopShell shell = shell(false, LISTENING);
        AwtTray tray = (AwtTray) shell.tray();
        shell.notifier().show(new Notice(Notice.Kind.ORIGIN_BLOCKED, "https://evil.example",
                () -> ranOnFx("trustedSites")));
        awaitAwt();
        screen("tray-notification");
        // AWT reports a click on the balloon as the icon's action event
        EventQueue.invokeAndWait(() -> {
            for (var l : tray.icon().getActionListeners()) {
                l.actionPerformed(new ActionEvent(tray.icon(), ActionEvent.ACTION_PERFORMED, ""));
            }
        });
        waitFor(() -> ranCount() == 1);
        assertThat(ran).containsExactly("trustedSites@fx");
    }

    // ---- notifications without a tray -------------------------------------------------------------

    @Test
    void whenACertificateExpiresSoon_thenTheNotificationNamesItsOwnerAndDateAndItsButtonStartsRenewal()
            throws Exception {
        DesktopNotifier notifier = new DesktopNotifier(null, DesktopShell::onFx);
        java.time.Instant notAfter = java.time.Instant.parse("2026-12-23T12:00:00Z");
        notifier.show(Notice.expires(new Notice.Expiry("Лабадзенка Алесь Яўгенавіч", notAfter, 30),
                () -> ranOnFx("renew")));
        waitFor(() -> fxGet(() -> toast() != null));
        Stage toast = Fx.on(DesktopShellTest::toast);
        assertThat(texts(toast)).contains(
                "The certificate “Лабадзенка Алесь Яўгенавіч” expires on 23 Dec 2026, in 30 days.");
        snapshot(toast, "toast-expires-en");
        robot.clickOn("Renew…");
        waitFor(() -> ranCount() == 1);
        assertThat(ran).containsExactly("renew@fx");
        for (Language l : List.of(Language.BE, Language.RU)) {
            Messages.use(l);
            try {
                notifier.show(Notice.expires(new Notice.Expiry("Лабадзенка Алесь Яўгенавіч", notAfter, 7), () -> {}));
                waitFor(() -> fxGet(() -> toast() != null));
                assertThat(texts(Fx.on(DesktopShellTest::toast))).contains(l == Language.BE ? "(засталося дзён: 7)"
                        : "(осталось дней: 7)");
                snapshot(Fx.on(DesktopShellTest::toast), "toast-expires-" + l.tag());
                Fx.on(() -> {
                    toast().hide();
                    return null;
                });
            } finally {
                Messages.use(Language.EN);
            }
        }
    }

    @Test
    void whenThereIsNoTray_thenANotificationIsACornerWindowWhoseButtonRunsTheAction() throws Exception {
        DesktopNotifier notifier = new DesktopNotifier(null, DesktopShell::onFx);
        notifier.show(new Notice(Notice.Kind.ORIGIN_BLOCKED, "https://evil.example\u202e/moc.elgoog",
                () -> ranOnFx("trustedSites")));
        waitFor(() -> fxGet(() -> toast() != null));
        Stage toast = Fx.on(DesktopShellTest::toast);
        assertThat(toast.getTitle()).isEqualTo("Pechatka — Notification");
        assertThat(toast.isAlwaysOnTop()).isTrue();
        assertThat(texts(toast)).contains("The site https://evil.example?/moc.elgoog tried to use Pechatka and was "
                + "refused: it is not one of your trusted sites. If you trust it, add it in Trusted sites.");
        var bounds = javafx.stage.Screen.getPrimary().getVisualBounds();
        // in the corner once its size has settled (the window moves itself after its first layout)
        waitFor(() -> fxGet(() -> toast.getX() + toast.getWidth() > bounds.getMaxX() - 40
                && toast.getY() + toast.getHeight() > bounds.getMaxY() - 40));
        assertThat(Fx.on(() -> toast.getX() + toast.getWidth())).isLessThanOrEqualTo(bounds.getMaxX());
        snapshot(toast, "toast-blocked-en");
        robot.clickOn("Trusted sites…");
        waitFor(() -> ranCount() == 1);
        assertThat(ran).containsExactly("trustedSites@fx");
        assertThat(Fx.on(toast::isShowing)).isFalse();

        for (Language l : List.of(Language.BE, Language.RU)) {
            Messages.use(l);
            notifier.show(new Notice(Notice.Kind.REQUEST_WAITS, "https://portal.gov.by", () -> {}));
            waitFor(() -> fxGet(() -> toast() != null));
            snapshot(Fx.on(DesktopShellTest::toast), "toast-waits-" + l.tag());
            Fx.on(() -> {
                toast().hide();
                return null;
            });
        }
    }

    @Test
    void whenARequestWindowDoesNotGetTheFocus_thenANotificationPointsToIt() throws Exception {
        DesktopShell shell = shell(true, LISTENING);
        assertThat(shell.mode()).isEqualTo(DesktopShell.Mode.NONE);
        Stage request = Fx.on(() -> {
            Stage s = new Stage();
            s.setTitle("Pechatka — request");
            s.setScene(new javafx.scene.Scene(new Label("request"), 300, 100));
            s.show();
            pending.opened(s, "https://portal.gov.by");
            return s;
        });
        focusElsewhere(); // as when the desktop refuses the focus to the request window
        waitFor(() -> fxGet(() -> toast() != null));
        assertThat(Fx.on(request::isFocused)).isFalse();
        assertThat(texts(Fx.on(DesktopShellTest::toast))).contains(
                "https://portal.gov.by waits for your answer in a Pechatka window. Click to open it.");
        robot.clickOn("Open");
        waitFor(() -> fxGet(request::isFocused));

        // a request window that takes the focus needs no notification
        Stage focused = openRequest("https://nalog.gov.by");
        Thread.sleep((long) DesktopShell.FOCUS_GRACE.toMillis() + 400);
        assertThat(Fx.on(focused::isFocused)).isTrue();
        assertThat(Fx.on(DesktopShellTest::toast)).isNull();
    }

    // ---- About ------------------------------------------------------------------------------------

    @Test
    void whenAboutOpens_thenItShowsTheVersionAndCopiesIt() throws Exception {
        for (Language l : List.of(Language.BE, Language.RU, Language.EN)) {
            Messages.use(l);
            AboutView v = Fx.on(() -> new AboutView(about()).show());
            snapshot(v.stage(), "about-" + l.tag());
            if (l != Language.EN) {
                Fx.on(() -> {
                    v.stage().hide();
                    return null;
                });
            }
        }
        Stage about = robot.lookup("Copy version").query().getScene().getWindow() instanceof Stage s ? s : null;
        assertThat(about).isNotNull();
        assertThat(about.getTitle()).isEqualTo("Pechatka — About");
        assertThat(Fx.on(() -> robot.lookup(".text-field").queryAll().stream()
                .map(n -> ((javafx.scene.control.TextField) n).getText()).toList()))
                .contains("1.2.3-test", "https://pechatka.org");
        assertThat(texts(about)).contains("Apache License 2.0");
        robot.clickOn("Copy version");
        assertThat(Fx.on(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()))
                .startsWith("Pechatka 1.2.3-test (Java 25");
        robot.type(KeyCode.ESCAPE);
        waitFor(() -> fxGet(() -> !about.isShowing()));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Stage openRequest(String origin) throws Exception {
        return Fx.on(() -> {
            Stage s = new Stage();
            s.setTitle("Pechatka — request");
            s.setScene(new javafx.scene.Scene(new Button("Allow"), 300, 100));
            s.show();
            s.toFront();
            s.requestFocus();
            pending.opened(s, origin);
            return s;
        });
    }

    /** Another window (the browser, say) takes the focus. */
    private static void focusElsewhere() throws Exception {
        Fx.on(() -> {
            Stage browser = new Stage();
            browser.setTitle("browser");
            browser.setScene(new javafx.scene.Scene(new Button("page"), 400, 300));
            browser.show();
            browser.toFront();
            browser.requestFocus();
            return null;
        });
    }

    private static Stage toast() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Stage s && s.isShowing() && s.getTitle() != null
                    && s.getScene().getRoot().getStyleClass().contains("toast")) {
                return s;
            }
        }
        return null;
    }

    private static void click(AwtTray tray) throws Exception {
        EventQueue.invokeAndWait(() -> {
            MouseEvent e = new MouseEvent(new java.awt.Canvas(), MouseEvent.MOUSE_CLICKED, System.currentTimeMillis(),
                    0, 5, 5, 1, false, MouseEvent.BUTTON1);
            for (var l : tray.icon().getMouseListeners()) {
                l.mouseClicked(e);
            }
        });
    }

    private static List<String> labels(PopupMenu menu) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < menu.getItemCount(); i++) {
            l.add(menu.getItem(i).getLabel());
        }
        return l;
    }

    private static MenuItem item(PopupMenu menu, String label) {
        for (int i = 0; i < menu.getItemCount(); i++) {
            if (menu.getItem(i).getLabel().equals(label)) {
                return menu.getItem(i);
            }
        }
        throw new AssertionError("no menu item " + label + " in " + labels(menu));
    }

    private int ranCount() {
        synchronized (ran) {
            return ran.size();
        }
    }

    /** Every text shown in the window's labels (FX thread). */
    private static String texts(Window w) {
        return fxGet(() -> String.join("\n", w.getScene().getRoot().lookupAll(".label").stream()
                .map(n -> ((Label) n).getText()).filter(t -> t != null).toList()));
    }

    private static void awaitAwt() throws Exception {
        EventQueue.invokeAndWait(() -> {});
    }

    private static <T> T awt(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            EventQueue.invokeAndWait(() -> {
                try {
                    f.complete(c.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fxGet(Callable<T> c) {
        try {
            return Fx.on(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(30);
        }
    }

    private static void snapshot(Window w, String name) throws Exception {
        Fx.savePng(w.getScene(), SHOTS.resolve(name + ".png"));
    }

    /** The bottom-right corner of the whole screen, where trayer sits (the icon as the tray host draws it). */
    private static void screen(String name) throws Exception {
        Thread.sleep(300);
        java.awt.Rectangle corner = new java.awt.Rectangle(1280 - 420, 1024 - 200, 420, 200);
        java.awt.image.BufferedImage img = new java.awt.Robot().createScreenCapture(corner);
        javax.imageio.ImageIO.write(img, "png", SHOTS.resolve(name + ".png").toFile());
    }
}
