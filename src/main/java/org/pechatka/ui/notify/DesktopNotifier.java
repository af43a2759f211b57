package org.pechatka.ui.notify;

import java.util.function.Consumer;
import org.pechatka.desktop.Notice;
import org.pechatka.desktop.Notifier;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.tray.TrayPort;

/**
 * Puts a {@link Notice} into words in the person's language and shows it: as the tray's balloon
 * when there is a tray, else as a {@link ToastView} in the corner of the screen. The origin comes
 * from a web page, so it is shown as plain text, stripped of control and direction-changing
 * characters and shortened.
 */
public final class DesktopNotifier implements Notifier {

    /** Longest origin shown; longer ones keep their start and end. */
    static final int MAX_ORIGIN = 60;

    private final TrayPort tray;
    private final Consumer<Runnable> onFx;

    /**
     * @param tray the tray, or null when notifications go to corner windows
     * @param onFx runs a task on the JavaFX thread
     */
    public DesktopNotifier(TrayPort tray, Consumer<Runnable> onFx) {
        this.tray = tray;
        this.onFx = onFx;
    }

    @Override
    public void show(Notice notice) {
        Messages m = Messages.forScreen(DesktopNotifier.class);
        String key = switch (notice.kind()) {
            case REQUEST_WAITS -> "requestWaits";
            case ORIGIN_BLOCKED -> "originBlocked";
            case CERTIFICATE_EXPIRES -> "expires";
        };
        String title = m.get(key + ".title");
        String text = notice.kind() == Notice.Kind.CERTIFICATE_EXPIRES
                ? m.get(key + ".text", displayOrigin(notice.expiry().owner()),
                        new org.pechatka.ui.frame.Formats(m).date(notice.expiry().notAfter()), notice.expiry().daysLeft())
                : m.get(key + ".text", displayOrigin(notice.origin()));
        if (tray != null) {
            tray.notify(title, text, notice.action());
        } else {
            onFx.accept(() -> ToastView.show(title, text, m.get(key + ".action"), notice.action()));
        }
    }

    /** A site-controlled origin made safe to show: printable characters only, at most {@link #MAX_ORIGIN}. */
    public static String displayOrigin(String origin) {
        StringBuilder b = new StringBuilder();
        origin.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean invisible = Character.isISOControl(c) || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            b.appendCodePoint(invisible ? '?' : c);
        });
        String s = b.toString().strip();
        if (s.isEmpty()) {
            return "?";
        }
        if (s.codePointCount(0, s.length()) <= MAX_ORIGIN) {
            return s;
        }
        int[] cps = s.codePoints().toArray();
        int head = MAX_ORIGIN - 16;
        return new String(cps, 0, head) + "…" + new String(cps, cps.length - 15, 15);
    }
}
