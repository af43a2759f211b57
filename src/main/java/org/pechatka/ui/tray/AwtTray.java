package org.pechatka.ui.tray;

import java.awt.AWTException;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.pechatka.desktop.MenuActions;
import org.pechatka.ui.common.Messages;

/**
 * The tray icon through {@code java.awt.SystemTray}: needs no JavaFX, so it shows while JavaFX is
 * still starting. AWT calls its listeners on the AWT event thread; every action is handed to the
 * JavaFX thread through {@code onFx} (AWT and JavaFX each keep their own thread; nothing here
 * touches a JavaFX object).
 *
 * <p>Left click on the icon is the "activate" action (bring the waiting request to the front, else
 * the status window). A click on a notification balloon arrives, as on every AWT platform, as the
 * icon's action event: within a short time after a notification it runs the notification's
 * action.
 */
public final class AwtTray implements TrayPort {

    private static final System.Logger LOG = System.getLogger(AwtTray.class.getName());
    /** How long after a notification an action event means "the notification was clicked". */
    private static final long NOTICE_CLICK_NANOS = 30_000_000_000L;

    private final TrayIcon icon;
    private final PopupMenu menu = new PopupMenu();
    private final List<MenuItem> statusItems = new ArrayList<>();
    private final MenuItem openRequest;
    private final int size;
    private final Consumer<Runnable> onFx;
    private final Runnable activate;
    private final AtomicReference<NoticeClick> lastNotice = new AtomicReference<>();
    private volatile TrayState shown;

    private record NoticeClick(Runnable action, long at) {}

    private AwtTray(Messages m, MenuActions actions, Runnable activate, Runnable about, Consumer<Runnable> onFx) {
        this.onFx = onFx;
        this.activate = activate;
        Dimension d = SystemTray.getSystemTray().getTrayIconSize();
        this.size = Math.max(16, Math.min(d.width, d.height));
        this.icon = new TrayIcon(TrayIcons.draw(TrayState.IDLE, size), m.get("app.name"), menu);
        icon.setImageAutoSize(false); // drawn at the host's size: no blurry scaling
        shown = TrayState.IDLE;
        openRequest = item(m.get("menu.openRequest"), activate);
        menu.add(item(m.get("menu.certificates"), actions.certificates()));
        menu.add(item(m.get("menu.settings"), actions.settings()));
        menu.add(item(m.get("menu.trustedSites"), actions.trustedSites()));
        menu.addSeparator();
        menu.add(item(m.get("menu.about"), about));
        menu.add(item(m.get("menu.quit"), actions.quit()));
        icon.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getButton() == MouseEvent.BUTTON1 && e.getClickCount() == 1) {
                    onFx.accept(activate);
                }
            }
        });
        icon.addActionListener(e -> {
            NoticeClick n = lastNotice.getAndSet(null);
            if (n != null && System.nanoTime() - n.at() < NOTICE_CLICK_NANOS) {
                onFx.accept(n.action());
            } else {
                onFx.accept(activate);
            }
        });
    }

    /**
     * Puts Pechatka's icon in the system tray, or returns null when this desktop has no tray (no
     * tray host runs, or AWT has no display).
     *
     * @param m        the tray's texts
     * @param actions  the menu's windows
     * @param activate the left-click action
     * @param about    opens About
     * @param onFx     runs a task on the JavaFX thread (starting JavaFX if needed)
     */
    public static AwtTray install(Messages m, MenuActions actions, Runnable activate, Runnable about,
            Consumer<Runnable> onFx) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "false");
        }
        try {
            if (!SystemTray.isSupported()) {
                return null;
            }
            AwtTray tray = new AwtTray(m, actions, activate, about, onFx);
            SystemTray.getSystemTray().add(tray.icon);
            return tray;
        } catch (AWTException | UnsupportedOperationException e) { // HeadlessException included
            LOG.log(System.Logger.Level.INFO, "no system tray: {0}", e.getMessage());
            return null;
        }
    }

    private MenuItem item(String label, Runnable action) {
        MenuItem item = new MenuItem(label);
        item.addActionListener(e -> onFx.accept(action));
        return item;
    }

    @Override
    public void show(TrayViewModel view) {
        EventQueue.invokeLater(() -> {
            if (view.state() != shown) {
                icon.setImage(TrayIcons.draw(view.state(), size));
                shown = view.state();
            }
            icon.setToolTip(view.tooltip());
            for (MenuItem old : statusItems) {
                menu.remove(old);
            }
            menu.remove(openRequest);
            statusItems.clear();
            int at = 0;
            for (String line : view.statusLines()) {
                MenuItem item = new MenuItem(line);
                item.setEnabled(false);
                statusItems.add(item);
                menu.insert(item, at++);
                if (at == 1 && view.pending() > 0) {
                    menu.insert(openRequest, at++); // right below the line that says requests wait
                }
            }
            if (!(menu.getItemCount() > at && "-".equals(menu.getItem(at).getLabel()))) {
                menu.insertSeparator(at);
            }
        });
    }

    @Override
    public void notify(String title, String text, Runnable onClick) {
        lastNotice.set(new NoticeClick(onClick, System.nanoTime()));
        EventQueue.invokeLater(() -> icon.displayMessage(title, text, TrayIcon.MessageType.INFO));
    }

    @Override
    public void close() {
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }

    // ---- for tests: the AWT objects, which a robot cannot reach inside a tray host -----------------

    /** The AWT icon (tests). */
    public TrayIcon icon() {
        return icon;
    }

    /** The state the icon shows now (tests). */
    public TrayState shownState() {
        return shown;
    }

    /** The menu (tests). */
    public PopupMenu menu() {
        return menu;
    }
}
